package main

import "fmt"

func count() int {
	fmt.Println("count called")
	return 3
}

func main() {
	xs := []string{"a", "b", "c", "d"}
	for i := range len(xs) / 2 {
		fmt.Println(xs[i], xs[len(xs)-1-i])
	}
	for i := range count() {
		fmt.Print(i)
	}
	fmt.Println()
	const k = 2
	for i := range k * 2 {
		fmt.Print(i)
	}
	fmt.Println()
}
