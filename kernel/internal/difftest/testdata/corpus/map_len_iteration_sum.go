package main

import "fmt"

func main() {
	m := make(map[int]int, 100)
	for i := 0; i < 100; i++ {
		m[i%17] += i
	}
	sum, keys := 0, 0
	for k, v := range m {
		sum += v
		keys += k
	}
	fmt.Println(len(m), sum, keys)
}
