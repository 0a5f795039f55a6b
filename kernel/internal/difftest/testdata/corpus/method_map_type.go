package main

import (
	"fmt"
	"sort"
	"strings"
)

type Env map[string]string

func (e Env) Set(k, v string) { e[k] = v }
func (e Env) String() string {
	var parts []string
	for k, v := range e {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ";")
}

func main() {
	e := Env{}
	e.Set("b", "2")
	e.Set("a", "1")
	fmt.Println(e.String())
}
