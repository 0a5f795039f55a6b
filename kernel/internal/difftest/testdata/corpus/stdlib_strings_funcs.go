package main

import (
	"fmt"
	"strings"
)

func main() {
	s := "  Hello, Gophers!  "
	t := strings.TrimSpace(s)
	fmt.Println(t, strings.ToLower(t), strings.ToUpper(t))
	fmt.Println(strings.Contains(t, "Go"), strings.Index(t, "o"), strings.LastIndex(t, "o"))
	fmt.Println(strings.Split("a-b-c", "-"), strings.Join([]string{"x", "y"}, "+"))
	fmt.Println(strings.Replace("aaaa", "a", "b", 2), strings.ReplaceAll("aaaa", "a", "c"))
	fmt.Println(strings.Fields(" a  b c "), strings.Repeat("ab", 3))
	fmt.Println(strings.HasPrefix(t, "Hell"), strings.TrimSuffix(t, "!"), strings.Title("x"))
	before, after, found := strings.Cut("key=value", "=")
	fmt.Println(before, after, found)
}
