package main

import "fmt"

func send(ch chan<- string, msgs ...string) {
	for _, m := range msgs {
		ch <- m
	}
	close(ch)
}

func recv(ch <-chan string) []string {
	var out []string
	for m := range ch {
		out = append(out, m)
	}
	return out
}

func main() {
	ch := make(chan string, 4)
	send(ch, "a", "b", "c")
	fmt.Println(recv(ch))
}
