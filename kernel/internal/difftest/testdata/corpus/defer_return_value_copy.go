package main

import "fmt"

func f() int {
	x := 1
	defer func() { x = 99 }()
	return x
}

func g() (x int) {
	x = 1
	defer func() { x = 99 }()
	return x
}

func main() {
	fmt.Println(f(), g())
}
