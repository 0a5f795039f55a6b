package main

import "fmt"

func sum(label string, xs ...int) string {
	t := 0
	for _, x := range xs {
		t += x
	}
	return fmt.Sprintf("%s:%d:%d", label, len(xs), t)
}

func main() {
	fmt.Println(sum("none"))
	fmt.Println(sum("some", 1, 2, 3))
	nums := []int{4, 5}
	fmt.Println(sum("spread", nums...))
	all := append([]any{"x"}, 1, 2)
	fmt.Println(all...)
}
