package main

import "fmt"

type Temp float64

func (t Temp) F() float64 { return float64(t)*9/5 + 32 }

func main() {
	var t Temp = 100
	fmt.Println(t.F())
	ts := []Temp{0, -40}
	for _, x := range ts {
		fmt.Println(x.F())
	}
}
