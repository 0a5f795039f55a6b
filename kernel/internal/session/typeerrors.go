package session

import (
	"fmt"
	"strings"

	"github.com/gonlm/gonlm/kernel/internal/cell"
)

// compileErrors is the error of a cell that did not type-check: nothing of
// it ran. Evalue lists every error as "line L:C: message" (the compiler's
// words), and the traceback shows each with its cell lines and a caret.
func compileErrors(list cell.ErrorList, code string) *Error {
	first := list[0]
	lines := make([]string, len(list))
	for i, ce := range list {
		lines[i] = fmt.Sprintf("line %d:%d: %s", ce.Line, ce.Col, ce.Msg)
	}
	e := &Error{Ename: EnameCompile, Evalue: first.Msg, Line: first.Line, Col: first.Col}
	e.finish(code)
	e.Evalue = strings.Join(lines, "\n")
	e.Traceback[0] = ansiRed + ansiBold + e.Ename + ansiReset + ": " + lines[0]
	for _, ce := range list[1:] {
		more := (&Error{Ename: EnameCompile, Evalue: ce.Msg, Line: ce.Line, Col: ce.Col}).finish(code)
		tb := more.Traceback
		tb[0] = ansiRed + fmt.Sprintf("line %d:%d: ", ce.Line, ce.Col) + ansiReset + ce.Msg
		e.Traceback = append(e.Traceback, tb...)
	}
	return e
}
