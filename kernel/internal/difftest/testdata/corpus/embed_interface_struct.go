package main

import (
	"fmt"
	"strings"
)

type Writer interface{ Write(s string) }

type buf struct{ sb strings.Builder }

func (b *buf) Write(s string) { b.sb.WriteString(s) }

type counting struct {
	Writer
	n int
}

func (c *counting) Write(s string) {
	c.n += len(s)
	c.Writer.Write(s)
}

func main() {
	b := &buf{}
	c := &counting{Writer: b}
	var w Writer = c
	w.Write("hello ")
	w.Write("world")
	fmt.Println(b.sb.String(), c.n)
}
