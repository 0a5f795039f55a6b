package main

import "fmt"

func run() (out string) {
	x := "first"
	defer func() { out = out + " then " + x }()
	x = "second"
	return "start"
}

func main() {
	fmt.Println(run())
}
