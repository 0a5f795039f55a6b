package main

import "fmt"

func kind(c byte) string {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return "vowel"
	case ' ':
		return "space"
	}
	if c >= '0' && c <= '9' {
		return "digit"
	}
	return "consonant"
}

func main() {
	for _, c := range []byte("go 1") {
		fmt.Print(kind(c), " ")
	}
	fmt.Println()
}
