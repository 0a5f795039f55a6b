package main

import "fmt"

type Node struct {
	Val  int
	Next *Node
}

func reverse(h *Node) *Node {
	var prev *Node
	for h != nil {
		h.Next, prev, h = prev, h, h.Next
	}
	return prev
}

func main() {
	var h *Node
	for i := 5; i > 0; i-- {
		h = &Node{i, h}
	}
	h = reverse(h)
	for n := h; n != nil; n = n.Next {
		fmt.Print(n.Val, " ")
	}
	fmt.Println()
}
