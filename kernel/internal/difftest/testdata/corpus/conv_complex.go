package main

import (
	"fmt"
	"math/cmplx"
)

func main() {
	c := complex(3, 4)
	fmt.Println(c, real(c), imag(c), cmplx.Abs(c))
	d := c * c
	fmt.Println(d, c/complex(0, 1))
	var c64 complex64 = complex64(c)
	fmt.Println(c64)
}
