package main

import (
	"errors"
	"fmt"
)

type Timeout struct{ Op string }

func (t Timeout) Error() string { return t.Op + ": timeout" }
func (t Timeout) Is(target error) bool {
	_, ok := target.(Timeout)
	return ok
}

func main() {
	err := fmt.Errorf("outer: %w", Timeout{"read"})
	fmt.Println(errors.Is(err, Timeout{}))
	fmt.Println(errors.Is(err, errors.New("read: timeout")))
	fmt.Println(err)
}
