package main

import "fmt"

type Base struct{}

func (Base) Hello() string   { return "base hello" }
func (b Base) Intro() string { return "intro: " + b.Hello() }

type Derived struct{ Base }

func (Derived) Hello() string { return "derived hello" }

func main() {
	d := Derived{}
	fmt.Println(d.Hello())
	fmt.Println(d.Intro())
	fmt.Println(d.Base.Hello())
}
