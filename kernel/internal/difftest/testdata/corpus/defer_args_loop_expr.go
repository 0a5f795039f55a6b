package main

import (
	"fmt"
	"strings"
	"sync"
)

type stack struct{ items []string }

func (s *stack) push(x string) { s.items = append(s.items, x) }

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			total += n
		}(i)
	}
	wg.Wait()
	fmt.Println("total", total)

	s := &stack{}
	func() {
		for i := 0; i < 3; i++ {
			defer s.push(strings.Repeat("x", i+1))
		}
	}()
	fmt.Println(s.items)

	words := []string{"a", "b", "c"}
	func() {
		for i := range words {
			defer fmt.Print(words[i], i*10, " ")
		}
	}()
	fmt.Println()
}
