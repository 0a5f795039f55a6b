package main

import "fmt"

func try(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("recovered: ", r)
		}
	}()
	f()
	return "no panic"
}

func main() {
	fmt.Println(try(func() {}))
	fmt.Println(try(func() { panic("boom") }))
	fmt.Println(try(func() { panic(42) }))
	fmt.Println(try(func() { panic(fmt.Errorf("wrapped %d", 7)) }))
}
