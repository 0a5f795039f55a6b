package main

import "fmt"

func main() {
	m := map[int]string{1: "a", 2: "b"}
	clear(m)
	fmt.Println(len(m))
	m[3] = "c"
	fmt.Println(m)
	s := []int{1, 2, 3}
	clear(s)
	fmt.Println(s, len(s))
}
