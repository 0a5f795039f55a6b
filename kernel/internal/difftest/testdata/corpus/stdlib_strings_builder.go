package main

import (
	"fmt"
	"strings"
)

func main() {
	var b strings.Builder
	for i := 0; i < 5; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d^2=%d", i, i*i)
	}
	b.WriteByte('.')
	b.WriteRune('✓')
	fmt.Println(b.String(), b.Len())
}
