package main

import "fmt"

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func main() {
	words := []string{"go", "is", "fun"}
	n := Reduce(words, 0, func(a int, w string) int { return a + len(w) })
	s := Reduce(words, "", func(a string, w string) string { return a + "[" + w + "]" })
	fmt.Println(n, s)
}
