package main

import "fmt"

func main() {
	var fib func(int) int
	fib = func(n int) int {
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	for i := 0; i < 10; i++ {
		fmt.Print(fib(i), " ")
	}
	fmt.Println()
}
