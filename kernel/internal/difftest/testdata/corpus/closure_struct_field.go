package main

import "fmt"

type Button struct {
	Label   string
	OnClick func() string
}

func main() {
	clicks := 0
	b := Button{Label: "ok"}
	b.OnClick = func() string {
		clicks++
		return fmt.Sprintf("%s clicked %d", b.Label, clicks)
	}
	fmt.Println(b.OnClick())
	b.Label = "go"
	fmt.Println(b.OnClick())
}
