package main

import "fmt"

func main() {
	s := []int{1, 2, 3}
	j := 5
	fmt.Println(s[1:2])
	fmt.Println(s[1:j])
}
