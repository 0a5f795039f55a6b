package main

import "fmt"

type Op interface{ Apply(int) int }
type add int
type mul int

func (a add) Apply(x int) int { return x + int(a) }
func (m mul) Apply(x int) int { return x * int(m) }

func main() {
	ops := []Op{add(2), mul(3), add(-1)}
	x := 1
	for _, o := range ops {
		x = o.Apply(x)
	}
	fmt.Println(x)
}
