package main

import "fmt"

type acct struct{ bal int }

func main() {
	m := map[string]acct{"a": {10}}
	a := m["a"]
	a.bal += 5
	fmt.Println(m["a"].bal, a.bal)
	m["a"] = a
	p := map[string]*acct{"b": {1}}
	p["b"].bal *= 7
	fmt.Println(m["a"].bal, p["b"].bal)
}
