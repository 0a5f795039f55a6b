package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

type Ages map[string]int

func (a Ages) Total() (t int) {
	for _, v := range a {
		t += v
	}
	return
}

type point struct{ x, y int }

func main() {
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	fmt.Println(slices.Sorted(maps.Keys(m)), slices.Sorted(maps.Values(m)))
	ks := maps.Keys(m)
	n := 0
	for k := range ks {
		n += len(k)
	}
	fmt.Println(n, len(slices.Collect(maps.Values(m))))
	for i, v := range slices.All([]string{"x", "y"}) {
		fmt.Print(i, v, " ")
	}
	for i, v := range slices.Backward([]int{1, 2, 3}) {
		if i == 0 {
			break
		}
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	fmt.Println(slices.Collect(strings.SplitSeq("a,b,c", ",")), slices.Sorted(slices.Values([]float64{2, 1})))
	ag := Ages{"z": 9, "y": 8}
	fmt.Println(slices.SortedFunc(maps.Keys(ag), func(a, b string) int { return strings.Compare(b, a) }))
	sum := 0
	for k, v := range maps.All(ag) {
		sum += v + len(k)
	}
	fmt.Println(sum, slices.Sorted(maps.Keys(map[int]bool{})) == nil)
	c := maps.Clone(ag)
	c["x"] = 1
	fmt.Printf("%T %d %d\n", c, c.Total(), ag.Total())
	grid := map[point]string{{1, 2}: "a", {0, 5}: "b", {1, 0}: "c"}
	ps := slices.SortedFunc(maps.Keys(grid), func(p, q point) int {
		if p.x != q.x {
			return p.x - q.x
		}
		return p.y - q.y
	})
	for _, p := range ps {
		fmt.Print(p, grid[p], " ")
	}
	fmt.Println()
}
