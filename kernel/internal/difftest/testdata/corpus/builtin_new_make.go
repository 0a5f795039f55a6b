package main

import "fmt"

type T struct {
	A int
	B []string
}

func main() {
	p := new(int)
	*p = 7
	t := new(T)
	t.B = append(t.B, "x")
	fmt.Println(*p, t.A, t.B)
	m := make(map[string][]int)
	m["a"] = append(m["a"], 1, 2)
	fmt.Println(m)
	q := &T{A: 1}
	fmt.Println(q.A, q.B == nil)
}
