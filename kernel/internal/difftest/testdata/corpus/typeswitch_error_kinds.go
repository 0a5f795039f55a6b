package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

type tempErr struct{ msg string }

func (t tempErr) Error() string   { return t.msg }
func (t tempErr) Temporary() bool { return true }

func classify(err error) string {
	switch e := err.(type) {
	case nil:
		return "ok"
	case interface{ Temporary() bool }:
		return fmt.Sprint("temporary: ", e.Temporary(), " ", err)
	case *os.PathError:
		return "path " + e.Op
	default:
		if errors.Is(err, io.EOF) {
			return "eof"
		}
		return "other " + err.Error()
	}
}

func main() {
	fmt.Println(classify(nil))
	fmt.Println(classify(tempErr{"again"}))
	fmt.Println(classify(&os.PathError{Op: "open", Path: "x", Err: os.ErrNotExist}))
	fmt.Println(classify(io.EOF))
	fmt.Println(classify(errors.New("boom")))
}
