package main

import (
	"errors"
	"fmt"
)

// A named recover helper deferred with arguments: recover works in it,
// since it is the deferred function.
func catch(where string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%s: %v", where, r)
	}
}

func parse(s string) (n int, err error) {
	defer catch("parse "+s, &err)
	if s == "" {
		panic(errors.New("empty input"))
	}
	return len(s), nil
}

func main() {
	for _, s := range []string{"abc", ""} {
		n, err := parse(s)
		fmt.Println(n, err)
	}
}
