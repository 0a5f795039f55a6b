package main

import (
	"fmt"
	"strings"
)

func compose(fs ...func(string) string) func(string) string {
	return func(s string) string {
		for _, f := range fs {
			s = f(s)
		}
		return s
	}
}

func main() {
	shout := compose(strings.TrimSpace, strings.ToUpper, func(s string) string { return s + "!" })
	fmt.Println(shout("  hey  "))
	apply := func(f func(int) int, n int) int { return f(f(n)) }
	fmt.Println(apply(func(x int) int { return x * 3 }, 2))
}
