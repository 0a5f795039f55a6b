package main

import (
	"fmt"
	"slices"
)

func spread(xs []float64) float64 {
	return slices.Max(xs) - slices.Min(xs)
}

func main() {
	fmt.Println(spread([]float64{2, 7, 1}))
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		fmt.Println(slices.MinFunc([]string{}, func(a, b string) int { return len(a) - len(b) }))
	}()
	fmt.Println(spread(nil))
}
