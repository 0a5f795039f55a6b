package main

import "fmt"

func main() {
	var fs []func() int
	for k := 0; k < 3; k++ {
		fs = append(fs, func() int { return k })
	}
	for _, f := range fs {
		fmt.Print(f())
	}
	fmt.Println()
}
