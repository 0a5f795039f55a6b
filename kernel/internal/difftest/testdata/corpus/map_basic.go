package main

import (
	"fmt"
	"sort"
)

func main() {
	ages := map[string]int{"ann": 31, "bob": 25}
	ages["cid"] = 40
	delete(ages, "bob")
	v, ok := ages["bob"]
	fmt.Println(len(ages), v, ok)
	names := make([]string, 0, len(ages))
	for n := range ages {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Println(n, ages[n])
	}
}
