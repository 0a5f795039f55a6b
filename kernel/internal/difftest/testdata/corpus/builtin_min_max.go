package main

import "fmt"

func main() {
	fmt.Println(min(3, 1, 2), max(3, 1, 2))
	x, y := 2.5, -1.0
	fmt.Println(min(x, y), max(x, y, 10))
	fmt.Println(min("b", "a", "c"), max("b", "a"))
	const c = min(4, 7)
	fmt.Println(c)
	var n int8 = 5
	fmt.Println(max(n, 3))
}
