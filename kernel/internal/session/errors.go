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
	// Frames are, for a panic, the frames it unwound, innermost first,
	// down to the cell's top level.
	Frames []Frame
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

// cellError converts a compile error of evaluating unit u (from its show
// variant if show is set) into an Error with a cell position.
func cellError(err error, code string, u unit, show bool) *Error {
	e := &Error{}
	if errors.Is(err, context.Canceled) {
		return interruptError()
	}
	var p interp.Panic
	if errors.As(err, &p) {
		// yaegi's compiler panicked ("nil type" for a range it cannot
		// type, which the front end explains; "CFG post-order panic"
		// and the like for code it cannot compile).
		err = errors.New(fmt.Sprint(p.Value))
	}
	err2 := u.unshiftErr(err, show)
	ch := u.chunkAt(errLine(err2))
	var mapped error
	if show && ch.Show != "" {
		mapped = ch.MapShowError(err2)
	} else {
		mapped = ch.MapError(err2)
	}
	var ce *cell.Error
	if errors.As(mapped, &ce) {
		c := *ce
		c.Msg = explainGeneric(c.Msg)
		return fromCellError(&c, err, code)
	}
	e.Ename, e.Evalue = EnameCompile, explainGeneric(err.Error())
	return e.finish(code)
}

// genericMemberRE matches yaegi's messages for a member of a compiled
// package that its tables lack.
var genericMemberRE = regexp.MustCompile(`package (\w+) "(slices|maps|iter)" has no symbol (\w+)|undefined selector (slices|maps|iter)\.(\w+)`)

// explainGeneric adds, to yaegi's message for a missing member of slices,
// maps or iter (whose API is generic), the limitation that causes it:
// yaegi extract skips generic functions and types, and yaegi's own
// interpreted versions of them cover only part of the packages.
func explainGeneric(msg string) string {
	m := genericMemberRE.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	pkg, name := m[2], m[3]
	if pkg == "" {
		pkg, name = m[4], m[5]
	}
	return fmt.Sprintf("%s.%s is not available: yaegi v0.16.1 cannot use the generic functions and types of compiled packages, and its interpreted %s covers only part of it (%s)", pkg, name, pkg, msg)
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
	e.Traceback = append(e.Traceback, ansiGreen+fmt.Sprintf("in cell line %d", e.Line)+ansiReset)
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
