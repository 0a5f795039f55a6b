package main

import "fmt"

func main() {
	f := 3.99
	fmt.Println(int(f), int(-f), uint8(int(f)))
	i := 300
	fmt.Println(uint8(i), int8(i), float32(i)/7)
	var big int64 = 1<<40 + 3
	fmt.Println(int32(big), uint16(big))
	fmt.Println(float64(7)/2, 7/2, float64(7/2))
}
