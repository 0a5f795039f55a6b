package main

import "fmt"

type Number interface{ ~int | ~float64 }

func Scale[T Number](xs []T, k T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = x * k
	}
	return out
}

func main() {
	fmt.Println(Scale[int]([]int{1, 2}, 3))
	fmt.Println(Scale[float64]([]float64{0.5}, 4))
}
