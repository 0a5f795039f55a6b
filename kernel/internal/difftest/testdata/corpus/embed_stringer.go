package main

import "fmt"

type ID int

func (i ID) String() string { return fmt.Sprintf("ID-%03d", int(i)) }

type User struct {
	ID
	Name string
}

func main() {
	u := User{7, "ann"}
	fmt.Println(u.String())
	fmt.Println(u)
	fmt.Printf("%v %s\n", u.ID, u.ID)
}
