package main

import "fmt"

type Celsius float64
type Fahrenheit float64

func CToF(c Celsius) Fahrenheit { return Fahrenheit(c*9/5 + 32) }

type IDs []int

func main() {
	c := Celsius(100)
	fmt.Println(CToF(c), CToF(-40))
	raw := []int{1, 2}
	ids := IDs(raw)
	ids[0] = 9
	fmt.Println(raw, ids, len(ids))
}
