package main

import (
	"fmt"
	"slices"
)

func main() {
	xs := []int{1, 2, 2, 3, 3, 3, 4}
	xs = slices.Compact(xs)
	fmt.Println(xs)
	xs = slices.Insert(xs, 1, 10, 11)
	fmt.Println(xs)
	xs = slices.Delete(xs, 0, 2)
	fmt.Println(xs)
	ys := slices.Clone(xs)
	slices.Reverse(ys)
	fmt.Println(xs, ys, slices.Equal(xs, ys))
}
