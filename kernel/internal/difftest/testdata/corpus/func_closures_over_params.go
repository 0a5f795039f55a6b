package main

import "fmt"

func multiplier(k int) func(int) int {
	return func(x int) int {
		k++
		return x * k
	}
}

func main() {
	m := multiplier(2)
	fmt.Println(m(10), m(10), m(10))
}
