package main

import "fmt"

func f(n int) (res int, err error) {
	if n > 0 {
		res := n * 2
		_ = res
	}
	res = n
	return
}

func main() {
	fmt.Println(f(5))
}
