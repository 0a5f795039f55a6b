package main

import "fmt"

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func MakePair[K comparable, V any](k K, v V) Pair[K, V] { return Pair[K, V]{k, v} }

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=>%v", p.Key, p.Val) }

func main() {
	p := MakePair("x", 3)
	fmt.Println(p.Key, p.Val)
	q := Pair[int, []string]{1, []string{"a"}}
	fmt.Println(q.Key, q.Val)
	fmt.Println(p.String())
}
