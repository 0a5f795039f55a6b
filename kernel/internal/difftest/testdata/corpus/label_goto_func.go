package main

import "fmt"

func find(grid [][]int, target int) (int, int) {
	for r, row := range grid {
		for c, v := range row {
			if v == target {
				return r, c
			}
		}
	}
	goto notFound
notFound:
	return -1, -1
}

func main() {
	g := [][]int{{1, 2}, {3, 4}}
	fmt.Println(find(g, 4))
	fmt.Println(find(g, 9))
}
