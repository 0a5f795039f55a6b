package main

import (
	"fmt"
	"slices"
	"strings"
)

type person struct {
	name string
	age  int
}

func main() {
	xs := []int{5, 2, 8, 1, 9, 3}
	slices.Sort(xs)
	fmt.Println(xs)
	ps := []person{{"bob", 30}, {"ann", 25}, {"cid", 30}}
	slices.SortStableFunc(ps, func(a, b person) int { return a.age - b.age })
	fmt.Println(ps)
	words := []string{"Banana", "apple", "Cherry"}
	slices.SortFunc(words, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	fmt.Println(words)
}
