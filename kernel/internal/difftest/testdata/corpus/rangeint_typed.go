package main

import "fmt"

type ID int

func main() {
	var n ID = 3
	for i := range n {
		fmt.Printf("%T %d\n", i, i)
	}
	var z int64
	for i := range z {
		fmt.Println("never", i)
	}
	for i := range -2 {
		fmt.Println("never", i)
	}
	fmt.Println("done")
}
