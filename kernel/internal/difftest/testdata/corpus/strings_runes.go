package main

import (
	"fmt"
	"unicode/utf8"
)

func main() {
	s := "añb€"
	for i, r := range s {
		fmt.Println(i, string(r), r, utf8.RuneLen(r))
	}
	fmt.Println(utf8.RuneCountInString(s), len(s))
	for i := 0; i < len(s); i++ {
		fmt.Printf("%x ", s[i])
	}
	fmt.Println()
}
