package main

import "fmt"

func div(a, b int) int { return a / b }

func main() {
	fmt.Println(div(7, 2))
	zero := 0
	fmt.Println(div(1, zero))
}
