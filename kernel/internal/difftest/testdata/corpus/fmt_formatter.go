package main

import (
	"fmt"
	"strings"
)

type Bar int

func (b Bar) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v', 's':
		fmt.Fprint(f, strings.Repeat("#", int(b)))
	case 'd':
		fmt.Fprintf(f, "%d", int(b))
	}
}

func main() {
	fmt.Printf("%v|%d|%s\n", Bar(3), Bar(3), Bar(5))
	fmt.Println(Bar(2))
}
