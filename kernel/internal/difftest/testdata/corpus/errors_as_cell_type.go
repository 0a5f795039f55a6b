package main

import (
	"errors"
	"fmt"
)

type ValidationError struct {
	Field string
}

func (v *ValidationError) Error() string { return "invalid " + v.Field }

func check(age int) error {
	if age < 0 {
		return fmt.Errorf("check: %w", &ValidationError{"age"})
	}
	return nil
}

func main() {
	err := check(-1)
	var ve *ValidationError
	if errors.As(err, &ve) {
		fmt.Println("field:", ve.Field)
	}
	fmt.Println(err)
	fmt.Println(errors.As(check(3), &ve))
}
