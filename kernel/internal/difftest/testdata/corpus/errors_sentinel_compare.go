package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

func main() {
	r := strings.NewReader("ab")
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if err == io.EOF {
			fmt.Println("eof")
			break
		}
		fmt.Println(n, string(buf[:n]))
	}
	err := fmt.Errorf("wrap: %w", io.EOF)
	fmt.Println(err == io.EOF, errors.Is(err, io.EOF))
}
