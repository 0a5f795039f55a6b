package main

import (
	"fmt"
	"time"
)

func main() {
	slow := make(chan int)
	select {
	case v := <-slow:
		fmt.Println(v)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("timeout")
	}
	fast := make(chan int, 1)
	fast <- 1
	select {
	case v := <-fast:
		fmt.Println("fast", v)
	case <-time.After(time.Second):
		fmt.Println("timeout")
	}
}
