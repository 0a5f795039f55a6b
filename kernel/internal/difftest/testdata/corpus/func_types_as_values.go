package main

import "fmt"

type BinOp func(float64, float64) float64

func (op BinOp) Twice(a, b float64) float64 { return op(op(a, b), b) }

var ops = map[string]BinOp{
	"+": func(a, b float64) float64 { return a + b },
	"*": func(a, b float64) float64 { return a * b },
}

func main() {
	fmt.Println(ops["+"].Twice(1, 2), ops["*"].Twice(3, 2))
	var nilOp BinOp
	fmt.Println(nilOp == nil)
}
