package main

import "fmt"

func main() {
	var a uint = 3
	var b uint = 5
	fmt.Println(a-b > 0, int(a)-int(b))
	var x uint16 = 65535
	x += 2
	fmt.Println(x)
	var y int16 = -32768
	y--
	fmt.Println(y, -y)
	h := uint32(2166136261)
	for _, c := range []byte("go") {
		h ^= uint32(c)
		h *= 16777619
	}
	fmt.Println(h)
}
