package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

type rec struct {
	key, id int
}

type byKey []rec

// next is a small deterministic generator (a linear congruential one).
func next(s *uint32) int {
	*s = *s*1664525 + 1013904223
	return int(*s >> 24)
}

func main() {
	var s uint32 = 7
	var rs byKey
	for i := range 300 {
		rs = append(rs, rec{next(&s) % 10, i})
	}
	us := slices.Clone(rs)
	calls := 0
	slices.SortFunc(us, func(a, b rec) int { calls++; return cmp.Compare(a.key, b.key) })
	// Equal keys: the unstable sort's order of ids is Go's.
	fmt.Println(calls, us[:12], us[150:160], us[290:])
	st := slices.Clone(rs)
	calls = 0
	slices.SortStableFunc(st, func(a, b rec) int { calls++; return a.key - b.key })
	stable := true
	for k := 1; k < len(st); k++ {
		if st[k-1].key == st[k].key && st[k-1].id > st[k].id {
			stable = false
		}
	}
	fmt.Println(calls, stable, st[:8], slices.IsSortedFunc(st, func(a, b rec) int { return a.key - b.key }))
	byID := func(a, b rec) int { return a.key - b.key }
	fmt.Println(slices.MaxFunc(rs, byID), slices.MinFunc(rs, byID))
	i, ok := slices.BinarySearchFunc(st, 4, func(r rec, k int) int { return r.key - k })
	fmt.Println(i, ok, st[i])
	var trace []string
	ws := []string{"delta", "Alpha", "charlie", "bravo", "alpha"}
	slices.SortFunc(ws, func(a, b string) int {
		trace = append(trace, a[:1]+b[:1])
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	})
	fmt.Println(ws, trace)
	sorter := func(xs []int) int {
		slices.Sort(xs)
		return slices.Max(xs) - slices.Min(xs)
	}
	fmt.Println(sorter([]int{4, 9, -2}))
}
