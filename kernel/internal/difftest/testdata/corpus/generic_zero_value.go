package main

import "fmt"

func Zero[T any]() T {
	var z T
	return z
}

func FirstOr[T any](xs []T, def T) T {
	if len(xs) == 0 {
		return def
	}
	return xs[0]
}

func main() {
	fmt.Printf("%q %v %v\n", Zero[string](), Zero[int](), Zero[*int]() == nil)
	fmt.Println(FirstOr([]int{}, 9), FirstOr([]string{"a"}, "z"))
}
