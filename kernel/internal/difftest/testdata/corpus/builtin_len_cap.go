package main

import "fmt"

func main() {
	s := make([]int, 2, 5)
	fmt.Println(len(s), cap(s))
	s = s[:4]
	fmt.Println(len(s), cap(s), s)
	t := s[1:3:4]
	fmt.Println(len(t), cap(t))
	var arr [6]byte
	fmt.Println(len(arr), cap(arr[2:]))
	fmt.Println(len("日本"), len([]rune("日本")))
	ch := make(chan int, 4)
	ch <- 1
	fmt.Println(len(ch), cap(ch))
}
