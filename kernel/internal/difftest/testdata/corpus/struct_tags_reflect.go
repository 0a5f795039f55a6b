package main

import (
	"fmt"
	"reflect"
)

type User struct {
	Name  string `db:"name"`
	Email string `db:"email" json:"mail"`
	age   int
}

func main() {
	t := reflect.TypeOf(User{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fmt.Println(f.Name, f.Tag.Get("db"), f.IsExported())
	}
	fmt.Println(t.Name(), t.NumField())
}
