package main

import "fmt"

type Inner struct{ X, Y int }
type Outer struct {
	Inner
	X string
}

func main() {
	o := Outer{Inner{1, 2}, "outer"}
	fmt.Println(o.X, o.Y, o.Inner.X)
	o.Y = 20
	fmt.Println(o.Inner.Y)
}
