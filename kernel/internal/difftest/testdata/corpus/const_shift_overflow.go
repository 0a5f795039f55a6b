package main

import "fmt"

func main() {
	const max8 = 1<<7 - 1
	var i8 int8 = max8
	i8++
	fmt.Println(i8)
	var u uint8 = 0
	u--
	fmt.Println(u)
	var u32 uint32 = 1 << 31
	fmt.Println(u32<<1, u32>>31)
	x := 1
	fmt.Println(x<<62>>62, -7>>1, -7/2, -7%2)
}
