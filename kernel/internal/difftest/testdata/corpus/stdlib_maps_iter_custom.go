package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	m := map[int]string{1: "one", 2: "two", 3: "three"}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Println(k, m[k])
	}
	inv := map[string]int{}
	for k, v := range maps.All(m) {
		inv[v] = k
	}
	fmt.Println(inv["two"], len(inv))
	maps.DeleteFunc(m, func(k int, v string) bool { return k%2 == 1 })
	fmt.Println(m)
}
