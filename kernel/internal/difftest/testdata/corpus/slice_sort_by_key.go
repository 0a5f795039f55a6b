package main

import (
	"fmt"
	"sort"
)

type rec struct {
	k string
	v int
}

func main() {
	rs := []rec{{"b", 2}, {"a", 2}, {"c", 1}}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].v < rs[j].v })
	fmt.Println(rs)
	sort.Slice(rs, func(i, j int) bool { return rs[i].k > rs[j].k })
	fmt.Println(rs)
}
