package main

import "fmt"

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func main() {
	xs := []int{1, 2, 3, 4, 5}
	sq := Map(xs, func(x int) int { return x * x })
	fmt.Println(sq)
	fmt.Println(Filter(sq, func(x int) bool { return x%2 == 1 }))
	fmt.Println(Map(xs, func(x int) string { return fmt.Sprint("#", x) }))
}
