package main

import "fmt"

func kind(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int, int64:
		return fmt.Sprintf("integer %v", x)
	case string:
		return "string of " + fmt.Sprint(len(x))
	case error:
		return "error " + x.Error()
	case fmt.Stringer:
		return "stringer " + x.String()
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	fmt.Println(kind(nil))
	fmt.Println(kind(3))
	fmt.Println(kind(int64(4)))
	fmt.Println(kind("héllo"))
	fmt.Println(kind(fmt.Errorf("bad")))
	fmt.Println(kind(2.5))
}
