package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

type rot13 struct{ r io.Reader }

func (r rot13) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	for i := 0; i < n; i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z':
			p[i] = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			p[i] = 'A' + (c-'A'+13)%26
		}
	}
	return n, err
}

func main() {
	sc := bufio.NewScanner(rot13{strings.NewReader("Uryyb\nTbcure")})
	for sc.Scan() {
		fmt.Println(sc.Text())
	}
}
