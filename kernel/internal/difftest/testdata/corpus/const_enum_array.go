package main

import "fmt"

type Dir int

const (
	N Dir = iota
	E
	S
	W
	numDirs
)

var names = [numDirs]string{N: "north", E: "east", S: "south", W: "west"}

func (d Dir) Turn() Dir { return (d + 1) % numDirs }

func main() {
	d := W
	for i := 0; i < 5; i++ {
		fmt.Print(names[d], " ")
		d = d.Turn()
	}
	fmt.Println(len(names))
}
