package main

import "fmt"

type MyErr struct{}

func (*MyErr) Error() string { return "my error" }

func mayFail(fail bool) error {
	var p *MyErr
	if fail {
		p = &MyErr{}
	}
	return p
}

func clean() error { return nil }

func main() {
	err := mayFail(false)
	fmt.Println(err == nil)
	fmt.Println(clean() == nil)
	var e error
	fmt.Println(e == nil)
}
