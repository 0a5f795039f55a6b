package main

import "fmt"

func inner() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("inner saw", r)
			panic(fmt.Sprint("again: ", r))
		}
	}()
	panic("first")
}

func outer() {
	defer func() {
		fmt.Println("outer saw", recover())
	}()
	inner()
}

func main() {
	outer()
	fmt.Println("survived")
}
