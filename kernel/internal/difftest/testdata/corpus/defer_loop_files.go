package main

import "fmt"

type res struct{ name string }

func (r *res) Close() { fmt.Println("close", r.name) }

func open(name string) *res {
	fmt.Println("open", name)
	return &res{name}
}

func work() {
	for _, n := range []string{"a", "b", "c"} {
		r := open(n)
		defer r.Close()
	}
	fmt.Println("working")
}

func main() {
	work()
}
