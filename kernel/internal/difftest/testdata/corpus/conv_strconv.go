package main

import (
	"fmt"
	"strconv"
)

func main() {
	n, err := strconv.Atoi("123")
	fmt.Println(n+1, err)
	_, err = strconv.Atoi("12a")
	fmt.Println(err)
	f, _ := strconv.ParseFloat("2.5e3", 64)
	fmt.Println(f)
	fmt.Println(strconv.Itoa(-45), strconv.FormatInt(255, 16), strconv.Quote("a\"b"))
	b, err := strconv.ParseBool("maybe")
	fmt.Println(b, err)
	u, err := strconv.ParseUint("300", 10, 8)
	fmt.Println(u, err)
}
