package main

import (
	"errors"
	"fmt"
)

var ErrBad = errors.New("bad thing")

func risky() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %w", r.(error))
		}
	}()
	panic(ErrBad)
}

func main() {
	err := risky()
	fmt.Println(err, errors.Is(err, ErrBad))
}
