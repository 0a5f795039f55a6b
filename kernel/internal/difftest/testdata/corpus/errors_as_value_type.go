package main

import (
	"errors"
	"fmt"
)

type HTTPError struct {
	Code int
	Msg  string
}

func (h HTTPError) Error() string { return fmt.Sprintf("%d %s", h.Code, h.Msg) }

func main() {
	var err error = fmt.Errorf("request: %w", HTTPError{404, "not found"})
	var h HTTPError
	ok := errors.As(err, &h)
	fmt.Println(ok, h.Code, h.Msg)
	fmt.Println(err)
}
