package main

import "fmt"

func pairs(n int) func(func(int, int) bool) {
	return func(yield func(int, int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i, i*i) {
				return
			}
		}
	}
}

func sumSquares(n int) int {
	s := 0
	for _, sq := range pairs(n) {
		s += sq
	}
	return s
}

func main() {
	fmt.Println(sumSquares(4))
}
