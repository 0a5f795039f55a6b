package main

import "fmt"

func evens(limit int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := 0; i < limit; i += 2 {
			if !yield(i) {
				return
			}
		}
	}
}

func main() {
	total := 0
	for v := range evens(10) {
		total += v
	}
	fmt.Println(total)
}
