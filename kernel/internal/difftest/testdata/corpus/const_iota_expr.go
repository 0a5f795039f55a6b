package main

import "fmt"

type Size int

const (
	Small Size = iota + 1
	Medium
	Large
)

func (s Size) String() string {
	switch s {
	case Small:
		return "S"
	case Medium:
		return "M"
	case Large:
		return "L"
	}
	return fmt.Sprintf("Size(%d)", int(s))
}

const (
	x0, y0 = iota, iota * 2
	x1, y1
	x2, y2
)

func main() {
	fmt.Println(Small, Medium, Large, Size(9))
	fmt.Println(x0, y0, x1, y1, x2, y2)
}
