package main

import "fmt"

func main() {
	var fs []func() string
	for _, f := range []string{"a", "b"} {
		f := f
		fs = append(fs, func() string { return "x" + f })
	}
	for _, g := range fs {
		fmt.Println(g())
	}
}
