package session_test

import (
	"context"
	"fmt"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/session"
)

// printer is a minimal Frontend: it prints results and errors.
type printer struct{}

func (printer) Publish(b display.Bundle, id string, update bool) error { return nil }
func (printer) Clear(bool) error                                       { return nil }
func (printer) Stream(name, text string)                               { fmt.Print(text) }
func (printer) ExecuteInput(code string, count int)                    {}
func (printer) ExecuteResult(count int, b display.Bundle) {
	fmt.Printf("Out[%d]: %s\n", count, b.Text())
}
func (printer) Input(ctx context.Context, prompt string, password bool) (string, error) {
	return "", session.ErrNoStdin
}

func Example() {
	s, err := session.New(session.Options{})
	if err != nil {
		panic(err)
	}
	for _, code := range []string{
		"x := 20",
		"func double(n int) int { return 2 * n }\ndouble(x) + 2",
		"y := x +",
	} {
		res := s.Execute(session.Request{Code: code, StoreHistory: true}, printer{})
		if res.Err != nil {
			fmt.Printf("error: %s: %s\n", res.Err.Ename, res.Err.Evalue)
		}
	}
	// Output:
	// Out[2]: 42
	// error: SyntaxError: line 1: expected operand, found '}'
}
