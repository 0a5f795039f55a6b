package main

import (
	"errors"
	"fmt"
)

type layer struct {
	name string
	err  error
}

func (l *layer) Error() string { return l.name + ": " + l.err.Error() }
func (l *layer) Unwrap() error { return l.err }

var root = errors.New("disk full")

func main() {
	err := &layer{"save", &layer{"write", root}}
	fmt.Println(err)
	for e := error(err); e != nil; e = errors.Unwrap(e) {
		fmt.Println(" -", e)
	}
	fmt.Println(errors.Is(err, root))
	var l *layer
	fmt.Println(errors.As(err, &l), l.name)
}
