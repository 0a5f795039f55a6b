package main

import (
	"errors"
	"fmt"
)

type CodeErr int

func (c CodeErr) Error() string { return fmt.Sprintf("code %d", int(c)) }

func main() {
	base := CodeErr(404)
	err := fmt.Errorf("fetch %q: %w", "/x", base)
	fmt.Println(err)
	fmt.Println(errors.Unwrap(err) == base)
	fmt.Printf("%v\n", fmt.Errorf("ctx: %v", base))
}
