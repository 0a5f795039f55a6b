package main

import "fmt"

func main() {
	ch := make(chan string, 1)
	select {
	case m := <-ch:
		fmt.Println("got", m)
	default:
		fmt.Println("empty")
	}
	ch <- "hi"
	select {
	case m := <-ch:
		fmt.Println("got", m)
	default:
		fmt.Println("empty")
	}
}
