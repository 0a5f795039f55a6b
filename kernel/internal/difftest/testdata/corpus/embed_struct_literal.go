package main

import "fmt"

type Point struct{ X, Y int }
type Circle struct {
	Point
	R int
}

func (p Point) Dist2() int { return p.X*p.X + p.Y*p.Y }

func main() {
	c := Circle{Point: Point{3, 4}, R: 1}
	fmt.Println(c.Dist2(), c.R)
	fmt.Printf("%+v\n", c)
	cs := []Circle{{Point{1, 1}, 2}, {R: 5}}
	for _, x := range cs {
		fmt.Println(x.X, x.Y, x.R)
	}
}
