package main

import "fmt"

type P struct{ x int }

func (p P) Add(d int) int  { return p.x + d }
func (p *P) Scale(k int)   { p.x *= k }
func (p P) String() string { return fmt.Sprint("P", p.x) }

func main() {
	add := P.Add
	scale := (*P).Scale
	p := P{3}
	fmt.Println(add(p, 4))
	scale(&p, 5)
	fmt.Println(p.x)
	str := P.String
	fmt.Println(str(p))
}
