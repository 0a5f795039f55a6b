package main

import "fmt"

func f(v any) string {
	switch v := v.(type) {
	case int, float64:
		return fmt.Sprintf("number %v %T", v, v)
	case []int:
		return fmt.Sprint("slice len ", len(v))
	}
	return "?"
}

func main() {
	fmt.Println(f(1))
	fmt.Println(f(1.5))
	fmt.Println(f([]int{1, 2}))
	fmt.Println(f("s"))
}
