package main

import (
	"errors"
	"fmt"
)

type step func() error

func runAll(steps ...step) (done int, err error) {
	for _, s := range steps {
		if err = s(); err != nil {
			return done, fmt.Errorf("step %d: %w", done+1, err)
		}
		done++
	}
	return done, nil
}

func main() {
	ok := func() error { return nil }
	bad := func() error { return errors.New("bad") }
	fmt.Println(runAll(ok, ok))
	fmt.Println(runAll(ok, bad, ok))
}
