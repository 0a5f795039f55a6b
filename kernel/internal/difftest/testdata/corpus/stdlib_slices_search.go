package main

import (
	"fmt"
	"slices"
)

func main() {
	xs := []int{10, 20, 30, 40}
	fmt.Println(slices.Index(xs, 30), slices.Index(xs, 35))
	fmt.Println(slices.Contains(xs, 20))
	i, found := slices.BinarySearch(xs, 25)
	fmt.Println(i, found)
	fmt.Println(slices.IndexFunc(xs, func(v int) bool { return v > 15 }))
	fmt.Println(slices.Max(xs), slices.Min(xs))
}
