package main

import (
	"fmt"
	"strings"
)

const poem = `roses are red
violets are blue
	tabs stay
`

func main() {
	lines := strings.Split(strings.TrimRight(poem, "\n"), "\n")
	for i, l := range lines {
		fmt.Printf("%d:%q\n", i, l)
	}
	fmt.Println(len(poem))
}
