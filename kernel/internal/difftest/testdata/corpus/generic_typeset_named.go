package main

import "fmt"

type Celsius float64

type Float interface{ ~float32 | ~float64 }

func Average[T Float](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s / T(len(xs))
}

func main() {
	fmt.Println(Average[Celsius](20, 22, 27))
	fmt.Printf("%.2f\n", Average(1.0, 2.0))
}
