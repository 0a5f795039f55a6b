package main

import "fmt"

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int32:
		return float64(n), true
	case float32:
		return float64(n), true
	case float64:
		return n, true
	case uint8:
		return float64(n), true
	}
	return 0, false
}

func main() {
	for _, v := range []any{1, int32(2), float32(0.5), 2.25, uint8(255), "x"} {
		f, ok := toFloat(v)
		fmt.Println(f, ok)
	}
}
