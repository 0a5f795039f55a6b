package main

import "fmt"

func main() {
	fmt.Println("exit code test")
	panic(42)
}
