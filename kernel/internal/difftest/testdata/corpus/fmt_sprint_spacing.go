package main

import "fmt"

func main() {
	fmt.Println("a", 1, 2, "b", "c", 3.5)
	fmt.Print("a", 1, 2, "b", "c", 3.5, "\n")
	s := fmt.Sprint(1, 2, "x", 3, "y", "z")
	fmt.Println(s)
	fmt.Println(fmt.Sprintln("end", 1))
}
