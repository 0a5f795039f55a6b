package main

import "fmt"

func grade(n int) string {
	s := ""
	switch {
	case n >= 90:
		s += "A"
		fallthrough
	case n >= 80:
		s += "B"
		fallthrough
	case n >= 70:
		s += "C"
	default:
		s += "F"
	}
	return s
}

func main() {
	for _, n := range []int{95, 85, 75, 10} {
		fmt.Println(n, grade(n))
	}
}
