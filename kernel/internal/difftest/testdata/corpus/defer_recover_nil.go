package main

import "fmt"

func main() {
	fmt.Println(recover())
	defer func() {
		r := recover()
		fmt.Println("in defer:", r)
	}()
	fmt.Println("no panic here")
}
