package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

type Retry struct{ After int }

func (e *Retry) Error() string   { return "retry after " + strconv.Itoa(e.After) }
func (e *Retry) Temporary() bool { return true }

func lookup(k string) error {
	switch k {
	case "a":
		return nil
	case "b":
		return &NotFound{k}
	case "c":
		return &Retry{3}
	case "d":
		return io.EOF
	}
	return fmt.Errorf("lookup %s: %w", k, &NotFound{k})
}

func describe(err error) string {
	switch e := err.(type) {
	case nil:
		return "ok"
	case *NotFound:
		return "missing " + e.Key
	case interface{ Temporary() bool }:
		return fmt.Sprint("temporary ", e.Temporary())
	case fmt.Stringer:
		return "stringer " + e.String()
	default:
		if errors.Is(err, io.EOF) {
			return "eof"
		}
		return "other " + err.Error()
	}
}

func main() {
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		err := lookup(k)
		fmt.Println(k, describe(err))
		if r, ok := err.(*Retry); ok {
			fmt.Println("  retry in", r.After)
		}
		if t, ok := err.(interface{ Temporary() bool }); ok && t.Temporary() {
			fmt.Println("  temporary")
		}
	}
	var anyv any = &Retry{1}
	if e, ok := anyv.(error); ok {
		fmt.Println("any as error:", e)
	}
}
