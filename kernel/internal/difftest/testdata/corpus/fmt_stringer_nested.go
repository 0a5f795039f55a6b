package main

import "fmt"

type Money struct {
	Cents int64
}

func (m Money) String() string { return fmt.Sprintf("$%d.%02d", m.Cents/100, m.Cents%100) }

type Item struct {
	Name  string
	Price Money
}

type Cart struct {
	Items []Item
	Total Money
}

func main() {
	c := Cart{Items: []Item{{"pen", Money{150}}, {"book", Money{1299}}}, Total: Money{1449}}
	fmt.Println(c)
	fmt.Printf("%+v\n", c.Items[0])
	m := map[string]Money{"a": {5}}
	fmt.Println(m)
}
