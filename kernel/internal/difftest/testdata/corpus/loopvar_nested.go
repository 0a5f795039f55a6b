package main

import "fmt"

func main() {
	var fs []func() string
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			fs = append(fs, func() string { return fmt.Sprintf("%d%d", i, j) })
		}
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}
