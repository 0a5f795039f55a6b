package main

import "fmt"

func main() {
	var log []string
	log = append(log, "start")
	add := func(s string) { log = append(log, s) }
	add("one")
	add("two")
	fmt.Println(len(log), log)
	log = log[1:]
	fmt.Println(log)
}
