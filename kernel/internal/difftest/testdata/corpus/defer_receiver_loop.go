package main

import "fmt"

type conn struct{ id int }

func (c *conn) Close()      { fmt.Println("close", c.id) }
func (c conn) Log(s string) { fmt.Println("log", c.id, s) }

func serve() {
	for i := 1; i <= 3; i++ {
		c := &conn{id: i}
		defer c.Close()
		msg := fmt.Sprint("req", i)
		defer c.Log(msg)
	}
	fmt.Println("serving")
}

func main() {
	serve()
	var c *conn = &conn{id: 7}
	defer c.Close()
	c = &conn{id: 8}
	defer c.Close()
}
