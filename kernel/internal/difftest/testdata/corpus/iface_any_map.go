package main

import (
	"fmt"
	"sort"
)

func main() {
	doc := map[string]any{
		"name": "x",
		"n":    3,
		"tags": []any{"a", 1},
		"sub":  map[string]any{"ok": true},
	}
	keys := make([]string, 0)
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch v := doc[k].(type) {
		case string:
			fmt.Println(k, "string", v)
		case int:
			fmt.Println(k, "int", v+1)
		case []any:
			fmt.Println(k, "list", len(v))
		case map[string]any:
			fmt.Println(k, "object", v["ok"])
		}
	}
}
