package main

import "fmt"

func makeAll(n int) []func() int {
	var fs []func() int
	for i := range n {
		fs = append(fs, func() int { return i * 10 })
	}
	return fs
}

func main() {
	for _, f := range makeAll(3) {
		fmt.Println(f())
	}
}
