package main

import "fmt"

type Speaker interface{ Speak() string }
type cat struct{}

func (cat) Speak() string { return "meow" }

var _ Speaker = cat{}

func main() {
	var s Speaker = cat{}
	fmt.Println(s.Speak())
}
