package main

import "fmt"

type point struct{ x, y int }

func main() {
	seen := map[point]string{}
	seen[point{1, 2}] = "a"
	seen[point{1, 2}] = "b"
	seen[point{2, 1}] = "c"
	fmt.Println(len(seen), seen[point{1, 2}], seen[point{2, 1}])
	_, ok := seen[point{0, 0}]
	fmt.Println(ok)
}
