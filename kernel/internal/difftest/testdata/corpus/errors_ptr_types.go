package main

import (
	"errors"
	"fmt"
	"io"
)

type NotFound struct{ Name string }

func (e *NotFound) Error() string { return e.Name + " not found" }

type Temporary struct{ Op string }

func (e *Temporary) Error() string   { return e.Op + ": temporary" }
func (e *Temporary) Is(t error) bool { _, ok := t.(*Temporary); return ok }
func (e *Temporary) Retry() bool     { return true }

type retrier interface{ Retry() bool }

var ErrClosed = &NotFound{"closed"}

func find(name string) error {
	switch name {
	case "db":
		return fmt.Errorf("open %s: %w", name, &NotFound{name})
	case "net":
		return fmt.Errorf("dial: %w", &Temporary{"dial"})
	case "both":
		return errors.Join(ErrClosed, io.EOF)
	case "closed":
		return fmt.Errorf("use: %w", ErrClosed)
	}
	return nil
}

func main() {
	for _, n := range []string{"db", "net", "both", "closed", "ok"} {
		err := find(n)
		var nf *NotFound
		var r retrier
		fmt.Println(n, err)
		fmt.Println("  as NotFound:", errors.As(err, &nf), nf != nil && nf.Name == n)
		fmt.Println("  as retrier:", errors.As(err, &r))
		fmt.Println("  is Temporary:", errors.Is(err, &Temporary{}))
		fmt.Println("  is closed:", errors.Is(err, ErrClosed), "is EOF:", errors.Is(err, io.EOF))
		if u := errors.Unwrap(err); u != nil {
			fmt.Println("  unwraps to:", u, u == error(ErrClosed))
		}
	}
}
