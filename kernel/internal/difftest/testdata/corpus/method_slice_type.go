package main

import (
	"fmt"
	"sort"
)

type Ints []int

func (s Ints) Len() int           { return len(s) }
func (s Ints) Less(i, j int) bool { return s[i] > s[j] }
func (s Ints) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }
func (s Ints) Sum() (t int) {
	for _, v := range s {
		t += v
	}
	return
}

func main() {
	s := Ints{3, 1, 4, 1, 5}
	sort.Sort(s)
	fmt.Println(s, s.Sum())
}
