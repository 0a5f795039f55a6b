package main

import (
	"fmt"
	"sort"
	"strings"
)

func main() {
	text := "the quick the lazy the end quick"
	count := map[string]int{}
	for _, w := range strings.Fields(text) {
		count[w]++
	}
	type wc struct {
		w string
		c int
	}
	var list []wc
	for w, c := range count {
		list = append(list, wc{w, c})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].c != list[j].c {
			return list[i].c > list[j].c
		}
		return list[i].w < list[j].w
	})
	for _, e := range list {
		fmt.Println(e.w, e.c)
	}
}
