package main

import (
	"fmt"
	"sort"
)

func main() {
	m := map[int]bool{}
	for i := 0; i < 10; i++ {
		m[i] = i%3 == 0
	}
	for k, v := range m {
		if !v {
			delete(m, k)
		}
	}
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	fmt.Println(ks)
}
