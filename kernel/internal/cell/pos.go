package cell

import (
	"errors"
	"go/scanner"
	"regexp"
	"strconv"
	"strings"
)

// posRE matches the position yaegi puts in front of its messages: "L:C: "
// for type-check errors, "_.go:L:C: " (or another file name) for parse
// errors.
var posRE = regexp.MustCompile(`^(?:[^:\s]*\.go:)?(\d+):(\d+): `)

// MapPos converts a position reported by yaegi for this chunk (line and
// column in the wrapped source) to a cell line and byte column. Positions
// inside rewritten text map to the start of the rewrite. Helper chunks map
// to (0, 0).
func (ch *Chunk) MapPos(line, col int) (cellLine, cellCol int) {
	return ch.mapPos(ch.Src, ch.edits, line, col)
}

// mapPos maps a position in src, which is ch.body with edits applied.
func (ch *Chunk) mapPos(src string, edits []edit, line, col int) (cellLine, cellCol int) {
	if ch.Helper || line < 1 {
		return 0, 0
	}
	if line == 1 {
		if ch.Kind == Decls {
			col -= len(declPrefix)
		} else {
			col -= len(stmtPrefix)
		}
	}
	if col < 1 {
		col = 1
	}
	// Offset in Src, then back through the edits to the body.
	ls := lineStarts(src)
	if line > len(ls) {
		line, col = len(ls), len(src)-ls[len(ls)-1]+1
	}
	off := ls[line-1] + col - 1
	if off > len(src) {
		off = len(src)
	}
	orig := off
	shift := 0 // Src offset minus body offset so far
	for _, e := range edits {
		ns, ne := e.start+shift, e.start+shift+len(e.text) // edit's span in Src
		if off < ns {
			break
		}
		if off < ne {
			orig = e.start
			shift = 0
			off = -1
			break
		}
		shift += len(e.text) - (e.end - e.start)
	}
	if off >= 0 {
		orig = off - shift
	}
	bl := lineStarts(ch.body)
	return posOf(bl, orig)
}

// MapError returns err with the position yaegi reported replaced by the
// cell position: a *Error when err carries a position (a go/scanner
// ErrorList or a message starting "L:C: "), err itself otherwise (runtime
// panics, context cancellation).
func (ch *Chunk) MapError(err error) error {
	return ch.mapError(ch.Src, ch.edits, err)
}

// MapShowError is MapError for an error from evaluating ch.Show.
func (ch *Chunk) MapShowError(err error) error {
	return ch.mapError(ch.Show, ch.showEdits, err)
}

func (ch *Chunk) mapError(src string, edits []edit, err error) error {
	if err == nil {
		return nil
	}
	var el scanner.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		l, c := ch.mapPos(src, edits, el[0].Pos.Line, el[0].Pos.Column)
		return &Error{Line: l, Col: c, Msg: el[0].Msg}
	}
	msg := err.Error()
	m := posRE.FindStringSubmatch(msg)
	if m == nil {
		if e := explainRedeclared(msg); e != msg {
			return &Error{Line: ch.Line, Col: ch.Col, Msg: e}
		}
		if msg == "nil type" {
			return &Error{Line: ch.Line, Col: ch.Col, Msg: nilTypeHint}
		}
		return err
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	l, c := ch.mapPos(src, edits, line, col)
	msg = strings.TrimPrefix(msg, m[0])
	if msg == "constant definition loop" {
		msg += " (the interpreter's message for an undefined name on the right of :=)"
	}
	msg = explainRedeclared(msg)
	return &Error{Line: l, Col: c, Msg: msg}
}

// lineColRE matches "L:C:" at the start of a line of interpreter output.
var lineColRE = regexp.MustCompile(`(?m)^(\d+):(\d+):`)

// MapText rewrites every "L:C:" at the start of a line of text (yaegi
// prints "L:C: panic: ..." lines to its stderr while a panic unwinds) to
// "cell:L:C:" with cell positions.
func (ch *Chunk) MapText(text string) string {
	return lineColRE.ReplaceAllStringFunc(text, func(s string) string {
		m := lineColRE.FindStringSubmatch(s)
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		l, c := ch.MapPos(line, col)
		return "cell:" + strconv.Itoa(l) + ":" + strconv.Itoa(c) + ":"
	})
}

// importRedeclared matches yaegi's message for a second import under a
// name already bound to another package.
var importRedeclared = regexp.MustCompile(`^(\w+)/_\.go redeclared in this block$`)

// explainRedeclared adds advice to yaegi's import clash message.
func explainRedeclared(msg string) string {
	m := importRedeclared.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	return "the name " + m[1] + " is already bound to another imported package (by an earlier cell); import this one under another name, e.g. import " + m[1] + "2 \"path\""
}

// nilTypeHint explains yaegi's "nil type" panic, which it raises (out of
// Eval: the session must recover it) for a range over an integer or a
// function that the front end could not type.
const nilTypeHint = "nil type: the interpreter could not type an expression; if this is a range over an integer (Go 1.22) " +
	"whose type the kernel could not infer, write for i := 0; i < n; i++ instead, and iterate over an iterator by calling it with a yield function"
