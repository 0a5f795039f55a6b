package main

import (
	"fmt"
	"io"
	"strings"
)

type upper struct{ w io.Writer }

func (u upper) Write(p []byte) (int, error) {
	return u.w.Write([]byte(strings.ToUpper(string(p))))
}

func main() {
	var sb strings.Builder
	w := upper{&sb}
	fmt.Fprintf(w, "hello %d\n", 42)
	io.WriteString(w, "done")
	fmt.Println(sb.String())
}
