package main

import (
	"cmp"
	"fmt"
)

type Tree[T cmp.Ordered] struct {
	root *tnode[T]
}

type tnode[T cmp.Ordered] struct {
	v           T
	left, right *tnode[T]
}

func (t *Tree[T]) Insert(v T) {
	p := &t.root
	for *p != nil {
		if v < (*p).v {
			p = &(*p).left
		} else {
			p = &(*p).right
		}
	}
	*p = &tnode[T]{v: v}
}

func (t *Tree[T]) Walk(f func(T)) { walk(t.root, f) }

func walk[T cmp.Ordered](n *tnode[T], f func(T)) {
	if n == nil {
		return
	}
	walk(n.left, f)
	f(n.v)
	walk(n.right, f)
}

func main() {
	var t Tree[int]
	for _, v := range []int{5, 2, 8, 1, 9} {
		t.Insert(v)
	}
	t.Walk(func(v int) { fmt.Print(v, " ") })
	fmt.Println()
}
