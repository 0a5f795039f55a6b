package main

import "fmt"

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a % b
	return
}

func swap(a, b string) (string, string) { return b, a }

func main() {
	q, r := divmod(17, 5)
	fmt.Println(q, r)
	x, y := swap("a", "b")
	fmt.Println(x, y)
	_, r2 := divmod(-17, 5)
	fmt.Println(r2)
	fmt.Println(divmod(9, 3))
}
