package main

import (
	"fmt"
	"time"
)

type Meters float64

const Mile Meters = 1609.344

func main() {
	d := 3 * Mile
	fmt.Printf("%.1f %T\n", d, d)
	timeout := 2 * time.Second
	fmt.Println(timeout, timeout/4)
	const n = 5
	fmt.Println(n*time.Millisecond, time.Duration(n)*time.Minute)
}
