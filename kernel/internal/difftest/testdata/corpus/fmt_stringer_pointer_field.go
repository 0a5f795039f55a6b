package main

import "fmt"

type Node struct {
	Val  int
	Next *Node
}

func (n *Node) String() string {
	if n == nil {
		return "nil"
	}
	return fmt.Sprintf("%d->%v", n.Val, n.Next)
}

func main() {
	list := &Node{1, &Node{2, &Node{3, nil}}}
	fmt.Println(list)
	var empty *Node
	fmt.Println(empty.String())
}
