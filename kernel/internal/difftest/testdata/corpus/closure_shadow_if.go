package main

import (
	"fmt"
	"strconv"
)

func main() {
	v := "outer"
	n, err := strconv.Atoi("42")
	if n, err := strconv.Atoi("x"); err != nil {
		fmt.Println("inner failed", n)
	}
	fmt.Println(n, err, v)
	if v := 3; v > 2 {
		v := "shadowed again"
		fmt.Println(v)
	}
	fmt.Println(v)
}
