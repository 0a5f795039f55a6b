package main

import (
	"fmt"
	"math"
)

const big = 1 << 100
const huge = big * big
const small = huge >> 195

func main() {
	fmt.Println(small)
	fmt.Println(big / (1 << 98))
	var f float32 = math.Pi
	var g float64 = math.Pi
	fmt.Println(f, g)
	const third = 1.0 / 3
	fmt.Println(third*3 == 1, third)
}
