package main

import "fmt"

type Box struct {
	W, H int
	Tags []string
}

func main() {
	b := &Box{2, 3, []string{"x"}}
	fmt.Println(b)
	fmt.Printf("%+v\n", b)
	fmt.Println(*b)
	var nb *Box
	fmt.Println(nb)
}
