package main

import (
	"fmt"
	"unicode"
)

func main() {
	s := "Hello, World"
	var up, low, other int
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			up++
		case unicode.IsLower(r):
			low++
		default:
			other++
		}
	}
	fmt.Println(up, low, other)
	b := s[0] + 1
	r := rune(s[1]) - 32
	fmt.Println(b, string(b), r, string(r))
	fmt.Printf("%T %T\n", b, r)
}
