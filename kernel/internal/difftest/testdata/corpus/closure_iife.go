package main

import "fmt"

func main() {
	total := func(xs ...int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	}(1, 2, 3, 4)
	fmt.Println(total)
	func() {
		fmt.Println("immediately")
	}()
	msg := func(s string) string { return "<" + s + ">" }("x")
	fmt.Println(msg)
}
