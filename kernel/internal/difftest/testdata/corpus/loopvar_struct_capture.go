package main

import "fmt"

type item struct{ name string }

func main() {
	items := []item{{"x"}, {"y"}, {"z"}}
	var ptrs []*item
	for _, it := range items {
		ptrs = append(ptrs, &it)
	}
	items[0].name = "changed"
	for _, p := range ptrs {
		fmt.Print(p.name)
	}
	fmt.Println()
}
