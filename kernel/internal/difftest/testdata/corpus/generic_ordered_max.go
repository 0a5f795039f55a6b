package main

import (
	"cmp"
	"fmt"
)

func Largest[T cmp.Ordered](xs []T) T {
	m := xs[0]
	for _, x := range xs[1:] {
		if x > m {
			m = x
		}
	}
	return m
}

func main() {
	fmt.Println(Largest([]int{3, 9, 2}))
	fmt.Println(Largest([]string{"pear", "apple", "zoo"}))
	fmt.Println(Largest([]float64{-1, -0.5}))
}
