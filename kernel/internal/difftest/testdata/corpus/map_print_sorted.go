package main

import "fmt"

func main() {
	m := map[string]int{"zeta": 26, "alpha": 1, "mid": 13}
	fmt.Println(m)
	fmt.Printf("%v\n", map[int]bool{3: true, 1: false})
}
