package main

import "fmt"

type Code string

func (c Code) String() string { return "<" + string(c) + ">" }

func main() {
	fmt.Printf("[%10v][%-8s][%q]\n", Code("ab"), Code("c"), Code("d"))
	fmt.Printf("%x\n", Code("A"))
}
