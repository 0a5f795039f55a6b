package main

import "fmt"

func main() {
	s := "hello"
	t := s
	b := []byte(s)
	b[0] = 'j'
	s += " world"
	fmt.Println(s, t, string(b))
	sub := s[6:]
	fmt.Println(sub, len(sub), s[:1]+"i")
	fmt.Println("a" < "b", "abc" < "abd", "Z" < "a")
}
