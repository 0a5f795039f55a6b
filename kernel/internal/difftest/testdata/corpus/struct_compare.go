package main

import "fmt"

type P struct {
	X, Y int
	Name string
}

func main() {
	a := P{1, 2, "a"}
	b := P{1, 2, "a"}
	c := P{Y: 2, X: 1}
	fmt.Println(a == b, a == c, c.Name == "")
	arr1 := [2]P{a, c}
	arr2 := [2]P{b, c}
	fmt.Println(arr1 == arr2)
}
