package main

import (
	"encoding/json"
	"fmt"
)

type Item struct {
	Name  string   `json:"name"`
	Price float64  `json:"price,omitempty"`
	Tags  []string `json:"tags"`
	skip  int
}

func main() {
	b, err := json.Marshal(Item{Name: "pen", Tags: []string{"a"}})
	fmt.Println(string(b), err)
	var it Item
	err = json.Unmarshal([]byte(`{"name":"cup","price":2.5,"tags":null}`), &it)
	fmt.Println(it.Name, it.Price, it.Tags == nil, err)
	var any map[string]interface{}
	json.Unmarshal([]byte(`{"a":[1,2],"b":{"c":true}}`), &any)
	fmt.Println(any["a"], any["b"])
}
