package main

import (
	"fmt"
	"math"
	"slices"
)

type Celsius float64

type Temps []Celsius

func main() {
	nan := math.NaN()
	negz := math.Copysign(0, -1)
	xs := []float64{3, nan, 1, -2, negz, 0, nan, math.Inf(-1), 0, negz}
	slices.Sort(xs)
	fmt.Println(xs, slices.IsSorted(xs))
	fmt.Println(slices.Max(xs), slices.Min(xs))
	fmt.Println(slices.Max([]float64{1, nan, 5}), slices.Min([]float64{nan, -1}))
	zs := []float64{0, negz}
	fmt.Println(slices.Max(zs), slices.Min(zs), slices.Max(zs[1:]), slices.Min(zs[:1]))
	fmt.Println(slices.Max([]float64{negz, 0}), slices.Min([]float64{negz, 0}))
	f32 := []float32{2.5, float32(nan), -1, float32(negz), 0}
	slices.Sort(f32)
	fmt.Println(f32, slices.Max(f32[1:]), slices.Min(f32[1:]))
	ts := Temps{21.5, -3, Celsius(negz), 0, 37}
	slices.Sort(ts)
	fmt.Println(ts, slices.Max(ts), slices.Min(ts), slices.IsSorted(ts))
	i, found := slices.BinarySearch(ts, 21.5)
	fmt.Println(i, found)
	i, found = slices.BinarySearch(xs, nan)
	fmt.Println(i, found)
	is := []int8{5, -3, 127, -128, 0}
	slices.Sort(is)
	fmt.Println(is, slices.Max(is), slices.Min(is))
	ws := []string{"pear", "Apple", "fig", "apple"}
	slices.Sort(ws)
	fmt.Println(ws, slices.Max(ws), slices.Min(ws))
}
