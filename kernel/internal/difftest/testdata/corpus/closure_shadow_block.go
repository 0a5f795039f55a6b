package main

import "fmt"

func main() {
	x := 1
	{
		x := 2
		x++
		fmt.Println("inner", x)
	}
	fmt.Println("outer", x)
	if x := 10; x > 5 {
		fmt.Println("if", x)
	}
	fmt.Println("after", x)
}
