package main

import (
	"fmt"
	"slices"
)

func main() {
	xs := []string{"a", "b", "c"}
	for i, v := range slices.All(xs) {
		fmt.Println(i, v)
	}
	for i, v := range slices.Backward(xs) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	fmt.Println(slices.Collect(slices.Values(xs)))
}
