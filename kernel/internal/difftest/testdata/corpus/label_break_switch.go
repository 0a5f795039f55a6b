package main

import "fmt"

func main() {
	n := 0
loop:
	for i := 0; ; i++ {
		switch {
		case i%2 == 0:
			continue
		case i > 7:
			break loop
		default:
			n += i
		}
	}
	fmt.Println(n)
}
