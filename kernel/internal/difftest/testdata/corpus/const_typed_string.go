package main

import "fmt"

type Color string

const (
	Red   Color = "red"
	Green Color = "green"
)

func (c Color) Upper() Color {
	b := []byte(c)
	for i := range b {
		b[i] -= 'a' - 'A'
	}
	return Color(b)
}

func main() {
	fmt.Println(Red, Green.Upper())
	var c Color = "blue"
	fmt.Printf("%s %q %v\n", c, c, c == "blue")
}
