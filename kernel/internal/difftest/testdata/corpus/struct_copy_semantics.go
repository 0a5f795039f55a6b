package main

import "fmt"

type Inner struct{ Vals []int }
type Outer struct {
	N  int
	In Inner
	P  *Inner
}

func main() {
	a := Outer{1, Inner{[]int{1}}, &Inner{[]int{2}}}
	b := a
	b.N = 2
	b.In.Vals[0] = 100
	b.P.Vals[0] = 200
	b.In = Inner{[]int{9}}
	fmt.Println(a.N, a.In.Vals, a.P.Vals, b.In.Vals)
}
