package main

import "fmt"

func main() {
	total := 0
	func() {
		defer func() { total += 100 }()
		for i := 1; i <= 4; i++ {
			total += i
		}
	}()
	fmt.Println(total)
}
