package main

import "fmt"

type P struct {
	N string
	V int
}

func main() {
	ps := []P{{"a", 1}, {"b", 2}}
	clear(ps)
	fmt.Printf("%+v %d\n", ps, len(ps))
	m := map[P]bool{{"x", 1}: true}
	clear(m)
	fmt.Println(len(m))
}
