package main

import (
	"fmt"
	"math"
)

const eps = 1e-9

func almost(a, b float64) bool { return math.Abs(a-b) < eps }

func main() {
	fmt.Println(almost(0.1+0.2, 0.3), 0.1+0.2 == 0.3)
	x, y := 0.1, 0.2
	fmt.Println(x+y == 0.3)
	fmt.Println(math.MaxInt64, math.MinInt8, math.MaxUint16)
	fmt.Println(math.Inf(1), -math.Inf(1), math.NaN() == math.NaN())
}
