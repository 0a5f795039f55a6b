package main

import (
	"fmt"
	"math"
)

type P struct{ X, Y float64 }

func id(x float64) float64        { return x }
func idP(p P) P                   { return p }
func idC(c complex128) complex128 { return c }
func idV(xs ...float64) []float64 { return xs }

func main() {
	// -0 passed to a declared function keeps its sign in Go.
	nz := math.Copysign(0, -1)
	fmt.Println(id(nz), idP(P{nz, nz}), idC(complex(nz, nz)))
	// Through a function value and a variadic parameter too.
	f := id
	fmt.Println(f(nz), idV(nz, nz), math.Signbit(id(nz)))
}
