package main

import "fmt"

func main() {
	a := make([]int, 3, 10)
	b := append(a, 4)
	c := append(a, 5)
	fmt.Println(a, b, c)
	d := []int{1, 2, 3}
	e := append(d[:1], 9)
	fmt.Println(d, e)
	f := append([]int(nil), d...)
	f[0] = 100
	fmt.Println(d, f)
}
