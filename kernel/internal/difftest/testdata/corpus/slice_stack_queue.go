package main

import "fmt"

func main() {
	var stack []string
	stack = append(stack, "a", "b", "c")
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		fmt.Print(top)
	}
	fmt.Println()
	queue := []int{1}
	for steps := 0; len(queue) > 0 && steps < 6; steps++ {
		q := queue[0]
		queue = queue[1:]
		fmt.Print(q, " ")
		queue = append(queue, q*2, q*2+1)
	}
	fmt.Println(len(queue))
}
