package main

import "fmt"

type A struct{ a int }

func (x A) Who() string { return fmt.Sprint("A", x.a) }

type B struct {
	A
	b int
}
type C struct {
	B
	c int
}

func main() {
	v := C{B{A{1}, 2}, 3}
	fmt.Println(v.a, v.b, v.c, v.Who())
	v.a = 10
	fmt.Println(v.B.A.a, v.Who())
}
