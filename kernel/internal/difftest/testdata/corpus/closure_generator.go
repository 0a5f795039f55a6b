package main

import "fmt"

func gen(start, step int) func() int {
	cur := start - step
	return func() int {
		cur += step
		return cur
	}
}

func main() {
	odd := gen(1, 2)
	ten := gen(0, 10)
	for i := 0; i < 4; i++ {
		fmt.Println(odd(), ten())
	}
}
