package main

import "fmt"

const (
	letter = 'A'
	name   = "Go"
)

func main() {
	fmt.Println(letter, string(rune(letter+2)))
	fmt.Printf("%c %q %U\n", letter, letter, letter)
	fmt.Println(len(name), name[1])
	const s = name + "pher"
	fmt.Println(s)
}
