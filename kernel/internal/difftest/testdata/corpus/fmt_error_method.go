package main

import "fmt"

type NotFound struct{ Key string }

func (e NotFound) Error() string { return "not found: " + e.Key }

func find(k string) error {
	if k == "x" {
		return nil
	}
	return NotFound{k}
}

func main() {
	fmt.Println(find("y"))
	err := find("z")
	fmt.Printf("%v | %s | %q\n", err, err, err)
	fmt.Println(find("x"))
}
