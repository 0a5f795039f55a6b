package session

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"regexp"
	"strconv"
	"strings"

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
}

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

var posRE = regexp.MustCompile(`^(?:[^:\s]*\.go:)?(\d+):(\d+): `)

// cellError converts an Eval error for the chunk ch of code into an Error whose
// position is in cell coordinates. panicLines are the "L:C: panic" lines yaegi
// printed while the chunk ran.
func cellError(err error, code string, ch Chunk, panicLines []string) *Error {
	e := &Error{}
	switch {
	case errors.Is(err, context.Canceled):
		e.Ename, e.Evalue = EnameInterrupt, "interrupted"
		return e.finish(code)
	}
	var el scanner.ErrorList
	var p interp.Panic
	switch {
	case errors.As(err, &el) && len(el) > 0:
		e.Ename = EnameSyntax
		e.Line, e.Col = ch.MapPos(el[0].Pos.Line, el[0].Pos.Column)
		e.Evalue = el[0].Msg
		if len(el) > 1 {
			e.Evalue += fmt.Sprintf(" (and %d more errors)", len(el)-1)
		}
	case errors.As(err, &p):
		e.Ename = EnamePanic
		e.Evalue = fmt.Sprint(p.Value)
		if rerr, ok := p.Value.(error); ok {
			e.Evalue = rerr.Error()
		}
		// yaegi reports the innermost frame first; positions inside the
		// statement wrapper's first line are the wrapper, not the cell.
		for _, l := range panicLines {
			if m := posRE.FindStringSubmatch(l); m != nil {
				ln, _ := strconv.Atoi(m[1])
				col, _ := strconv.Atoi(m[2])
				e.Line, e.Col = ch.MapPos(ln, col)
				break
			}
		}
	default:
		e.Ename = EnameCompile
		msg := err.Error()
		if m := posRE.FindStringSubmatch(msg); m != nil {
			ln, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2])
			e.Line, e.Col = ch.MapPos(ln, col)
			msg = msg[len(m[0]):]
		}
		e.Evalue = msg
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
	e.Traceback = append(e.Traceback, fmt.Sprintf("%sin cell line %d%s", ansiGreen, e.Line, ansiReset))
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
