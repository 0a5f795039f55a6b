package main

import (
	"errors"
	"fmt"
)

type failure struct{ code int }

func (f failure) Error() string { return fmt.Sprintf("failure %d", f.code) }

func run() (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			}
		}
	}()
	panic(failure{7})
}

func main() {
	err := run()
	fmt.Println(err)
	var f failure
	fmt.Println(errors.As(err, &f), f.code)
}
