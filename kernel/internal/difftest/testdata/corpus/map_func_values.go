package main

import "fmt"

func main() {
	ops := map[string]func(int, int) int{
		"add": func(a, b int) int { return a + b },
		"mul": func(a, b int) int { return a * b },
	}
	for _, name := range []string{"add", "mul", "sub"} {
		if f, ok := ops[name]; ok {
			fmt.Println(name, f(6, 7))
		} else {
			fmt.Println(name, "unknown")
		}
	}
}
