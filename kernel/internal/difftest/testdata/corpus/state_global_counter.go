package main

import "fmt"

var calls int

func track(name string) {
	calls++
	fmt.Println(calls, name)
}

func main() {
	track("a")
	track("b")
	calls = 10
	track("c")
	fmt.Println(calls)
}
