package main

import "fmt"

func main() {
	vals := []any{1, "a", 2.0, 'r', byte(1)}
	counts := map[string]int{}
	for _, v := range vals {
		switch v.(type) {
		case int:
			counts["int"]++
		case string:
			counts["string"]++
		case float64:
			counts["float"]++
		case rune:
			counts["rune"]++
		default:
			counts["other"]++
		}
	}
	fmt.Println(counts["int"], counts["string"], counts["float"], counts["rune"], counts["other"])
}
