package main

import "fmt"

type Item struct{ N int }

func main() {
	items := []*Item{{1}, {2}, {3}}
	for _, it := range items {
		it.N *= 10
	}
	for _, it := range items {
		fmt.Print(it.N, " ")
	}
	fmt.Println()
	vals := []Item{{1}, {2}}
	for _, it := range vals {
		it.N *= 10
	}
	for i := range vals {
		vals[i].N += 1
	}
	fmt.Println(vals)
}
