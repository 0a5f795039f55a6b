package main

import "fmt"

type Acc struct{ total int }

func (a Acc) AddCopy(n int) Acc { a.total += n; return a }
func (a *Acc) Add(n int)        { a.total += n }

func main() {
	a := Acc{}
	b := a.AddCopy(5)
	a.Add(1)
	fmt.Println(a.total, b.total)
	f := a.AddCopy
	a.Add(100)
	fmt.Println(f(1).total, a.total)
}
