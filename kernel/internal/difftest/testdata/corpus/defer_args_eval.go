package main

import "fmt"

func show(tag string, v int) { fmt.Println(tag, v) }

func main() {
	x := 1
	defer show("at defer time", x)
	defer func() { show("at exit", x) }()
	x = 2
	fmt.Println("x is", x)
}
