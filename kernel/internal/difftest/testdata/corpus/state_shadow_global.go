package main

import "fmt"

var name = "global"

func show() { fmt.Println("show:", name) }

func main() {
	show()
	name := "local"
	fmt.Println(name)
	show()
}
