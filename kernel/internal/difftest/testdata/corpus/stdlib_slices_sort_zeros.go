package main

import (
	"fmt"
	"math"
	"slices"
)

type C float32

func main() {
	// Many equal elements that print differently (-0 and +0): where each
	// ends up is the sort algorithm's, and must be Go's.
	vals := []float32{0, float32(math.Copysign(0, -1)), 1, float32(math.NaN()), -2}
	var s uint32 = 11
	var fs []float32
	var cs []C
	var ds []float64
	var is []int16
	var us []uint64
	for range 120 {
		s = s*1664525 + 1013904223
		v := vals[s>>29%5]
		fs = append(fs, v)
		cs = append(cs, C(v))
		ds = append(ds, float64(v))
		is = append(is, int16(s>>20))
		us = append(us, uint64(s)<<32)
	}
	slices.Sort(fs)
	slices.Sort(cs)
	slices.Sort(ds)
	slices.Sort(is)
	slices.Sort(us)
	fmt.Println(fs)
	fmt.Println(cs)
	fmt.Println(ds)
	fmt.Println(is[:10], is[110:], us[:3], us[117:])
	fmt.Println(slices.Sorted(slices.Values([]float32{0, float32(math.Copysign(0, -1)), 0})))
}
