package main

import (
	"fmt"
	"sort"
)

type Set[T comparable] map[T]struct{}

func (s Set[T]) Add(v T)           { s[v] = struct{}{} }
func (s Set[T]) Has(v T) bool      { _, ok := s[v]; return ok }
func NewSet[T comparable]() Set[T] { return Set[T]{} }

func main() {
	s := NewSet[string]()
	s.Add("x")
	s.Add("y")
	s.Add("x")
	fmt.Println(len(s), s.Has("x"), s.Has("z"))
	var keys []string
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
}
