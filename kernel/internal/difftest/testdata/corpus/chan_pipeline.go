package main

import "fmt"

func gen(xs ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, x := range xs {
			out <- x
		}
		close(out)
	}()
	return out
}

func sq(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for x := range in {
			out <- x * x
		}
		close(out)
	}()
	return out
}

func main() {
	for v := range sq(sq(gen(1, 2, 3))) {
		fmt.Println(v)
	}
}
