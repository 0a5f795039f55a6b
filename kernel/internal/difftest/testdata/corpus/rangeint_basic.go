package main

import "fmt"

func main() {
	for i := range 3 {
		fmt.Print(i, " ")
	}
	fmt.Println()
	n := 4
	sum := 0
	for i := range n {
		sum += i
	}
	fmt.Println(sum)
	for range 2 {
		fmt.Println("twice")
	}
	var u uint8 = 3
	for i := range u {
		fmt.Printf("%T %v\n", i, i)
	}
}
