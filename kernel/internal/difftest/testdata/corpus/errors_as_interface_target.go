package main

import (
	"errors"
	"fmt"
)

type coder interface{ Code() int }

type apiErr struct{ code int }

func (a apiErr) Error() string { return fmt.Sprint("api error ", a.code) }
func (a apiErr) Code() int     { return a.code }

func main() {
	err := fmt.Errorf("call: %w", apiErr{503})
	var c coder
	if errors.As(err, &c) {
		fmt.Println("code", c.Code())
	}
}
