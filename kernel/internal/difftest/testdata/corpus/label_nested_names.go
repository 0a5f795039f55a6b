package main

import "fmt"

func main() {
	count := 0
rows:
	for r := 0; r < 3; r++ {
	cols:
		for c := 0; c < 3; c++ {
			for k := 0; k < 3; k++ {
				if k == c {
					continue cols
				}
				if r == 2 {
					break rows
				}
				count++
			}
		}
	}
	fmt.Println(count)
}
