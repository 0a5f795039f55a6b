package main

import (
	"fmt"
	"sync"
)

type cache struct {
	once sync.Once
	mu   sync.Mutex
	data map[string]int
}

func (c *cache) get(k string) int {
	c.once.Do(func() {
		fmt.Println("init")
		c.data = map[string]int{"a": 1}
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data[k]
}

func main() {
	var c cache
	var wg sync.WaitGroup
	res := make([]int, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = c.get("a") + i
		}()
	}
	wg.Wait()
	fmt.Println(res)
}
