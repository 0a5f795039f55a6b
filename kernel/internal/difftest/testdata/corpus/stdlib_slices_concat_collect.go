package main

import (
	"fmt"
	"maps"
	"slices"
)

type Row []int

type Tab map[string]int

func main() {
	a, b := Row{1, 2}, Row{3}
	c := slices.Concat(a, b, nil, Row{4, 5, 6})
	fmt.Printf("%T %v %d %d\n", c, c, len(c), cap(c))
	parts := [][]string{{"x"}, {}, {"y", "z"}}
	d := slices.Concat(parts...)
	fmt.Println(d, len(d), cap(d), slices.Concat[[]int]() == nil, slices.Concat([]int{}, nil) == nil)
	big := slices.Concat(make([]byte, 100), make([]byte, 3))
	fmt.Println(len(big), cap(big))
	e := slices.AppendSeq(Row{9}, slices.Values([]int{8, 7}))
	fmt.Printf("%T %v\n", e, e)
	m := maps.Collect(maps.All(map[string]int{"a": 1, "b": 2}))
	t := Tab{"c": 3}
	maps.Insert(t, maps.All(m))
	fmt.Println(len(m), slices.Sorted(maps.Keys(t)), t["a"]+t["b"]+t["c"])
	fmt.Println(slices.Collect(maps.Keys(maps.Collect(slices.All([]string{"p"})))))
}
