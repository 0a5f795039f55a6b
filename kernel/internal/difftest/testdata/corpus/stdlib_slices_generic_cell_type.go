package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Task struct {
	Pri  int
	Name string
}

func main() {
	ts := []Task{{3, "c"}, {1, "a"}, {2, "b"}}
	slices.SortFunc(ts, func(a, b Task) int { return cmp.Compare(a.Pri, b.Pri) })
	fmt.Println(ts)
	i := slices.IndexFunc(ts, func(t Task) bool { return t.Name == "b" })
	fmt.Println(i, slices.ContainsFunc(ts, func(t Task) bool { return t.Pri > 5 }))
	best := slices.MaxFunc(ts, func(a, b Task) int { return cmp.Compare(a.Pri, b.Pri) })
	fmt.Println(best.Name)
}
