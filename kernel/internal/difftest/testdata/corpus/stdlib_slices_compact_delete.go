package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

type Words []string

func main() {
	xs := []int{1, 1, 2, 3, 3, 3, 4, 1}
	full := xs[:cap(xs)]
	ys := slices.Compact(xs)
	fmt.Println(ys, full, len(ys), cap(ys))
	ws := Words{"a", "B", "b", "c", "C"}
	ws2 := slices.CompactFunc(ws, strings.EqualFold)
	fmt.Printf("%v %T %v\n", ws2, ws2, ws)
	zs := []int{0, 1, 2, 3, 4, 5}
	zs2 := slices.Delete(zs, 1, 3)
	fmt.Println(zs2, zs)
	fmt.Println(slices.Delete(zs2, 2, 2))
	fs := []float64{math.NaN(), math.NaN(), 1, 1}
	fmt.Println(slices.Compact(fs))
	es := []int{1, 2, 3, 4, 5, 6}
	odd := slices.DeleteFunc(es, func(v int) bool { return v%2 == 0 })
	fmt.Println(odd, es)
	var nilS []int
	fmt.Println(slices.Compact(nilS) == nil, slices.DeleteFunc(nilS, func(int) bool { return true }) == nil)
	defer func() { fmt.Println("recovered:", recover() != nil) }()
	fmt.Println(slices.Delete(zs, 3, 9))
}
