package main

import "fmt"

type BadInput struct{ Field string }

func (b BadInput) Error() string { return "bad input: " + b.Field }

func validate(s string) {
	if s == "" {
		panic(BadInput{"name"})
	}
}

func main() {
	validate("x")
	fmt.Println("validated")
	validate("")
}
