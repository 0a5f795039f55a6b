package main

import "fmt"

var base = 10

var derived = base * 2

func describe() string { return fmt.Sprint("base=", base, " derived=", derived) }

func main() {
	fmt.Println(describe())
	base = 1
	fmt.Println(describe())
}
