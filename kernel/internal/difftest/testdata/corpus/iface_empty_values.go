package main

import "fmt"

func describe(v interface{}) string {
	return fmt.Sprintf("%v (%T)", v, v)
}

func main() {
	for _, v := range []interface{}{1, "s", 2.5, true, nil, []int{1}, map[string]int{"a": 1}} {
		fmt.Println(describe(v))
	}
}
