package cell

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"strings"
)

// Kind says how yaegi parses a chunk.
type Kind int

const (
	// Decls is a run of top-level declarations (import, func, type, var,
	// const); yaegi prefixes it with "package main;".
	Decls Kind = iota
	// Stmts is a run of statements; yaegi wraps it in
	// "package main; func main() {" ... "\n}" and runs it in the global scope.
	Stmts
)

// String returns "decls" or "stmts".
func (k Kind) String() string {
	if k == Decls {
		return "decls"
	}
	return "stmts"
}

// Prefix lengths of yaegi's wrappers on line 1 (interp/ast.go parse).
const (
	declPrefix = "package main;"
	stmtPrefix = "package main; func main() {"
	stmtSuffix = "\n}"
)

// Chunk is one maximal run of top-level declarations or of statements of a
// cell, rewritten and ready for interp.Eval.
type Chunk struct {
	// Kind says whether the chunk holds declarations or statements.
	Kind Kind
	// Src is the source to pass to Eval. It is padded with newlines and
	// spaces so that its first token is at cell line Line, column Col.
	Src string
	// Show is, for the cell's last chunk when it ends with an expression
	// statement, Src with that expression wrapped in _gonlm.Show(...); else
	// "". The session compiles Show first and falls back to Src when Show
	// does not compile (a void call, for example).
	Show string
	// Line and Col are the 1-based cell line and byte column of the chunk's
	// first token (both 0 for helper chunks).
	Line, Col int
	// Helper is true for chunks the front end adds (declarations of the
	// helpers that rewrites call); they have no cell position.
	Helper bool

	body      string                 // padded original text: offsets here are cell offsets + padding
	edits     []edit                 // sorted, non-overlapping rewrites applied to body to give Src
	showEdits []edit                 // the same for Show
	imports   map[string]string      // helper chunks: the imports they make, name → path
	declRegs  []*ifaceReg            // helper chunks: the registries they declare
	regTypes  map[*ifaceReg][]regKey // helper chunks: the types they register
	defs      map[string]Entry       // the chunk's declarations, for the Record
	dots      []*types.Package       // packages the chunk imports with import .
	methods   []method               // methods the chunk declares
}

// Cell is a parsed and rewritten cell.
type Cell struct {
	// Chunks are the chunks to evaluate, in order.
	Chunks []Chunk
	// Decls are the top-level declarations of the cell, in order (from the
	// original, unrewritten source; positions refer to Fset). Completion
	// trackers read them.
	Decls []ast.Decl
	// Stmts are the top-level statements of the cell, in order.
	Stmts []ast.Stmt
	// Fset holds the positions of Decls and Stmts.
	Fset *token.FileSet
}

// Error is a problem found in a cell, at a cell position.
type Error struct {
	// Line and Col are the 1-based cell line and byte column (0 if unknown).
	Line, Col int
	// Msg says what is wrong.
	Msg string
	// Incomplete is true when the cell is a syntactically unfinished prefix
	// of valid code (an unclosed brace, string or call), as is_complete
	// needs to know.
	Incomplete bool
}

// Error formats the error as "cell:LINE:COL: MSG".
func (e *Error) Error() string {
	if e.Line == 0 {
		return "cell: " + e.Msg
	}
	return fmt.Sprintf("cell:%d:%d: %s", e.Line, e.Col, e.Msg)
}

// Options configure a Front.
type Options struct {
	// Packages types the compiled packages cells import (the session
	// gives the kernel's symbol tables, symbols.NewImporter; nil: cells can
	// import no package).
	Packages Packages
}

// Front parses, type-checks and rewrites cells for one interpreter. It keeps
// the Record of what the cells that ran declared, so use one Front per
// interpreter and a new one when the interpreter is replaced. A Front is not
// safe for concurrent use (its Record is).
type Front struct {
	pkgs Packages
	fset *token.FileSet
	rec  *Record
	// view is the record plus the declarations of the chunks of the cell
	// being rewritten (valid during Parse).
	view map[string]Entry
	// helperImports are the imports of helper chunks that ran, name → path.
	helperImports map[string]string
	// seq numbers generated identifiers so they never collide across cells.
	seq int
	// recovers holds the functions and methods cells declared whose body
	// calls recover (deferStmt keeps them the deferred function).
	recovers map[*types.Func]bool
	// regs are the registries of the interfaces cells assert to
	// (assert.go).
	regs []*ifaceReg
}

// New returns a Front.
func New(opt Options) *Front {
	f := &Front{pkgs: opt.Packages, fset: token.NewFileSet(), rec: newRecord(), helperImports: map[string]string{}, recovers: map[*types.Func]bool{}}
	if f.pkgs == nil {
		f.pkgs = noPackages{}
	}
	return f
}

// noPackages is the Packages of a Front without any: every import fails.
type noPackages struct{}

func (noPackages) Import(path string) (*types.Package, error) {
	return noPackages{}.ImportFrom(path, "", 0)
}
func (noPackages) ImportFrom(path, _ string, _ types.ImportMode) (*types.Package, error) {
	return nil, fmt.Errorf("package %q: the front end was given no packages", path)
}
func (noPackages) Available(string, string) bool { return false }

// Record returns the record of what the cells that ran declared.
func (f *Front) Record() *Record { return f.rec }

// Ran tells the front end that the interpreter evaluated ch without error,
// so that its declarations exist: they enter the Record, and later cells are
// checked against them (a later cell that imports the same package under
// the same name has that import dropped: yaegi rejects a second import of a
// package). Call it after every successful Eval of a chunk.
func (f *Front) Ran(ch *Chunk) {
	if ch.Helper {
		for name, p := range ch.imports {
			f.helperImports[name] = p
		}
		for _, g := range ch.declRegs {
			g.ran = true
		}
		for g, ts := range ch.regTypes {
			for _, t := range ts {
				g.done[t] = true
			}
		}
		return
	}
	for g, ts := range ch.regTypes {
		for _, t := range ts {
			g.done[t] = true
		}
	}
	f.rec.set(ch.defs, ch.dots, ch.methods)
}

// item is one top-level declaration or statement, as byte offsets in the cell.
type item struct {
	start, end int
	decl       bool
	imp        bool // an import declaration
	pkg        bool // a package clause
}

// Parse splits src into chunks, type-checks them against the Record (every
// error of the cell is reported, as an ErrorList of *Error with cell
// positions, and nothing of a cell with errors may run), checks for
// constructs the interpreter does not support and applies the rewrites. A
// syntax error is a single *Error. A cell with only comments or blanks gives
// no chunks.
func (f *Front) Parse(src string) (*Cell, error) {
	c, ps, err := f.parseOnly(src)
	if err != nil {
		return nil, err
	}
	ts, err := f.check(src, c, ps)
	if err != nil {
		return nil, err
	}
	var helpers helperSet
	view, _ := f.rec.snapshot()
	f.view = view
	defer func() { f.view = nil }()
	rs := make([]*rewriter, len(ps))
	for k := range ps {
		p := &ps[k]
		t := ts[k]
		r := &rewriter{front: f, fset: f.fset, file: p.file, t: t, base: p.off, body: p.ch.body, helpers: &helpers}
		rs[k] = r
		if err := r.run(); err != nil {
			return nil, err
		}
		p.ch.edits = r.edits
		p.ch.Src = apply(p.ch.body, p.ch.edits)
		if k == len(ps)-1 && p.ch.Kind == Stmts {
			if e, ok := r.showEdits(); ok {
				p.ch.Show = apply(p.ch.body, e)
				p.ch.showEdits = e
			}
		}
		p.ch.defs, p.ch.dots, p.ch.methods = t.defs, t.dots, t.methods
		for name, e := range t.defs {
			f.view[name] = e
		}
	}
	regChunks := f.registrationChunks(rs, ps, ts, &helpers)
	for k := 1; k <= len(ps); k++ {
		if rc := regChunks[k]; rc != nil && ps[k-1].ch.Kind == Decls {
			// After a run of declarations, the registrations go in an
			// init function of that run: yaegi runs a main the run
			// declares at the end of its Eval, after its init
			// functions.
			ch := &ps[k-1].ch
			ch.Src += "\nfunc init() { " + rc.Src + "}"
			ch.regTypes = rc.regTypes
			regChunks[k] = nil
		}
	}
	c.Chunks = append(c.Chunks, helpers.chunks(f.helperImports)...)
	for k, p := range ps {
		if regChunks[k] != nil {
			c.Chunks = append(c.Chunks, *regChunks[k])
		}
		if strings.TrimSpace(p.ch.Src) == "" {
			continue // only imports that earlier cells made (the record has them)
		}
		c.Chunks = append(c.Chunks, p.ch)
	}
	if regChunks[len(ps)] != nil {
		c.Chunks = append(c.Chunks, *regChunks[len(ps)])
	}
	return c, nil
}

// registrationChunks returns, for each chunk k, the helper chunk to run
// before it (and at index len(ps), after the last) that registers the
// cells' types implementing the interfaces of the registries (assert.go):
// a type once its declaration and the methods this cell declares on it
// ran, an interface once the chunk declaring it ran.
func (f *Front) registrationChunks(rs []*rewriter, ps []parsed, ts []*typed, h *helperSet) []*Chunk {
	out := make([]*Chunk, len(ps)+1)
	var regs []*ifaceReg
	for _, g := range f.regs {
		if g.ran || h.declares(g) {
			regs = append(regs, g)
		}
	}
	if len(regs) == 0 || len(rs) == 0 {
		return out
	}
	// lastMethod[T] is the last chunk of the cell that declares a method
	// of T.
	lastMethod := map[*types.TypeName]int{}
	for k, t := range ts {
		for _, m := range t.methods {
			lastMethod[m.recv] = k
		}
	}
	view, _ := f.rec.snapshot()
	pending := map[*ifaceReg]map[regKey]bool{}
	for k := 0; k <= len(ps); k++ {
		if k > 0 {
			for name, e := range ts[k-1].defs {
				view[name] = e
			}
		}
		// Only what has all its methods and whose interface exists.
		ready := map[string]Entry{}
		for name, e := range view {
			if tn, ok := e.Obj.(*types.TypeName); ok {
				if last, ok := lastMethod[tn]; ok && last >= k {
					continue
				}
			}
			ready[name] = e
		}
		var now []*ifaceReg
		for _, g := range regs {
			if n, ok := g.iface.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main" {
				if e, ok := view[n.Obj().Name()]; !ok || e.Obj != n.Obj() {
					continue
				}
			}
			now = append(now, g)
		}
		r := rs[min(k, len(rs)-1)]
		if k > 0 {
			r = rs[k-1]
		}
		src, added := r.registrations(ready, now, pending)
		if src == "" {
			continue
		}
		out[k] = &Chunk{Kind: Stmts, Src: src, Helper: true, body: src, regTypes: added}
	}
	return out
}

// splitItems scans src and returns its top-level items. It fails only on
// scanner errors that make the token stream meaningless (an illegal
// character); unbalanced brackets yield one long item that go/parser then
// reports on.
func splitItems(src string) ([]item, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var serr scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { serr.Add(pos, msg) }, 0)
	type tk struct {
		off, end int
		tok      token.Token
		lit      string
	}
	var toks []tk
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		end := off + len(lit)
		if lit == "" || tok == token.SEMICOLON {
			end = off + len(tok.String())
			if tok == token.SEMICOLON && lit == "\n" {
				end = off // automatic semicolon: no text of its own
			}
		}
		toks = append(toks, tk{off, end, tok, lit})
	}
	if len(serr) > 0 {
		e := serr[0]
		msg := e.Msg
		inc := msg == "raw string literal not terminated" || msg == "comment not terminated"
		return nil, &Error{Line: e.Pos.Line, Col: e.Pos.Column, Msg: msg, Incomplete: inc}
	}
	var items []item
	depth := 0
	cur := -1 // index in toks of the current item's first token
	last := -1
	// newItem makes the item of toks[first:end] (end excluded; last is its
	// last token).
	newItem := func(first, end int) item {
		at := func(i int) token.Token { return toks[i].tok }
		it := item{start: toks[first].off, end: toks[last].end, decl: isDeclStart(toks[first].tok, end, first, at),
			imp: toks[first].tok == token.IMPORT, pkg: toks[first].tok == token.PACKAGE}
		return it
	}
	for k, t := range toks {
		if cur < 0 {
			if t.tok == token.SEMICOLON {
				continue
			}
			cur = k
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		if t.tok == token.SEMICOLON && depth <= 0 {
			items = append(items, newItem(cur, k))
			cur = -1
			continue
		}
		last = k
	}
	if cur >= 0 {
		items = append(items, newItem(cur, len(toks)))
	}
	return items, nil
}

// isDeclStart reports whether the item whose first token is toks[cur] is a
// top-level declaration. func followed by a name, or by a parenthesised
// receiver and a name, declares; func followed by a parameter list is a
// function literal, an expression statement.
func isDeclStart(first token.Token, n, cur int, at func(int) token.Token) bool {
	switch first {
	case token.IMPORT, token.TYPE, token.VAR, token.CONST:
		return true
	case token.FUNC:
	default:
		return false
	}
	if cur+1 >= n {
		return true
	}
	switch at(cur + 1) {
	case token.IDENT:
		return true
	case token.LPAREN:
		d := 0
		for k := cur + 1; k < n; k++ {
			switch at(k) {
			case token.LPAREN:
				d++
			case token.RPAREN:
				d--
				if d == 0 {
					// func (r T) Name( declares a method; func() int {
					// starts a literal whose result type is a name.
					return k+2 < n && at(k+1) == token.IDENT && at(k+2) == token.LPAREN
				}
			}
		}
	}
	return false
}

// lineStarts returns the byte offsets at which the lines of s start.
func lineStarts(s string) []int {
	ls := []int{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			ls = append(ls, i+1)
		}
	}
	return ls
}

// posOf returns the 1-based line and byte column of offset off.
func posOf(ls []int, off int) (line, col int) {
	lo, hi := 0, len(ls)-1
	for lo < hi {
		m := (lo + hi + 1) / 2
		if ls[m] <= off {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return lo + 1, off - ls[lo] + 1
}

// parseError converts a go/parser error on a chunk into a *Error at the
// cell position, flagging the incomplete-input cases of is_complete.
func parseError(err error, ch Chunk, prefixLen int, cell string) error {
	var el scanner.ErrorList
	if !errors.As(err, &el) || len(el) == 0 {
		return &Error{Line: ch.Line, Col: ch.Col, Msg: err.Error()}
	}
	e := el[0]
	line, col := e.Pos.Line, e.Pos.Column
	if line == 1 {
		col -= prefixLen
	}
	msg := e.Msg
	inc := strings.HasSuffix(msg, "found 'EOF'") || msg == "raw string literal not terminated" ||
		(strings.HasPrefix(msg, "expected operand, found '}'") && !strings.HasSuffix(strings.TrimSpace(cell), "}"))
	if inc {
		// The position is past the end of the cell (the wrapper's closing
		// brace or EOF): report the end of the cell instead.
		ls := lineStarts(cell)
		if line > len(ls) || (line == len(ls) && col > len(cell)-ls[line-1]+1) || strings.Contains(msg, "found '}'") {
			line, col = posOf(ls, len(strings.TrimRight(cell, " \t\n")))
		}
	}
	if col < 1 {
		col = 1
	}
	return &Error{Line: line, Col: col, Msg: msg, Incomplete: inc}
}

// parsed is a chunk with its AST.
type parsed struct {
	ch   Chunk
	file *ast.File
	off  int // length of the wrapper prefix in the parsed text
}

// parseOnly splits src into chunks and parses them, without rewriting.
func (f *Front) parseOnly(src string) (*Cell, []parsed, error) {
	items, err := splitItems(src)
	if err != nil {
		return nil, nil, err
	}
	c := &Cell{Fset: f.fset}
	lines := lineStarts(src)
	if len(items) > 0 && items[0].pkg {
		// A whole program pasted into a cell: drop the package clause and
		// run the rest as a cell. (yaegi runs func main by itself when it
		// evaluates the chunk that declares it.)
		items = items[1:]
	}
	for _, it := range items {
		if it.pkg {
			line, col := posOf(lines, it.start)
			return nil, nil, &Error{Line: line, Col: col, Msg: "a package clause may only start a cell"}
		}
	}
	var ps []parsed
	for i := 0; i < len(items); {
		j := i
		// Imports must come first in a file: an import after other
		// declarations starts a new chunk.
		for j+1 < len(items) && items[j+1].decl == items[i].decl && !(items[j+1].imp && !items[j].imp) {
			j++
		}
		start, end := items[i].start, items[j].end
		if items[i].decl {
			prevEnd := 0
			if i > 0 {
				prevEnd = items[i-1].end
			}
			start = withDocComment(src, prevEnd, start)
		}
		line, col := posOf(lines, start)
		body := strings.Repeat("\n", line-1) + strings.Repeat(" ", col-1) + src[start:end]
		ch := Chunk{Line: line, Col: col, body: body}
		prefix, suffix := declPrefix, ""
		if items[i].decl {
			ch.Kind = Decls
		} else {
			ch.Kind = Stmts
			prefix, suffix = stmtPrefix, stmtSuffix
		}
		file, perr := parser.ParseFile(f.fset, "", prefix+body+suffix, parser.DeclarationErrors|parser.ParseComments|parser.SkipObjectResolution)
		if perr != nil {
			return nil, nil, parseError(perr, ch, len(prefix), src)
		}
		ps = append(ps, parsed{ch, file, len(prefix)})
		if ch.Kind == Decls {
			c.Decls = append(c.Decls, file.Decls...)
		} else {
			c.Stmts = append(c.Stmts, file.Decls[0].(*ast.FuncDecl).Body.List...)
		}
		i = j + 1
	}
	return c, ps, nil
}

// withDocComment moves start back over the // comment lines directly above
// it (no blank line in between, none before prevEnd), so that a
// declaration keeps its doc comment.
func withDocComment(src string, prevEnd, start int) int {
	ls := strings.LastIndexByte(src[:start], '\n') + 1
	if strings.TrimSpace(src[ls:start]) != "" {
		return start // something else precedes the declaration on its line
	}
	for ls > prevEnd {
		ps := strings.LastIndexByte(src[:ls-1], '\n') + 1
		if ps < prevEnd {
			break
		}
		line := strings.TrimSpace(src[ps : ls-1])
		if !strings.HasPrefix(line, "//") {
			break
		}
		start = ps + strings.Index(src[ps:ls-1], "//")
		ls = ps
	}
	return start
}
