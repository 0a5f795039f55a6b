package main

import (
	"fmt"
	"strconv"
)

func main() {
	vals := []float64{0, 1, 1.5, 1e21, 1e-7, 123456789.0, 2.0 / 3}
	for _, v := range vals {
		fmt.Println(v, strconv.FormatFloat(v, 'g', -1, 64), float32(v))
	}
	fmt.Printf("%6.2f|%-8.3e|%g\n", 3.14159, 1234.5678, 0.000012)
}
