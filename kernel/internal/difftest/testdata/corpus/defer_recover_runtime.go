package main

import "fmt"

func idx(s []int, i int) (v int, msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	return s[i], "ok"
}

func main() {
	fmt.Println(idx([]int{1, 2, 3}, 1))
	fmt.Println(idx([]int{1, 2, 3}, 5))
}
