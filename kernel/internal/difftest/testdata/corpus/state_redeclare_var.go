package main

import "fmt"

func main() {
	x := 1
	fmt.Println(x)
	x, y := 2, 3
	fmt.Println(x, y)
	y, z := 4, "z"
	fmt.Println(x, y, z)
}
