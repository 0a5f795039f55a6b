package main

import "fmt"

func main() {
	var adders []func(int) int
	for _, base := range []int{1, 10, 100} {
		adders = append(adders, func(x int) int { return base + x })
	}
	for _, a := range adders {
		fmt.Println(a(5))
	}
}
