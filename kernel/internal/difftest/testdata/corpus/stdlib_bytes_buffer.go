package main

import (
	"bytes"
	"fmt"
)

func main() {
	var buf bytes.Buffer
	buf.WriteString("hello ")
	buf.Write([]byte("world"))
	fmt.Fprintf(&buf, " %d", 42)
	fmt.Println(buf.String(), buf.Len())
	line, err := buf.ReadString(' ')
	fmt.Printf("%q %v %q\n", line, err, buf.String())
	fmt.Println(bytes.Equal([]byte("a"), []byte("a")), bytes.ToUpper([]byte("go")))
}
