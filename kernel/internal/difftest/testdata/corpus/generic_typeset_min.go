package main

import "fmt"

type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64
}

func Clamp[T Integer](v, lo, hi T) T {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

type Level int8

func main() {
	fmt.Println(Clamp(15, 0, 10))
	fmt.Println(Clamp(Level(-3), 0, 5))
	var x int64 = 7
	fmt.Println(Clamp(x, 0, 5))
}
