package main

import "fmt"

func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("main recovered:", r)
		}
	}()
	fmt.Println("before")
	var m map[string]int
	m["x"] = 1
	fmt.Println("not reached")
}
