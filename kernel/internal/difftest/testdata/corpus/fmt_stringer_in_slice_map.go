package main

import "fmt"

type Level int

func (l Level) String() string {
	return [...]string{"low", "mid", "high"}[l]
}

func main() {
	ls := []Level{0, 2, 1}
	fmt.Println(ls)
	fmt.Printf("%v %d\n", ls, ls)
	m := map[Level]int{0: 5, 2: 7}
	fmt.Println(m)
	arr := [2]Level{1, 1}
	fmt.Println(arr)
}
