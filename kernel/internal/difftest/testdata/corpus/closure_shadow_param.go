package main

import "fmt"

func apply(x int, f func(int) int) int { return f(x) }

func main() {
	x := 5
	y := apply(3, func(x int) int { return x * 2 })
	fmt.Println(x, y)
	f := func() int {
		x := x + 100
		return x
	}
	fmt.Println(f(), x)
}
