package main

import "fmt"

func main() {
	base := []int{0, 1, 2, 3, 4, 5}
	s := base[1:3:3]
	s = append(s, 100)
	fmt.Println(base, s)
	t := base[1:3]
	t = append(t, 200)
	fmt.Println(base, t)
}
