package main

import "fmt"

func Describe[T any](v T) string {
	switch x := any(v).(type) {
	case int:
		return fmt.Sprint("int ", x*2)
	case string:
		return "string " + x
	}
	return fmt.Sprintf("%T", v)
}

func main() {
	fmt.Println(Describe(21))
	fmt.Println(Describe("go"))
	fmt.Println(Describe(1.5))
}
