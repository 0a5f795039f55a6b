package main

import (
	"errors"
	"fmt"
)

// Named results accumulate, are returned bare, or are left unset on
// some paths; each call must start them at zero.
func sum(xs []int) (s int) {
	for _, x := range xs {
		s += x
	}
	return
}

func count() (n int) {
	n++
	return n
}

func parse(s string) (n int, err error) {
	if s == "" {
		err = errors.New("empty")
		return
	}
	n = len(s)
	return
}

var calls int

func next() (v int) {
	v = calls + 1
	calls = v
	return
}

func withDefer(fail bool) (res string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	if fail {
		panic("boom")
	}
	return "ok", nil
}

func main() {
	t := 0
	for i := 0; i < 3; i++ {
		t = sum([]int{1, 2})
		fmt.Print(t, " ", count(), " ")
	}
	fmt.Println()
	for _, s := range []string{"abc", "", "de"} {
		n, err := parse(s)
		fmt.Println(n, err)
	}
	x := 5
	x = count()
	fmt.Println(x)
	calls = next()
	calls = next()
	fmt.Println(calls)
	for _, f := range []bool{false, true, false} {
		r, err := withDefer(f)
		fmt.Printf("%q %v\n", r, err)
	}
	a := [2]int{4, 4}
	a[1] = count()
	fmt.Println(a)
}
