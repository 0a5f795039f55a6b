package main

import "fmt"

type Named interface{ Name() string }
type person struct{ n string }

func (p person) Name() string { return p.n }

func main() {
	var x interface{} = person{"ann"}
	if n, ok := x.(Named); ok {
		fmt.Println("named", n.Name())
	}
	if _, ok := x.(fmt.Stringer); !ok {
		fmt.Println("not a Stringer")
	}
	p := x.(person)
	fmt.Println(p.n)
	var y interface{} = 3
	s, ok := y.(string)
	fmt.Printf("%q %v\n", s, ok)
}
