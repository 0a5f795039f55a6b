package main

import (
	"cmp"
	"fmt"
	"sort"
)

func SortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

func main() {
	fmt.Println(SortedKeys(map[string]bool{"b": true, "a": false, "c": true}))
	fmt.Println(SortedKeys(map[int]string{3: "c", 1: "a"}))
}
