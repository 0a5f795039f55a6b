package main

import "fmt"

func main() {
	grid := make([][]rune, 3)
	for i := range grid {
		grid[i] = make([]rune, 4)
		for j := range grid[i] {
			grid[i][j] = '.'
		}
	}
	grid[1][2] = '#'
	for _, row := range grid {
		fmt.Println(string(row))
	}
}
