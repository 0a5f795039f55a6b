package cell

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"
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

	body      string            // padded original text: offsets here are cell offsets + padding
	edits     []edit            // sorted, non-overlapping rewrites applied to body to give Src
	showEdits []edit            // the same for Show
	imports   map[string]string // imports the chunk makes, name → path
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

// Resolver tells the front end the types of names that it cannot see in
// the cell itself. Both methods may return ok == false when they do not know.
type Resolver interface {
	// GlobalType returns the type of a global variable or constant of the
	// interpreter (declared by an earlier cell).
	GlobalType(name string) (t reflect.Type, ok bool)
	// MemberType returns the type of pkg.name, where pkg is the name under
	// which a compiled package was imported (for example "strings", "mat")
	// and name one of its exported functions, variables or constants.
	MemberType(pkg, name string) (t reflect.Type, ok bool)
}

// Options configure a Front.
type Options struct {
	// Resolver, when not nil, types globals and package members.
	Resolver Resolver
	// Aliases maps import paths that stand for another path's package (a
	// short path such as "display") to that path, so that importing both
	// under the same name counts as one import.
	Aliases map[string]string
}

// Front parses cells for one interpreter. It remembers the declarations of
// the cells it parsed (to type later cells' range expressions and to know
// generic functions), so use one Front per interpreter and a new one when
// the interpreter is replaced. A Front is not safe for concurrent use.
type Front struct {
	opt Options
	// kinds of top-level names declared by earlier cells.
	names map[string]kind
	// generic functions declared by cells: name → true when some type
	// parameter has a type-set constraint (not any or comparable).
	generics map[string]bool
	// kinds of the underlying types of type names, and of the first result
	// of funcs, declared by earlier cells.
	tnames, fresults map[string]kind
	// printed func types of top-level funcs and func variables, and of the
	// func-typed first results of funcs, declared by earlier cells.
	fsig, fres map[string]string
	// imported holds the imports of the chunks that ran (see Ran).
	imported map[string]string
	// seq numbers generated identifiers so they never collide across cells.
	seq int
}

// Ran tells the front end that the interpreter evaluated ch without error,
// so that its imports exist: later cells that import the same package under
// the same name have that import dropped (yaegi rejects a second import of a
// package). Call it after every successful Eval of a chunk.
func (f *Front) Ran(ch *Chunk) {
	for name, p := range ch.imports {
		f.imported[name] = p
	}
}

// canonical returns the import path that path stands for (see Options.Aliases).
func (f *Front) canonical(path string) string {
	if full, ok := f.opt.Aliases[path]; ok {
		return full
	}
	return path
}

func (f *Front) types() map[string]kind   { return f.tnames }
func (f *Front) results() map[string]kind { return f.fresults }

// New returns a Front.
func New(opt Options) *Front {
	return &Front{opt: opt, names: map[string]kind{}, generics: map[string]bool{}, tnames: map[string]kind{}, fresults: map[string]kind{}, imported: map[string]string{}, fsig: map[string]string{}, fres: map[string]string{}}
}

// item is one top-level declaration or statement, as byte offsets in the cell.
type item struct {
	start, end int
	decl       bool
	imp        bool // an import declaration
	pkg        bool // a package clause
}

// Parse splits src into chunks, checks for constructs the interpreter does
// not support and applies the rewrites. The error, if any, is a *Error with a
// cell position. A cell with only comments or blanks gives no chunks.
func (f *Front) Parse(src string) (*Cell, error) {
	c, ps, err := f.parseOnly(src)
	if err != nil {
		return nil, err
	}

	// Learn the cell's own top-level names first (so uses before the
	// declaration inside the cell, e.g. in funcs, are typed), then rewrite.
	local := f.learnTopLevel(c)
	var helpers helperSet
	for k := range ps {
		p := &ps[k]
		r := &rewriter{front: f, fset: c.Fset, file: p.file, base: p.off, body: p.ch.body, scope: local, helpers: &helpers, seen: map[string]string{}}
		if err := r.run(); err != nil {
			return nil, err
		}
		p.ch.imports = r.seen
		p.ch.edits = r.edits
		p.ch.Src = apply(p.ch.body, p.ch.edits)
		if k == len(ps)-1 && p.ch.Kind == Stmts {
			if e, ok := r.showEdits(); ok {
				p.ch.Show = apply(p.ch.body, e)
				p.ch.showEdits = e
			}
		}
	}
	c.Chunks = append(c.Chunks, helpers.chunks(f.imported)...)
	for _, p := range ps {
		if strings.TrimSpace(p.ch.Src) == "" {
			continue // only imports that earlier cells made
		}
		c.Chunks = append(c.Chunks, p.ch)
	}

	// Remember the cell's declarations for later cells.
	for name := range local.top {
		f.names[name] = local.names[name]
		if sig, ok := local.fsig[name]; ok {
			f.fsig[name] = sig
		} else {
			delete(f.fsig, name)
		}
		if sig, ok := local.fres[name]; ok {
			f.fres[name] = sig
		} else {
			delete(f.fres, name)
		}
	}
	for name, k := range local.types {
		f.tnames[name] = k
	}
	for name, k := range local.results {
		f.fresults[name] = k
	}
	f.learnGenerics(c)
	return c, nil
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
		if toks[first].tok == token.VAR {
			// var x = min(a, b): yaegi cannot declare a global from a
			// generic call, so run it as a statement, which the min/max
			// rewrite can hoist.
			for i := first; i+1 < end; i++ {
				if toks[i].tok == token.IDENT && (toks[i].lit == "min" || toks[i].lit == "max") && toks[i+1].tok == token.LPAREN {
					it.decl = false
					break
				}
			}
		}
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
	c := &Cell{Fset: token.NewFileSet()}
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
		file, perr := parser.ParseFile(c.Fset, "", prefix+body+suffix, parser.DeclarationErrors|parser.ParseComments)
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
