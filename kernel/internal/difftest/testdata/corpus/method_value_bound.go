package main

import "fmt"

type T struct{ name string }

func (t T) Hello() string { return "hello " + t.name }

func main() {
	t := T{"a"}
	h := t.Hello
	t.name = "b"
	fmt.Println(h(), t.Hello())
	fs := []func() string{}
	for _, n := range []string{"x", "y"} {
		fs = append(fs, T{n}.Hello)
	}
	for _, f := range fs {
		fmt.Println(f())
	}
}
