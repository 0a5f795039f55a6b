package main

import "fmt"

func main() {
	i := 100
	for i := 0; i < 3; i++ {
		fmt.Print(i, " ")
	}
	fmt.Println(i)
	s := []int{7, 8}
	for i, s := range s {
		fmt.Println(i, s)
	}
	fmt.Println(len(s), i)
}
