package session

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"regexp"
	"strconv"
	"strings"

	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/traefik/yaegi/interp"
)

// Error is a failed cell as Jupyter reports it: ename, evalue and a traceback
// (ANSI-coloured lines) that names the cell line.
type Error struct {
	Ename     string
	Evalue    string
	Traceback []string
	Line      int // 1-based line in the cell, 0 if unknown
	Col       int // 1-based column in the cell, 0 if unknown
	frames    []string
}

// Error formats the error as "ename: evalue".
func (e *Error) Error() string { return e.Ename + ": " + e.Evalue }

// Names used as ename.
const (
	EnameInterrupt = "KeyboardInterrupt"
	EnameSyntax    = "SyntaxError"
	EnameCompile   = "CompileError"
	EnamePanic     = "Panic"
)

const (
	ansiRed   = "\x1b[0;31m"
	ansiGreen = "\x1b[0;32m"
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
)

var frameRE = regexp.MustCompile(`panic: (?:main\.)?([^\s(]+)\(`)

// cellError converts an error of evaluating unit u (from its show variant if
// show is set) into an Error with a cell position. panicLines are the
// "L:C: panic" lines yaegi printed while the unit ran.
func cellError(err error, code string, u unit, show bool, panicLines []string) *Error {
	e := &Error{}
	if errors.Is(err, context.Canceled) {
		return interruptError()
	}
	var p interp.Panic
	if errors.As(err, &p) && fmt.Sprint(p.Value) == "nil type" {
		// yaegi panics while compiling a range it cannot type: a compile
		// error, which the front end explains.
		err = errors.New("nil type")
	} else if errors.As(err, &p) {
		e.Ename = EnamePanic
		e.Evalue = fmt.Sprint(p.Value)
		if rerr, ok := p.Value.(error); ok {
			e.Evalue = rerr.Error()
		}
		// yaegi's own positions for panics name function declarations, not
		// the failing statement; the statement is the unit that was running.
		e.Line, e.Col = u.ch.MapPos(u.line, u.col)
		for _, l := range panicLines {
			if m := frameRE.FindStringSubmatch(l); m != nil && m[1] != "main" {
				e.frames = append(e.frames, m[1])
			}
		}
		return e.finish(code)
	}
	var mapped error
	if show {
		mapped = u.ch.MapShowError(err)
	} else {
		mapped = u.ch.MapError(err)
	}
	var ce *cell.Error
	if errors.As(mapped, &ce) {
		return fromCellError(ce, err, code)
	}
	e.Ename, e.Evalue = EnameCompile, err.Error()
	return e.finish(code)
}

// fromCellError converts a positioned front-end or mapped interpreter error.
// orig is the interpreter's error (nil for front-end errors).
func fromCellError(ce *cell.Error, orig error, code string) *Error {
	e := &Error{Ename: EnameCompile, Evalue: ce.Msg, Line: ce.Line, Col: ce.Col}
	var el scanner.ErrorList
	if orig == nil || errors.As(orig, &el) {
		e.Ename = EnameSyntax
	}
	return e.finish(code)
}

// finish prefixes evalue with the line and builds the traceback.
func (e *Error) finish(code string) *Error {
	if e.Line > 0 {
		e.Evalue = fmt.Sprintf("line %d: %s", e.Line, e.Evalue)
	}
	e.Traceback = []string{ansiRed + ansiBold + e.Ename + ansiReset + ": " + e.Evalue}
	if e.Line <= 0 {
		return e
	}
	lines := strings.Split(code, "\n")
	if e.Line > len(lines) {
		return e
	}
	where := fmt.Sprintf("in cell line %d", e.Line)
	if len(e.frames) > 0 {
		where = fmt.Sprintf("in %s, called from cell line %d", strings.Join(e.frames, " ← "), e.Line)
	}
	e.Traceback = append(e.Traceback, ansiGreen+where+ansiReset)
	width := len(strconv.Itoa(e.Line + 1))
	for l := e.Line - 2; l <= e.Line; l++ {
		if l < 1 || l > len(lines) {
			continue
		}
		mark := "   "
		text := lines[l-1]
		if l == e.Line {
			mark = ansiRed + "-->" + ansiReset
			text = ansiBold + text + ansiReset
		}
		e.Traceback = append(e.Traceback, fmt.Sprintf("%s %*d | %s", mark, width, l, text))
	}
	if e.Col > 0 {
		src := lines[e.Line-1]
		pad := []rune{}
		for i, r := range src {
			if i >= e.Col-1 {
				break
			}
			if r == '\t' {
				pad = append(pad, '\t')
			} else {
				pad = append(pad, ' ')
			}
		}
		e.Traceback = append(e.Traceback, fmt.Sprintf("    %*s | %s%s^%s", width, "", string(pad), ansiRed, ansiReset))
	}
	return e
}

// interruptError is the error of a cell stopped by an interrupt.
func interruptError() *Error {
	e := &Error{Ename: EnameInterrupt, Evalue: "interrupted"}
	return e.finish("")
}

// EnameReturned names the error of a cell whose last expression returned a
// non-nil error as its last value.
const EnameReturned = "Error"

// returnedError is the error of a cell whose last expression, a call
// returning (…, error), returned a non-nil error. The last expression ends
// the cell, so its last non-blank line is the one shown.
func returnedError(err error, code string) *Error {
	e := &Error{Ename: EnameReturned, Evalue: err.Error()}
	lines := strings.Split(code, "\n")
	for l := len(lines); l > 0; l-- {
		if strings.TrimSpace(lines[l-1]) != "" {
			e.Line = l
			break
		}
	}
	return e.finish(code)
}
