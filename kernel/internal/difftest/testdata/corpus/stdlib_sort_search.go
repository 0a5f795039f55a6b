package main

import (
	"fmt"
	"sort"
)

func main() {
	xs := []int{1, 3, 5, 7, 9}
	i := sort.SearchInts(xs, 6)
	fmt.Println(i)
	j := sort.Search(len(xs), func(k int) bool { return xs[k] >= 9 })
	fmt.Println(j)
	fs := []float64{2.5, -1, 3}
	sort.Float64s(fs)
	fmt.Println(fs, sort.Float64sAreSorted(fs))
	ss := []string{"b", "a"}
	sort.Sort(sort.Reverse(sort.StringSlice(ss)))
	fmt.Println(ss)
}
