package session

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/gonlm/gonlm/kernel/internal/cell"
)

// stmtPrefix is yaegi's wrapper around statement sources (interp/ast.go).
const stmtPrefix = "package main; func main() {"

// unit is what the session evaluates at once: a declaration chunk, or one
// top-level statement of a statement chunk (so that a runtime panic names the
// statement's line). Src and Show keep the chunk's layout (the text before the
// statement is blanked, newlines kept), so positions yaegi reports for a unit
// are positions in its chunk and the chunk maps them to the cell.
type unit struct {
	ch        *cell.Chunk
	src, show string
	line, col int // yaegi position of the unit's first token
}

// units splits the chunks of a parsed cell into evaluation units.
func units(c *cell.Cell) []unit {
	var out []unit
	for i := range c.Chunks {
		ch := &c.Chunks[i]
		if ch.Kind != cell.Stmts || ch.Helper {
			out = append(out, unit{ch: ch, src: ch.Src, show: ch.Show, line: 1, col: 1})
			continue
		}
		out = append(out, splitStmts(ch)...)
	}
	return out
}

// span is a top-level statement of a statement chunk: its byte offsets, and
// whether it is a call of a function literal.
type span struct {
	start, end  int
	funcLitCall bool
}

// statementSpans returns the top-level statements of src (a statement chunk's
// source), or nil if it does not parse.
func statementSpans(src string) []span {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", stmtPrefix+src+"\n}", parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		return nil
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Body == nil {
		return nil
	}
	var spans []span
	for _, st := range fd.Body.List {
		if _, empty := st.(*ast.EmptyStmt); empty {
			continue
		}
		start := fset.Position(st.Pos()).Offset - len(stmtPrefix)
		end := fset.Position(st.End()).Offset - len(stmtPrefix)
		if start < 0 || end > len(src) || start >= end {
			return nil
		}
		sp := span{start: start, end: end}
		if es, ok := st.(*ast.ExprStmt); ok {
			if call, ok := es.X.(*ast.CallExpr); ok {
				_, sp.funcLitCall = ast.Unparen(call.Fun).(*ast.FuncLit)
			}
		}
		spans = append(spans, sp)
	}
	return spans
}

// splitStmts splits a statement chunk into one unit per statement. A statement
// that calls a function literal, func() { ... }(), is put in a block: yaegi
// v0.16.1 runs such a top-level statement again on every later Eval.
func splitStmts(ch *cell.Chunk) []unit {
	whole := []unit{{ch: ch, src: ch.Src, show: ch.Show, line: 1, col: 1}}
	if code := strings.TrimLeft(ch.Src, " \t\n"); !strings.ContainsAny(code, "\n;") && !strings.HasPrefix(code, "func") {
		// One statement on one line (the common short cell): no need to parse.
		start := len(ch.Src) - len(code)
		u := whole[0]
		u.line = 1 + strings.Count(ch.Src[:start], "\n")
		u.col = start - (strings.LastIndexByte(ch.Src[:start], '\n') + 1) + 1
		if u.line == 1 {
			u.col += len(stmtPrefix)
		}
		return []unit{u}
	}
	spans := statementSpans(ch.Src)
	if len(spans) == 0 {
		return whole
	}
	var showSpans []span
	if ch.Show != "" {
		showSpans = statementSpans(ch.Show)
		if len(showSpans) != len(spans) {
			return whole
		}
	}
	out := make([]unit, 0, len(spans))
	for i, sp := range spans {
		u := unit{ch: ch, src: isolate(ch.Src, sp)}
		u.line = 1 + strings.Count(ch.Src[:sp.start], "\n")
		u.col = sp.start - (strings.LastIndexByte(ch.Src[:sp.start], '\n') + 1) + 1
		if u.line == 1 {
			u.col += len(stmtPrefix)
		}
		if i == len(spans)-1 && showSpans != nil {
			u.show = isolate(ch.Show, showSpans[i])
		}
		out = append(out, u)
	}
	return out
}

// isolate returns the statement sp of src preceded by src[:sp.start] with
// everything but newlines turned into spaces, so the statement keeps its line
// and column; a function literal call is also put in a block, whose "{" takes
// the place of the blank before the statement (or, for a statement at the very
// start, comes first: positions on that line then shift by one column).
func isolate(src string, sp span) string {
	var b strings.Builder
	b.Grow(sp.end + 2)
	open := sp.funcLitCall && sp.start == 0
	if open {
		b.WriteByte('{')
	}
	for i := 0; i < sp.start; i++ {
		switch {
		case sp.funcLitCall && i == sp.start-1:
			if src[i] == '\n' {
				// "{" at the end of the previous line.
				b.WriteString("{\n")
				return isolateRest(&b, src, sp, true)
			}
			b.WriteByte('{')
		case src[i] == '\n':
			b.WriteByte('\n')
		default:
			b.WriteByte(' ')
		}
	}
	return isolateRest(&b, src, sp, sp.funcLitCall)
}

func isolateRest(b *strings.Builder, src string, sp span, block bool) string {
	b.WriteString(src[sp.start:sp.end])
	if block {
		b.WriteString("\n}")
	}
	return b.String()
}
