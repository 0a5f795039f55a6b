package main

import (
	"fmt"
	"sort"
)

func main() {
	g := map[string]map[string]int{}
	add := func(a, b string, w int) {
		if g[a] == nil {
			g[a] = map[string]int{}
		}
		g[a][b] = w
	}
	add("x", "y", 1)
	add("x", "z", 2)
	add("y", "z", 3)
	var keys []string
	for k := range g {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, len(g[k]), g[k]["z"])
	}
	fmt.Println(g["nope"]["z"])
}
