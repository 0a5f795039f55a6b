package main

import (
	"fmt"
	"math"
)

type Celsius float32

func main() {
	// The builtins order -0 below +0 (min picks -0, max +0, in any
	// argument order); < alone does not, so a helper must see the sign.
	z, nz := 0.0, math.Copysign(0, -1)
	fmt.Println(min(z, nz), min(nz, z), max(z, nz), max(nz, z))
	fmt.Println(1/min(z, nz), 1/max(nz, z), min(z, z, nz, z), max(nz, nz, z, nz))
	var c, nc Celsius = 0, Celsius(nz)
	fmt.Println(min(c, nc), max(nc, c), min(nc, 1), max(nc, -1))
	f, nf := float32(0), float32(nz)
	fmt.Println(min(f, nf), max(nf, f), min(nf, nf), max(nf, nf))
	// NaN still wins; ints and strings are unchanged.
	fmt.Println(min(nz, math.NaN(), z), max(z, nz, math.Inf(-1)), min(0, -0), max("a", "b"))
}
