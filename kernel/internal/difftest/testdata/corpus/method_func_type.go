package main

import "fmt"

type HandlerFunc func(string) string

func (f HandlerFunc) Handle(s string) string { return "[" + f(s) + "]" }

type Handler interface{ Handle(string) string }

func main() {
	var h Handler = HandlerFunc(func(s string) string { return s + s })
	fmt.Println(h.Handle("ab"))
}
