package main

import "fmt"

func main() {
	var a [4]int
	for i := range a {
		a[i] = i * i
	}
	k := len(a)
	fmt.Println(a)
	a[k] = 1
}
