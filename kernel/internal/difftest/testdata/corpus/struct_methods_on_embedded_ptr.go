package main

import "fmt"

type Stats struct{ hits, misses int }

func (s *Stats) Hit()  { s.hits++ }
func (s *Stats) Miss() { s.misses++ }
func (s Stats) Ratio() float64 {
	return float64(s.hits) / float64(s.hits+s.misses)
}

type Cache struct {
	Stats
	data map[string]int
}

func (c *Cache) Get(k string) (int, bool) {
	v, ok := c.data[k]
	if ok {
		c.Hit()
	} else {
		c.Miss()
	}
	return v, ok
}

func main() {
	c := &Cache{data: map[string]int{"a": 1}}
	c.Get("a")
	c.Get("b")
	c.Get("a")
	fmt.Printf("%d %d %.3f\n", c.hits, c.misses, c.Ratio())
}
