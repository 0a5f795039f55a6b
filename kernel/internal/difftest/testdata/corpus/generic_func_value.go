package main

import "fmt"

func Identity[T any](v T) T { return v }

func Apply[T any](v T, fs ...func(T) T) T {
	for _, f := range fs {
		v = f(v)
	}
	return v
}

func main() {
	id := Identity[int]
	fmt.Println(id(5))
	fmt.Println(Apply(2, func(x int) int { return x + 1 }, func(x int) int { return x * 10 }))
}
