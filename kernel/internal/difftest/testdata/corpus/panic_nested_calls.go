package main

import "fmt"

type Grid struct{ cells [][]int }

func (g *Grid) At(r, c int) int { return g.cells[r][c] }

func sumRow(g *Grid, r, n int) int {
	s := 0
	for c := 0; c < n; c++ {
		s += g.At(r, c)
	}
	return s
}

func main() {
	g := &Grid{[][]int{{1, 2}, {3, 4}}}
	fmt.Println(sumRow(g, 0, 2))
	fmt.Println(sumRow(g, 1, 3))
}
