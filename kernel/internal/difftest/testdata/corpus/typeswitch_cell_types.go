package main

import "fmt"

type Circle struct{ R float64 }
type Square struct{ S float64 }
type Named string

func (n Named) String() string { return "named:" + string(n) }

func describe(v any) string {
	switch s := v.(type) {
	case Circle:
		return fmt.Sprint("circle ", s.R)
	case *Square:
		return fmt.Sprint("square ptr ", s.S)
	case Square:
		return fmt.Sprint("square ", s.S)
	case fmt.Stringer:
		return s.String()
	}
	return "unknown"
}

func main() {
	fmt.Println(describe(Circle{1}))
	fmt.Println(describe(Square{2}))
	fmt.Println(describe(&Square{3}))
	fmt.Println(describe(Named("x")))
	fmt.Println(describe(4))
}
