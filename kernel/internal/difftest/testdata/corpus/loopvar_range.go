package main

import "fmt"

func main() {
	var fs []func() string
	for i, s := range []string{"a", "b", "c"} {
		fs = append(fs, func() string { return fmt.Sprint(i, s) })
	}
	for _, f := range fs {
		fmt.Println(f())
	}
}
