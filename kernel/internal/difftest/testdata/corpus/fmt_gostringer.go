package main

import "fmt"

type Secret string

func (s Secret) GoString() string { return `Secret("***")` }
func (s Secret) String() string   { return "***" }

func main() {
	s := Secret("hunter2")
	fmt.Printf("%v %s %#v\n", s, s, s)
	fmt.Println(s)
}
