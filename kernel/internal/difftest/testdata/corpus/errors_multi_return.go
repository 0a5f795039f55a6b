package main

import (
	"errors"
	"fmt"
	"strconv"
)

func parseAll(ss []string) ([]int, error) {
	var out []int
	var errs []error
	for _, s := range ss {
		n, err := strconv.Atoi(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("item %q: %w", s, err))
			continue
		}
		out = append(out, n)
	}
	return out, errors.Join(errs...)
}

func main() {
	nums, err := parseAll([]string{"1", "x", "3", "y"})
	fmt.Println(nums)
	fmt.Println(err)
	fmt.Println(errors.Is(err, strconv.ErrSyntax))
}
