package main

import (
	"errors"
	"fmt"
)

var ErrEmpty = errors.New("empty input")

func parse(s string) error {
	if s == "" {
		return fmt.Errorf("parse: %w", ErrEmpty)
	}
	return nil
}

func main() {
	err := parse("")
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrEmpty), err == ErrEmpty)
	fmt.Println(errors.Is(parse("x"), ErrEmpty))
}
