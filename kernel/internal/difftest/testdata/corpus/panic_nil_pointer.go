package main

import "fmt"

type Node struct{ Val int }

func value(n *Node) int { return n.Val }

func main() {
	fmt.Println(value(&Node{3}))
	var n *Node
	fmt.Println(value(n))
}
