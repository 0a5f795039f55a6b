package main

import "fmt"

func main() {
	pt := struct {
		X, Y int
	}{3, 4}
	fmt.Println(pt.X+pt.Y, pt)
	rows := []struct {
		name string
		ok   bool
	}{{"a", true}, {"b", false}}
	for _, r := range rows {
		fmt.Println(r.name, r.ok)
	}
	var cfg struct{ Debug bool }
	cfg.Debug = true
	fmt.Printf("%+v\n", cfg)
}
