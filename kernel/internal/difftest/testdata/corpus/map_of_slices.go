package main

import (
	"fmt"
	"sort"
	"strings"
)

func main() {
	words := strings.Fields("apple avocado banana blueberry cherry apricot")
	byLetter := map[byte][]string{}
	for _, w := range words {
		byLetter[w[0]] = append(byLetter[w[0]], w)
	}
	var letters []int
	for l := range byLetter {
		letters = append(letters, int(l))
	}
	sort.Ints(letters)
	for _, l := range letters {
		fmt.Printf("%c: %v\n", l, byLetter[byte(l)])
	}
}
