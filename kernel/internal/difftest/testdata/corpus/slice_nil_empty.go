package main

import (
	"encoding/json"
	"fmt"
)

func main() {
	var a []int
	b := []int{}
	fmt.Println(a == nil, b == nil, len(a), len(b))
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	fmt.Println(string(ja), string(jb))
	a = append(a, 1)
	fmt.Println(a)
	for range a[:0] {
		fmt.Println("never")
	}
}
