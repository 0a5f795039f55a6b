package main

import (
	"fmt"
	"strings"
)

func main() {
	for _, w := range []string{"Go", "rust", "", "ZIG"} {
		switch l := len(w); {
		case l == 0:
			fmt.Println("empty")
		case strings.ToUpper(w) == w:
			fmt.Println("shout", l)
		default:
			fmt.Println("word", l)
		}
	}
}
