package main

import "fmt"

type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }

type Pair struct {
	A, B Temp
}

func main() {
	t := Temp(21.5)
	fmt.Println(t)
	fmt.Printf("%v %s %d\n", t, t, 3)
	fmt.Println(Pair{1, 2})
	fmt.Println([]Temp{3, 4})
	fmt.Println(fmt.Sprint(t), fmt.Sprintf("%v", t))
}
