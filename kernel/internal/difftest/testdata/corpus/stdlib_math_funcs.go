package main

import (
	"fmt"
	"math"
)

func main() {
	fmt.Println(math.Sqrt(2), math.Pow(2, 10), math.Floor(-2.5), math.Ceil(2.1))
	fmt.Println(math.Round(2.5), math.Trunc(-2.7), math.Mod(7, 3), math.Hypot(3, 4))
	fmt.Printf("%.6f %.6f\n", math.Sin(math.Pi/6), math.Log(math.E))
	fmt.Println(math.MaxFloat32 > 1e38, math.IsNaN(math.NaN()), math.Signbit(-0.0))
	fmt.Println(math.Abs(-3), math.Max(3, 7), math.Min(-1, 2))
}
