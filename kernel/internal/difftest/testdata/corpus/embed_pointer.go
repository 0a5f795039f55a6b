package main

import "fmt"

type Logger struct{ prefix string }

func (l *Logger) Log(s string) { fmt.Println(l.prefix + s) }

type Service struct {
	*Logger
	name string
}

func main() {
	l := &Logger{"[svc] "}
	a := Service{l, "a"}
	b := Service{l, "b"}
	a.Log("start " + a.name)
	l.prefix = "[changed] "
	b.Log("start " + b.name)
}
