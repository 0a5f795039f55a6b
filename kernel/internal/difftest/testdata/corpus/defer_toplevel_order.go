package main

import "fmt"

func main() {
	fmt.Println("one")
	defer fmt.Println("deferred two")
	fmt.Println("three")
	defer fmt.Println("deferred one")
	fmt.Println("four")
}
