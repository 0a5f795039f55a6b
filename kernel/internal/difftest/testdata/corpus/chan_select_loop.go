package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 3; i++ {
			a <- i
		}
		for i := 0; i < 2; i++ {
			b <- i * 100
		}
		close(done)
	}()
	sa, sb := 0, 0
	for {
		select {
		case v := <-a:
			sa += v
		case v := <-b:
			sb += v
		case <-done:
			fmt.Println(sa, sb)
			return
		}
	}
}
