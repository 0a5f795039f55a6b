package main

import "fmt"

func main() {
	s := "héllo, 世界"
	b := []byte(s)
	r := []rune(s)
	fmt.Println(len(s), len(b), len(r))
	fmt.Println(string(r[1]), string(b[:2]), string(r[7:]))
	b[0] = 'H'
	fmt.Println(string(b), s)
	fmt.Println(string(rune(0x4e16)), string([]rune{72, 105}))
}
