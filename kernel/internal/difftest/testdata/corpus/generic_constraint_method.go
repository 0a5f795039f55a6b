package main

import (
	"fmt"
	"strings"
)

type Shower interface{ Show() string }

type Name string

func (n Name) Show() string { return strings.ToUpper(string(n)) }

type Num int

func (n Num) Show() string { return fmt.Sprintf("#%d", int(n)) }

func JoinAll[T Shower](xs []T) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, x.Show())
	}
	return strings.Join(parts, ",")
}

func main() {
	fmt.Println(JoinAll([]Name{"ann", "bob"}))
	fmt.Println(JoinAll([]Num{1, 2, 3}))
}
