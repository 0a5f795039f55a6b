package main

import "fmt"

func fill(m map[string]int) { m["filled"] = 1 }

func main() {
	a := map[string]int{}
	b := a
	b["shared"] = 2
	fill(a)
	fmt.Println(len(a), a["shared"], a["filled"])
	var nilMap map[string]int
	fmt.Println(nilMap["x"], len(nilMap), nilMap == nil)
}
