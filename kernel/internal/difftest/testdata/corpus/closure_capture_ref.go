package main

import "fmt"

func main() {
	x := 1
	inc := func() { x++ }
	get := func() int { return x }
	inc()
	inc()
	fmt.Println(x, get())
	x = 10
	fmt.Println(get())
}
