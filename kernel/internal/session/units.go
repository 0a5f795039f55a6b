package session

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gonlm/gonlm/kernel/internal/cell"
)

// stmtPrefix is yaegi's wrapper around statement sources (interp/ast.go).
const stmtPrefix = "package main; func main() {"

// unit is what the session evaluates at once: a declaration chunk, or a
// statement chunk (with, after a top-level defer or return, the rest of the
// cell). One Eval per chunk means that a chunk yaegi cannot compile runs
// none of its statements, and that the global frame, which yaegi grows when
// an Eval declares new globals, is not grown while goroutines the chunk
// started run (yaegi v0.16.1 replaces it without synchronisation: a data
// race with goroutines of earlier cells remains). Src and Show keep the
// chunk's layout (the text before the unit is blanked, newlines kept), so
// positions yaegi reports for a unit are positions in its chunk, once the
// text the session inserted is accounted for, and the chunk maps them to
// the cell.
type unit struct {
	ch        *cell.Chunk
	src, show string
	line, col int // yaegi position of the unit's first token
	// wrap are the texts the session added to the chunk's text to make src
	// (and show), at chunk positions; lits are the offsets in src and show
	// of the function literals among them.
	wrap []insert
	lits map[int]bool
	// instr and instrShow are the inserts of the tracer's instrumentation
	// (trace.go) into src and show, at positions in the wrapped text.
	instr, instrShow []insert
	// more are the later chunks of the cell that the unit runs too (after
	// a top-level defer or return), for Front.Ran.
	more []*cell.Chunk
	// tops are the unit's top-level statements.
	tops []topStmt
	// asStmts is set for a chunk of var and const declarations that runs
	// as statements (see units).
	asStmts bool
}

// topStmt is a top-level statement of a unit: its yaegi line (the cell line
// but for the wrapper on line 1), its text, and whether it runs as it is
// (not in a function literal), so that its names are globals.
type topStmt struct {
	line   int
	text   string
	simple bool
}

// insert is n bytes the session inserted before line:col of a unit's
// source (col counts from the start of the chunk text on line 1, not
// yaegi's wrapper).
type insert struct{ line, col, n int }

// units splits the chunks of a parsed cell into evaluation units.
//
// Code at a cell's top level runs as the body of one function, the cell,
// with one difference: names it declares at its top level (x := 1) persist
// for later cells.
//
//   - A compound statement (if, for, switch, select, a block, a labeled
//     statement) runs inside a function literal, so that the names it
//     declares are local to it, as in Go. yaegi v0.16.1 runs a cell's
//     top-level statements in the global scope and treats a := or const
//     inside such a statement there as the global of that name (a block's
//     x := 2 overwrote the cell's x; v, ok := <-ch in a loop failed with
//     "nil type"; v := v copied the zero value). Inside a function these are
//     right.
//   - A defer at the cell's top level (outside function literals) runs when
//     the cell ends, and a return there ends the cell: the statement holding
//     it and the rest of the cell run as one function literal. Names declared
//     from that statement on are therefore local to the cell. (yaegi cannot
//     run either in the global scope: a top-level return crashes its
//     compiler, and deferred calls there pile up in the global frame and run
//     again at the end of every later Eval.) Later chunks of the cell join
//     that literal (var and const declarations become its statements); a
//     cell that declares a function or type after such a statement is
//     refused, since that cannot be inside a function.
//   - Statements joined by a goto and its label stay in the unit's function
//     (a compound one is then not wrapped).
func units(c *cell.Cell) ([]unit, error) {
	var out []unit
	for i := 0; i < len(c.Chunks); i++ {
		ch := &c.Chunks[i]
		if ch.Kind != cell.Stmts || ch.Helper {
			u := unit{ch: ch, src: ch.Src, show: ch.Show, line: 1, col: 1}
			if !ch.Helper && varConstOnly(ch.Src) {
				// var x T = y at the top level runs as a statement,
				// which yaegi also declares as a global: as a
				// package-level declaration it fails for an initialiser
				// that uses a global of an earlier Eval ("variable
				// definition loop"). A ";" in front of the first token
				// makes yaegi parse the chunk as statements.
				if at := len(ch.Src) - len(strings.TrimLeft(ch.Src, " \t\n")); at < len(ch.Src) {
					u.src = ch.Src[:at] + ";" + ch.Src[at:]
					l, c := textPos(ch.Src, at)
					u.wrap = []insert{{l, c, 1}}
					u.asStmts = true
					u.line, u.col = unitPos(ch.Src, at)
				}
			}
			out = append(out, u)
			continue
		}
		// Statements, and the var and const declarations and statements
		// that follow them, run as one Eval (yaegi declares such a var
		// as a global too).
		src, show := ch.Src, ch.Show
		var more []*cell.Chunk
		for i+1 < len(c.Chunks) {
			next := &c.Chunks[i+1]
			if next.Helper || next.Kind == cell.Decls && !varConstOnly(next.Src) {
				break
			}
			merged, ok := overlay(src, next.Src)
			if !ok {
				break
			}
			show = ""
			if next.Show != "" {
				show, _ = overlay(src, next.Show)
			}
			src = merged
			more = append(more, next)
			i++
		}
		us, end := splitStmts(ch, src, show)
		us[len(us)-1].more = more
		out = append(out, us...)
		if end == nil {
			continue
		}
		// The rest of the cell joins the unit that ends it, a function
		// literal left open by splitStmts.
		last := &out[len(out)-1]
		for _, next := range c.Chunks[i+1:] {
			if err := last.join(next, end); err != nil {
				return nil, err
			}
		}
		last.src += "\n}()}"
		if last.show != "" {
			last.show += "\n}()}"
		}
		break
	}
	return out, nil
}

// join appends chunk next, which follows u's chunk in the cell, to u, a
// unit that ends the cell (end says how). next may hold statements or var
// and const declarations (which run as statements of the cell's function);
// anything else cannot follow the end of the cell's function.
func (u *unit) join(next cell.Chunk, end *endInfo) error {
	refuse := func() error {
		return &cell.Error{Line: next.Line, Col: next.Col, Msg: fmt.Sprintf(
			"a %s at a cell's top level (line %d) makes the rest of the cell one function, so this cannot follow it in the same cell; move it before line %d or into another cell",
			end.what, end.line, end.line)}
	}
	if next.Helper {
		return refuse()
	}
	src, show := next.Src, next.Show
	if next.Kind == cell.Decls {
		if !varConstOnly(next.Src) {
			return refuse()
		}
	}
	merged, ok := overlay(u.src, src)
	if !ok {
		return refuse()
	}
	if show != "" {
		if u.show, ok = overlay(u.src, show); !ok {
			u.show = ""
		}
	} else {
		u.show = ""
	}
	u.src = merged
	u.more = append(u.more, &next)
	return nil
}

// varConstOnly reports whether a declaration chunk's source declares
// only variables and constants.
func varConstOnly(src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package main;"+src, parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || (g.Tok != token.VAR && g.Tok != token.CONST) {
			return false
		}
	}
	return true
}

// overlay returns a followed by the lines of b that come after a's last
// line (b is blank before its own text), or false when b's text starts on
// a's last line.
func overlay(a, b string) (string, bool) {
	al := strings.Split(a, "\n")
	bl := strings.Split(b, "\n")
	if len(bl) < len(al) || strings.TrimSpace(bl[len(al)-1]) != "" {
		return "", false
	}
	return a + "\n" + strings.Join(bl[len(al):], "\n"), true
}

// endInfo records the first top-level defer or return of a cell.
type endInfo struct {
	what string // "defer" or "return"
	line int    // cell line
}

// stmtInfo is a top-level statement of a statement chunk.
type stmtInfo struct {
	start, end  int      // byte offsets in the chunk source
	compound    bool     // if, for, switch, select, block, labeled, or a call of recover
	decl        bool     // declares top-level names (x := ..., var)
	funcLitCall bool     // func() { ... }()
	deferStmt   bool     // has a defer outside function literals
	returns     []int    // offsets of its return keywords outside function literals
	gotos       []string // labels its gotos (outside function literals) name
	label       string   // its label, for a labeled statement
}

// statements returns the top-level statements of src (a statement chunk's
// source), or nil if it does not parse.
func statements(src string) []stmtInfo {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", stmtPrefix+src+"\n}", parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		return nil
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Body == nil {
		return nil
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset - len(stmtPrefix) }
	var out []stmtInfo
	for _, st := range fd.Body.List {
		if _, empty := st.(*ast.EmptyStmt); empty {
			continue
		}
		s := stmtInfo{start: off(st.Pos()), end: off(st.End())}
		if s.start < 0 || s.end > len(src) || s.start >= s.end {
			return nil
		}
		switch st := st.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt:
			s.compound = true
		case *ast.LabeledStmt:
			s.compound = true
			s.label = st.Label.Name
		case *ast.AssignStmt:
			s.decl = st.Tok == token.DEFINE
		case *ast.DeclStmt:
			s.decl = true
		case *ast.ExprStmt:
			if call, ok := st.X.(*ast.CallExpr); ok {
				_, s.funcLitCall = ast.Unparen(call.Fun).(*ast.FuncLit)
			}
		}
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				// recover() at the top level returns nil in Go; yaegi
				// dereferences the caller of the global frame (nil).
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "recover" && !s.decl {
					s.compound = true
				}
			case *ast.DeferStmt:
				s.deferStmt = true
			case *ast.ReturnStmt:
				s.returns = append(s.returns, off(n.Pos()))
			case *ast.BranchStmt:
				if n.Tok == token.GOTO && n.Label != nil {
					s.gotos = append(s.gotos, n.Label.Name)
				}
			}
			return true
		})
		out = append(out, s)
	}
	return out
}

// simpleStmtRE matches the start of a one-line cell whose statement needs
// parsing (compound, labeled, defer, return, goto); one that calls recover
// does too.
var simpleStmtRE = regexp.MustCompile(`^(?:if|for|switch|select|defer|return|goto|go|func)\b|^\{|^\w+\s*:[^=]`)

// splitStmts makes the unit of a statement chunk, and reports the chunk's
// first top-level defer or return (the unit is then left open: see units).
func splitStmts(ch *cell.Chunk, src, show string) ([]unit, *endInfo) {
	whole := []unit{{ch: ch, src: src, show: show, line: 1, col: 1}}
	if code := strings.TrimLeft(src, " \t\n"); !strings.ContainsAny(code, "\n;") && !simpleStmtRE.MatchString(code) && !strings.Contains(code, "recover") {
		// One simple statement on one line (the common short cell): no
		// need to parse.
		start := len(src) - len(code)
		u := whole[0]
		u.line, u.col = unitPos(src, start)
		u.tops = []topStmt{{line: u.line, text: strings.TrimSpace(code), simple: true}}
		return []unit{u}, nil
	}
	stmts := statements(src)
	if len(stmts) == 0 {
		return whole, nil
	}
	var shows []stmtInfo
	if show != "" {
		shows = statements(show)
		if len(shows) != len(stmts) {
			return whole, nil
		}
	}
	keep, open := plan(stmts)
	var end *endInfo
	if open >= 0 {
		end = &endInfo{what: "return", line: lineOf(ch, src, stmts[open].start)}
		for _, s := range stmts[open:] {
			if s.deferStmt {
				end.what = "defer"
				break
			}
		}
	}
	u := unit{ch: ch}
	u.src, u.wrap, u.lits = buildUnit(src, stmts, keep, open)
	u.line, u.col = unitPos(src, stmts[0].start)
	if shows != nil {
		u.show, _, _ = buildUnit(show, shows, keep, open)
	}
	for i, st := range stmts {
		l, _ := unitPos(src, st.start)
		simple := !st.compound && !st.funcLitCall && (open < 0 || i < open)
		u.tops = append(u.tops, topStmt{line: l, text: src[st.start:st.end], simple: simple})
	}
	return []unit{u}, end
}

// plan decides how the statements of a chunk run: keep[i] is true for a
// compound statement that must stay in the unit's function (a goto in
// another statement jumps to its label, or it holds a goto to a label
// outside it); open is the index of the first statement of the function
// literal that ends the cell (a top-level defer or return), or -1.
func plan(stmts []stmtInfo) (keep []bool, open int) {
	keep = make([]bool, len(stmts))
	labels := map[string]int{}
	for k, s := range stmts {
		if s.label != "" {
			labels[s.label] = k
		}
	}
	first := len(stmts) // first statement joined by a goto
	for k, s := range stmts {
		for _, g := range s.gotos {
			if at, ok := labels[g]; ok && at != k {
				keep[k], keep[at] = true, true
				first = min(first, k, at)
			}
		}
	}
	open = -1
	for k, s := range stmts {
		if s.deferStmt || len(s.returns) > 0 {
			open = k
			break
		}
	}
	if open >= 0 {
		// Statements joined by gotos stay in one function: with the
		// literal if any of them is in it.
		for k := range stmts {
			if keep[k] && k >= open && first < open {
				open = first
			}
		}
	}
	return keep, open
}

// lineOf returns the cell line of offset off in a chunk source.
func lineOf(ch *cell.Chunk, src string, off int) int {
	l, c := unitPos(src, off)
	line, _ := ch.MapPos(l, c)
	return line
}

// unitPos returns the yaegi position (line, column with the wrapper on line
// 1) of offset off in a statement chunk's source.
func unitPos(src string, off int) (line, col int) {
	line = 1 + strings.Count(src[:off], "\n")
	col = off - (strings.LastIndexByte(src[:off], '\n') + 1) + 1
	if line == 1 {
		col += len(stmtPrefix)
	}
	return line, col
}

// buildUnit returns the source of a chunk's unit: each compound statement
// (unless keep says otherwise) wrapped in a function literal, each call of
// a function literal in a block, and from statement open on (when open >=
// 0) the rest of the chunk as the body of a function literal whose end the
// caller writes ("\n}()}"). It also returns the inserts made and the offsets
// of the function literals they start.
func buildUnit(src string, stmts []stmtInfo, keep []bool, open int) (string, []insert, map[int]bool) {
	var b strings.Builder
	var ins []insert
	lits := map[int]bool{}
	first, last := stmts[0].start, stmts[len(stmts)-1].end
	for i := 0; i < first; i++ {
		if src[i] == '\n' {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	at := first // next byte of src to copy
	add := func(off int, text string) {
		b.WriteString(src[at:off])
		at = off
		if strings.HasPrefix(text, "{func") {
			lits[b.Len()+1] = true
		}
		b.WriteString(text)
		l, c := textPos(src, off)
		ins = append(ins, insert{l, c, len(text)})
	}
	for i, s := range stmts {
		switch {
		case i == open:
			add(s.start, "{func() {")
			b.WriteString(src[at:last])
			return b.String(), ins, lits
		case s.compound && !keep[i]:
			add(s.start, "{func() {")
			b.WriteString(src[at:s.end])
			at = s.end
			b.WriteString("}()}")
		case s.funcLitCall:
			// yaegi v0.16.1 runs a top-level func-literal call again on
			// every later Eval when it is the first or last statement
			// of an Eval; in a block it does not.
			add(s.start, "{")
			b.WriteString(src[at:s.end])
			at = s.end
			b.WriteString("\n}")
		}
	}
	b.WriteString(src[at:last])
	return b.String(), ins, lits
}

// textPos returns the 1-based line and column of offset off in src.
func textPos(src string, off int) (int, int) {
	line := 1 + strings.Count(src[:off], "\n")
	col := off - (strings.LastIndexByte(src[:off], '\n') + 1) + 1
	return line, col
}

// unshift converts a yaegi position in the unit's source (or its show
// variant), with yaegi's wrapper on line 1, to the position in the chunk
// source: it removes the tracer's inserts, then the session's wrapping. A
// position inside inserted text maps to where the text was inserted.
func (u *unit) unshift(line, col int, show bool) (int, int) {
	in, out := 0, 0 // yaegi's prefix on line 1 for the unit, and for its chunk
	if line == 1 {
		in, out = len(stmtPrefix), len(stmtPrefix)
		if u.kind() == cell.Decls {
			in = len(declPrefix)
		}
		if u.ch.Kind == cell.Decls {
			out = len(declPrefix)
		}
	}
	instr := u.instr
	if show {
		instr = u.instrShow
	}
	c := col - in
	c = undoInserts(instr, line, c)
	c = undoInserts(u.wrap, line, c)
	return line, c + out
}

// declPrefix is yaegi's prefix of declaration sources (interp/ast.go).
const declPrefix = "package main;"

// kind is how yaegi parses the unit: as statements for a declaration
// chunk the session runs as statements (asStmts).
func (u *unit) kind() cell.Kind {
	if u.asStmts {
		return cell.Stmts
	}
	return u.ch.Kind
}

// undoInserts converts column c of line, in text with inserts ins, to the
// column in the text without them.
func undoInserts(ins []insert, line, c int) int {
	var on []insert
	for _, in := range ins {
		if in.line == line {
			on = append(on, in)
		}
	}
	sort.Slice(on, func(i, j int) bool { return on[i].col < on[j].col })
	shift := 0
	for _, in := range on {
		at := in.col + shift // where the insert starts in shifted columns
		if c < at {
			break
		}
		if c < at+in.n {
			return in.col
		}
		shift += in.n
	}
	return c - shift
}

// instrument adds the tracer's instrumentation (trace.go) to the unit.
func (u *unit) instrument(t *tracer, c *traceCell) {
	u.src, u.instr = t.instrument(u.src, u.kind(), c, u.lits)
	if u.show != "" {
		u.show, u.instrShow = t.instrument(u.show, u.kind(), c, u.lits)
	}
}

// posPrefixRE matches the "L:C: " in front of yaegi's compile errors.
var posPrefixRE = regexp.MustCompile(`^(?:[^:\s]*\.go:)?(\d+):(\d+): `)

// unshiftErr returns err (from evaluating src, or show) with its position
// converted by unshift, for the chunk's MapError.
func (u *unit) unshiftErr(err error, show bool) error {
	if err == nil {
		return err
	}
	var el scanner.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		out := make(scanner.ErrorList, len(el))
		for i, e := range el {
			c := *e
			c.Pos.Line, c.Pos.Column = u.unshift(e.Pos.Line, e.Pos.Column, show)
			out[i] = &c
		}
		return out
	}
	msg := err.Error()
	m := posPrefixRE.FindStringSubmatch(msg)
	if m == nil {
		return err
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	l, c := u.unshift(line, col, show)
	return unshifted{msg: fmt.Sprintf("%d:%d: %s", l, c, msg[len(m[0]):]), err: err}
}

// unshifted is a compile error whose position unshift converted; it wraps
// the interpreter's error.
type unshifted struct {
	msg string
	err error
}

func (e unshifted) Error() string { return e.msg }
func (e unshifted) Unwrap() error { return e.err }

// ran tells the front end that the unit's chunks ran.
func (u *unit) ran(f *cell.Front) {
	f.Ran(u.ch)
	for _, ch := range u.more {
		f.Ran(ch)
	}
}

// chunkAt returns the chunk of the unit that holds cell line line (a unit
// may run several chunks of a cell: see units).
func (u *unit) chunkAt(line int) *cell.Chunk {
	ch := u.ch
	for _, m := range u.more {
		if m.Line <= line {
			ch = m
		}
	}
	return ch
}

// errLine returns the line of an interpreter error's position (0 if none).
func errLine(err error) int {
	var el scanner.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		return el[0].Pos.Line
	}
	if m := posPrefixRE.FindStringSubmatch(err.Error()); m != nil {
		l, _ := strconv.Atoi(m[1])
		return l
	}
	return 0
}
