package main

import (
	"fmt"
	"sort"
	"sync"
)

func main() {
	jobs := make(chan int)
	results := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- fmt.Sprintf("job %d -> %d", j, j*j)
			}
		}()
	}
	go func() {
		for i := 1; i <= 5; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []string
	for r := range results {
		out = append(out, r)
	}
	sort.Strings(out)
	for _, r := range out {
		fmt.Println(r)
	}
}
