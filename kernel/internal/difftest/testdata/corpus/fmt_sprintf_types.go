package main

import "fmt"

type Kind int
type Thing struct{ K Kind }

func main() {
	fmt.Printf("%T %T %T %T\n", Kind(1), Thing{}, &Thing{}, []Thing{})
	fmt.Printf("%T %T %T\n", map[string]Kind{}, func(int) string { return "" }, make(chan Thing))
	fmt.Printf("%v %+v %#v\n", Thing{2}, Thing{2}, Kind(3))
}
