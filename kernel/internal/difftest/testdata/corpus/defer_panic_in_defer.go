package main

import "fmt"

func main() {
	defer func() {
		fmt.Println("last:", recover())
	}()
	defer func() {
		panic("second")
	}()
	panic("first")
}
