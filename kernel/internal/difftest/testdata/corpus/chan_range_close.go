package main

import "fmt"

func produce(n int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i * i
		}
	}()
	return ch
}

func main() {
	sum := 0
	for v := range produce(5) {
		fmt.Print(v, " ")
		sum += v
	}
	fmt.Println(sum)
}
