package main

import "fmt"

// A closure held in a variable and deferred (or called by a deferred
// call) in the function that made it.
func work() (n int) {
	cleanup := func() { fmt.Println("cleanup"); n++ }
	defer cleanup()
	report := func(s string) { fmt.Println("report", s, n) }
	defer func() { report("done") }()
	n = 10
	return n
}

func main() {
	fmt.Println(work())
}
