package main

import "fmt"

type K struct{ a, b int }

func main() {
	var x, y interface{} = K{1, 2}, K{1, 2}
	fmt.Println(x == y)
	var z interface{} = K{2, 1}
	fmt.Println(x == z)
	var i interface{} = 3
	var f interface{} = 3.0
	fmt.Println(i == f, i == 3)
}
