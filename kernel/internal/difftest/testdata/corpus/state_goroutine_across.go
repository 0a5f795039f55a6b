package main

import "fmt"

func main() {
	results := make(chan int, 3)
	go func() {
		for i := 1; i <= 3; i++ {
			results <- i * 10
		}
		close(results)
	}()
	sum := 0
	for v := range results {
		sum += v
	}
	fmt.Println(sum)
}
