package main

import "fmt"

const scope = "package"

func f() string {
	const scope = "function"
	return scope
}

func main() {
	fmt.Println(scope, f())
	{
		const scope = 3
		fmt.Println(scope + 1)
	}
	fmt.Println(scope)
}
