package main

import (
	"errors"
	"fmt"
)

func double(n int) (r int) {
	defer func() { r *= 2 }()
	return n + 1
}

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if e := recover(); e != nil {
			err = errors.New("division failed")
		}
	}()
	q = a / b
	return
}

func main() {
	fmt.Println(double(4))
	fmt.Println(safeDiv(7, 2))
	fmt.Println(safeDiv(1, 0))
}
