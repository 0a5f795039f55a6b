package main

import "fmt"

func main() {
	for i := 0; i < 5; i++ {
		switch i {
		case 2:
			fmt.Println("skip two")
			break
		case 4:
			fmt.Println("four")
		default:
			fmt.Println(i)
		}
	}
}
