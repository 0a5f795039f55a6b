package main

import "fmt"

func main() {
	x := "top"
	switch x := 2; x {
	case 2:
		x := x * 10
		fmt.Println("case", x)
	}
	var y interface{} = 3.5
	switch y := y.(type) {
	case float64:
		fmt.Println("float", y*2)
	}
	fmt.Println(x, y)
}
