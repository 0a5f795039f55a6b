package main

import "fmt"

func main() {
	var in chan int
	out := make(chan int, 1)
	out <- 5
	for i := 0; i < 2; i++ {
		select {
		case v := <-in:
			fmt.Println("nil channel delivered", v)
		case v, ok := <-out:
			fmt.Println("out", v, ok)
			out = nil
		default:
			fmt.Println("nothing ready")
		}
	}
}
