package main

import "fmt"

func run() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Print(i, " ") }()
	}
}

func main() {
	run()
	fmt.Println()
}
