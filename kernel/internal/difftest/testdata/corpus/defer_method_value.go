package main

import "fmt"

type T struct{ n int }

func (t T) Show()     { fmt.Println("value", t.n) }
func (t *T) ShowPtr() { fmt.Println("pointer", t.n) }

func main() {
	t := T{1}
	defer t.Show()
	defer t.ShowPtr()
	t.n = 2
}
