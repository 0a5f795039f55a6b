package main

import "fmt"

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

func main() {
	best := min(10, 20)
	worst := max(best, 15)
	fmt.Println(best, worst)
	for _, v := range []int{-5, 5, 50} {
		fmt.Print(clamp(v, 0, 10), " ")
	}
	fmt.Println()
}
