package main

import "fmt"

type Reader interface{ Read() string }
type Closer interface{ Close() error }
type ReadCloser interface {
	Reader
	Closer
}

type file struct{ open bool }

func (f *file) Read() string {
	if f.open {
		return "data"
	}
	return ""
}
func (f *file) Close() error { f.open = false; return nil }

func main() {
	var rc ReadCloser = &file{open: true}
	fmt.Println(rc.Read())
	fmt.Println(rc.Close())
	var r Reader = rc
	fmt.Printf("%q\n", r.Read())
}
