package main

import (
	"fmt"
	"strings"
)

type Greeter interface{ Greet(string) string }

type loud struct{}

func (loud) Greet(n string) string { return strings.ToUpper("hi " + n) }

func main() {
	var g Greeter = loud{}
	f := g.Greet
	fmt.Println(f("ann"))
	h := Greeter.Greet
	fmt.Println(h(loud{}, "bob"))
}
