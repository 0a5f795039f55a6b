package main

import "fmt"

type Point struct {
	X, Y int
	Tag  string
}

func main() {
	p := Point{1, 2, "a"}
	fmt.Printf("%v\n", p)
	fmt.Printf("%+v\n", p)
	fmt.Printf("%#v\n", p)
	fmt.Printf("%T\n", p)
	pp := &p
	fmt.Printf("%v %+v\n", pp, pp)
}
