package cell

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// edit replaces body[start:end] by text.
type edit struct {
	start, end int
	text       string
}

// apply returns body with the sorted, non-overlapping edits applied.
func apply(body string, edits []edit) string {
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.WriteString(body[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(body[last:])
	return b.String()
}

// sortEdits orders edits by start, then end (an insertion at p comes
// before a replacement starting at p).
func sortEdits(es []edit) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].start != es[j].start {
			return es[i].start < es[j].start
		}
		return es[i].end < es[j].end
	})
}

// helperSet records which helper declarations a cell's rewrites need.
type helperSet struct{ min, max, reflect bool }

// The helpers. yaegi infers a type argument constrained by any from the
// first argument, and does not check that < is defined for it, so one
// generic helper serves every ordered type. NaN propagates as in the builtin.
const (
	helperMin = `func _gonlm_min[T any](x T, y ...T) T { if x != x { return x }; for _, v := range y { if v != v { return v }; if v < x { x = v } }; return x }`
	helperMax = `func _gonlm_max[T any](x T, y ...T) T { if x != x { return x }; for _, v := range y { if v != v { return v }; if v > x { x = v } }; return x }`
	helperRef = `import _gonlm_reflect "reflect"`
)

// chunks returns the helper chunks to evaluate before the cell.
func (h *helperSet) chunks(imported map[string]string) []Chunk {
	var out []Chunk
	add := func(src string) { out = append(out, Chunk{Kind: Decls, Src: src, Helper: true, body: src}) }
	if h.reflect && imported["_gonlm_reflect"] != "reflect" {
		add(helperRef)
		out[len(out)-1].imports = map[string]string{"_gonlm_reflect": "reflect"}
	}
	if h.min {
		add(helperMin)
	}
	if h.max {
		add(helperMax)
	}
	return out
}

// goPanicDefer is inserted first in every goroutine a cell starts.
const goPanicDefer = ` defer func() { if r := recover(); r != nil { _gonlm.GoPanic(r) } }();`

// rewriter computes the edits for one chunk.
type rewriter struct {
	front   *Front
	fset    *token.FileSet
	file    *ast.File
	base    int    // length of the wrapper prefix: body offset = file offset - base
	body    string // the chunk's padded source
	scope   *scope
	helpers *helperSet
	edits   []edit
	last    *ast.ExprStmt     // the chunk's last top-level statement, if an expression
	main    *ast.BlockStmt    // the wrapper's body, for statement chunks
	seen    map[string]string // imports made by this chunk, name → path
	stack   []ast.Node        // pass B: the ancestors of the node being rewritten
}

// off returns the body offset of p.
func (r *rewriter) off(p token.Pos) int { return r.fset.Position(p).Offset - r.base }

// src returns the original text of node n.
func (r *rewriter) src(n ast.Node) string { return r.body[r.off(n.Pos()):r.off(n.End())] }

// take renders body[start:end] with the edits that lie inside it applied,
// and removes those edits: the caller's own edit absorbs them. r.edits is
// kept sorted (see add), so the edits inside a span are found by binary
// search and form one run.
func (r *rewriter) take(start, end int) string {
	lo := sort.Search(len(r.edits), func(i int) bool { return r.edits[i].start >= start })
	hi := lo
	var inner, outside []edit
	for hi < len(r.edits) && r.edits[hi].start <= end {
		if e := r.edits[hi]; e.end <= end {
			inner = append(inner, e)
		} else {
			outside = append(outside, e)
		}
		hi++
	}
	// Remove the run in place (outside has at most hi-lo elements, copied
	// out already).
	n := copy(r.edits[lo:], outside)
	r.edits = append(r.edits[:lo+n], r.edits[hi:]...)
	var b strings.Builder
	last := start
	for _, e := range inner {
		b.WriteString(r.body[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(r.body[last:end])
	return b.String()
}

// add records e, keeping r.edits sorted by start then end; an edit equal in
// both goes after those recorded before it.
func (r *rewriter) add(e edit) {
	i := sort.Search(len(r.edits), func(i int) bool {
		x := r.edits[i]
		return x.start > e.start || x.start == e.start && x.end > e.end
	})
	r.edits = append(r.edits, edit{})
	copy(r.edits[i+1:], r.edits[i:])
	r.edits[i] = e
}

// takeNode renders node n with its inner edits.
func (r *rewriter) takeNode(n ast.Node) string { return r.take(r.off(n.Pos()), r.off(n.End())) }

// replace records an edit of node n's span, padding text with the newlines
// the span had so that later lines keep their numbers.
func (r *rewriter) replace(start, end int, text string) {
	if d := strings.Count(r.body[start:end], "\n") - strings.Count(text, "\n"); d > 0 {
		text += strings.Repeat("\n", d)
	}
	r.add(edit{start, end, text})
}

// insert records an insertion at body offset p.
func (r *rewriter) insert(p int, text string) { r.add(edit{p, p, text}) }

// fresh returns a new identifier "_<base><n>_".
func (r *rewriter) fresh(base string) string {
	r.front.seq++
	return "_" + base + strconv.Itoa(r.front.seq) + "_"
}

// run computes the chunk's edits, or returns a *Error for an unsupported
// construct.
func (r *rewriter) run() error {
	var root ast.Node = r.file
	if fd, ok := r.file.Decls[0].(*ast.FuncDecl); ok && fd.Name.Name == "main" && len(r.file.Decls) == 1 && r.base == len(stmtPrefix) {
		root = fd.Body
		r.main = fd.Body
		if n := len(fd.Body.List); n > 0 {
			if es, ok := fd.Body.List[n-1].(*ast.ExprStmt); ok {
				r.last = es
			}
		}
	}
	// Pass A (pre-order): per-iteration loop variables. These edits are
	// single identifiers and insertions after a loop body's brace, which
	// pass B's larger edits absorb.
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			r.loopVarsRange(n)
		case *ast.ForStmt:
			r.loopVarsFor(n)
		}
		return true
	})
	// Pass B (post-order): everything else, inner nodes first.
	var err error
	ast.Inspect(root, func(n ast.Node) bool {
		if err != nil {
			return false
		}
		if n != nil {
			r.stack = append(r.stack, n)
			return true
		}
		n = r.stack[len(r.stack)-1]
		r.stack = r.stack[:len(r.stack)-1]
		var parent ast.Node
		if len(r.stack) > 0 {
			parent = r.stack[len(r.stack)-1]
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			err = r.call(n)
		case *ast.RangeStmt:
			err = r.rangeStmt(n, parent)
		case *ast.GoStmt:
			r.goStmt(n, parent != nil && parent == r.main)
		case *ast.GenDecl:
			if n.Tok == token.IMPORT {
				r.imports(n)
			}
		case *ast.ExprStmt:
			if parent != nil && parent == r.main {
				r.funcLitCall(n)
			}
		}
		return true
	})
	sortEdits(r.edits)
	return err
}

// importName returns the name an import spec binds: its explicit name, or
// the package name guessed from the path (the last element, or the one
// before a /vN major-version suffix).
func importName(s *ast.ImportSpec) (name, path string) {
	path, err := strconv.Unquote(s.Path.Value)
	if err != nil {
		return "", ""
	}
	if s.Name != nil {
		return s.Name.Name, path
	}
	parts := strings.Split(path, "/")
	name = parts[len(parts)-1]
	if len(parts) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = parts[len(parts)-2]
	}
	return name, path
}

// blank returns text with every character but newlines replaced by spaces.
func blank(text string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		return ' '
	}, text)
}

// imports records the chunk's imports and blanks out those that an earlier
// chunk already made under the same name: yaegi rejects importing a package
// twice ("fmt/_.go redeclared in this block"), and notebook cells import fmt
// again and again.
func (r *rewriter) imports(g *ast.GenDecl) {
	var dup []*ast.ImportSpec
	for _, sp := range g.Specs {
		is := sp.(*ast.ImportSpec)
		name, path := importName(is)
		if name == "" || name == "_" || name == "." {
			continue
		}
		canon := r.front.canonical(path)
		if prev, ok := r.front.imported[name]; ok && r.front.canonical(prev) == canon {
			dup = append(dup, is)
			continue
		}
		if prev, ok := r.seen[name]; ok && r.front.canonical(prev) == canon {
			dup = append(dup, is)
			continue
		}
		r.seen[name] = path
	}
	if len(dup) == 0 {
		return
	}
	if !g.Lparen.IsValid() {
		start, end := r.off(g.Pos()), r.off(g.End())
		r.replace(start, end, blank(r.body[start:end]))
		return
	}
	for _, is := range dup {
		start, end := r.off(is.Pos()), r.off(is.End())
		r.replace(start, end, blank(r.body[start:end]))
	}
}

// errorAt returns a *Error at node n.
func (r *rewriter) errorAt(n ast.Node, format string, args ...any) error {
	p := r.fset.Position(n.Pos())
	line, col := p.Line, p.Column
	if line == 1 {
		col -= r.base
	}
	return &Error{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// builtin reports whether name is used as the builtin (the cell does not
// declare something with that name).
func (r *rewriter) builtin(name string) bool {
	if _, ok := r.scope.names[name]; ok {
		return false
	}
	_, ok := r.front.names[name]
	return !ok
}

// call rewrites min, max and clear, and rejects calls of generic functions
// with type-set constraints that lack explicit type arguments.
func (r *rewriter) call(c *ast.CallExpr) error {
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return nil
	}
	if ts, ok := r.scope.generics[id.Name]; ok {
		if ts {
			return r.errorAt(c, "%s is generic with a type-set constraint: the interpreter cannot infer its type arguments (yaegi issue #1610); write them explicitly, e.g. %s[float64](...)", id.Name, id.Name)
		}
	} else if r.front.generics[id.Name] {
		return r.errorAt(c, "%s is generic with a type-set constraint: the interpreter cannot infer its type arguments (yaegi issue #1610); write them explicitly, e.g. %s[float64](...)", id.Name, id.Name)
	}
	switch id.Name {
	case "min", "max":
		if !r.builtin(id.Name) || len(c.Args) == 0 || c.Ellipsis.IsValid() {
			return nil
		}
		start, end := r.off(c.Pos()), r.off(c.End())
		if v, ok := r.fold(c); ok {
			r.take(start, end)
			r.replace(start, end, v)
			return nil
		}
		// Put the first non-constant argument first: yaegi infers the
		// type argument from it.
		args := append([]ast.Expr(nil), c.Args...)
		for k, a := range args {
			if !isConst(a) {
				copy(args[1:k+1], args[:k])
				args[0] = a
				break
			}
		}
		parts := make([]string, len(args))
		for k, a := range args {
			parts[k] = r.takeNode(a)
		}
		r.take(start, end)
		if id.Name == "min" {
			r.helpers.min = true
		} else {
			r.helpers.max = true
		}
		if st := r.globalDefine(); st != nil && !isConst(args[0]) {
			// yaegi cannot type a global declared from a generic call's
			// result ("nil reflect type"), but it can assign one: seed a
			// hidden global with the first argument, then narrow it.
			v := r.fresh("m")
			seed := parts[0]
			parts[0] = v
			r.insert(r.off(st.Pos()), v+" := "+seed+"; "+v+" = _gonlm_"+id.Name+"("+strings.Join(parts, ", ")+"); ")
			r.replace(start, end, v)
			return nil
		}
		r.replace(start, end, "_gonlm_"+id.Name+"("+strings.Join(parts, ", ")+")")
	case "clear":
		if !r.builtin("clear") || len(c.Args) != 1 {
			return nil
		}
		start, end := r.off(c.Pos()), r.off(c.End())
		arg := r.takeNode(c.Args[0])
		r.take(start, end)
		r.helpers.reflect = true
		r.replace(start, end, "_gonlm_reflect.ValueOf("+arg+").Clear()")
	}
	return nil
}

// globalDefine returns the top-level statement of a statement chunk that
// encloses the node being rewritten when that statement declares globals
// (x := ... or var x = ...) and no function literal lies in between.
func (r *rewriter) globalDefine() ast.Stmt {
	if r.main == nil {
		return nil
	}
	for k := len(r.stack) - 1; k >= 1; k-- {
		switch n := r.stack[k].(type) {
		case *ast.FuncLit:
			return nil
		case ast.Stmt:
			if r.stack[k-1] != r.main {
				return nil
			}
			if a, ok := n.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
				return n
			}
			if _, ok := n.(*ast.DeclStmt); ok {
				return n
			}
			return nil
		}
	}
	return nil
}

// fold evaluates min or max of numeric literals with go/constant.
func (r *rewriter) fold(c *ast.CallExpr) (string, bool) {
	var best constant.Value
	isFloat := false
	for _, a := range c.Args {
		if !isConst(a) {
			return "", false
		}
		v := constValue(a)
		if v.Kind() == constant.Unknown {
			return "", false
		}
		if v.Kind() == constant.Float {
			isFloat = true
		}
		if best == nil {
			best = v
			continue
		}
		less := constant.Compare(v, token.LSS, best)
		if (c.Fun.(*ast.Ident).Name == "min") == less && constant.Compare(v, token.NEQ, best) {
			best = v
		}
	}
	if isFloat {
		f, _ := constant.Float64Val(constant.ToFloat(best))
		s := strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return "(" + s + ")", true
	}
	return "(" + best.ExactString() + ")", true
}

// constValue evaluates a numeric literal expression.
func constValue(e ast.Expr) constant.Value {
	switch e := e.(type) {
	case *ast.BasicLit:
		return constant.MakeFromLiteral(e.Value, e.Kind, 0)
	case *ast.ParenExpr:
		return constValue(e.X)
	case *ast.UnaryExpr:
		return constant.UnaryOp(e.Op, constValue(e.X), 0)
	case *ast.BinaryExpr:
		x, y := constValue(e.X), constValue(e.Y)
		if e.Op == token.QUO && x.Kind() == constant.Int && y.Kind() == constant.Int {
			if constant.Sign(y) == 0 {
				return constant.MakeUnknown()
			}
			return constant.BinaryOp(x, token.QUO_ASSIGN, y) // integer division
		}
		if e.Op == token.QUO && constant.Sign(y) == 0 {
			return constant.MakeUnknown()
		}
		return constant.BinaryOp(x, e.Op, y)
	}
	return constant.MakeUnknown()
}

// simple reports whether evaluating e several times is harmless and cheap.
func simple(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit, *ast.Ident:
		return true
	case *ast.ParenExpr:
		return simple(e.X)
	case *ast.SelectorExpr:
		return simple(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && simple(e.X)
	case *ast.BinaryExpr:
		return simple(e.X) && simple(e.Y)
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") && len(e.Args) == 1 {
			return simple(e.Args[0])
		}
	}
	return false
}

// rangeStmt rewrites range over an integer and rejects range over a function.
func (r *rewriter) rangeStmt(n *ast.RangeStmt, parent ast.Node) error {
	switch r.scope.exprKind(n.X) {
	case kFunc:
		return r.rangeFunc(n)
	case kInt:
	default:
		return nil
	}
	if n.Value != nil {
		return r.errorAt(n.Value, "range over an integer permits only one iteration variable")
	}
	bound := r.takeNode(n.X)
	var key string
	if id, ok := n.Key.(*ast.Ident); ok && id.Name != "_" {
		key = id.Name
	}
	var header string
	hstart := r.off(n.TokPos)
	if n.Key != nil {
		hstart = r.off(n.Key.Pos())
	} else {
		hstart = r.off(n.Range)
	}
	hend := r.off(n.X.End())
	var pre, post string
	if !simple(n.X) {
		if _, labeled := parent.(*ast.LabeledStmt); !labeled {
			v := r.fresh("n")
			pre, post = "{ "+v+" := "+bound+"; ", " }"
			bound = v
		}
	}
	if !strings.HasPrefix(bound, "(") || !strings.HasSuffix(bound, ")") {
		bound = "(" + bound + ")"
	}
	switch {
	case n.Tok == token.ASSIGN && n.Key != nil:
		k := r.takeNode(n.Key)
		header = k + " = " + bound + " - " + bound + "; " + k + " < " + bound + "; " + k + "++"
	default:
		c := r.fresh("k")
		header = c + " := " + bound + " - " + bound + "; " + c + " < " + bound + "; " + c + "++"
		if key != "" {
			r.insert(r.off(n.Body.Lbrace)+1, " "+key+" := "+c+";")
		}
	}
	r.take(hstart, hend)
	r.replace(hstart, hend, header)
	if pre != "" {
		r.insert(r.off(n.For), pre)
		r.insert(r.off(n.End()), post)
	}
	return nil
}

// captured reports whether a function literal inside body mentions name.
func captured(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if fl, ok := n.(*ast.FuncLit); ok {
			if mentions(fl.Body, name) {
				found = true
			}
			return false
		}
		return true
	})
	return found
}

// mentions reports whether name occurs as an identifier in n (not as a
// selector's field).
func mentions(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && id.Name == name {
					found = true
				}
				return !found
			})
			return false
		case *ast.Ident:
			if n.Name == name {
				found = true
			}
		}
		return true
	})
	return found
}

// declares reports whether body declares name itself (so renaming would
// clash).
func declares(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == name {
						found = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				if id.Name == name {
					found = true
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok && id.Name == name && n.Tok == token.DEFINE {
					found = true
				}
			}
		case *ast.FuncType:
			for _, fl := range []*ast.FieldList{n.Params, n.Results} {
				if fl == nil {
					continue
				}
				for _, f := range fl.List {
					for _, id := range f.Names {
						if id.Name == name {
							found = true
						}
					}
				}
			}
		}
		return !found
	})
	return found
}

// assigns reports whether body assigns name or takes its address.
func assigns(body *ast.BlockStmt, name string) bool {
	found := false
	is := func(e ast.Expr) bool { id, ok := e.(*ast.Ident); return ok && id.Name == name }
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					if is(l) {
						found = true
					}
				}
			}
		case *ast.IncDecStmt:
			if is(n.X) {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				found = true
			}
		}
		return !found
	})
	return found
}

// rename records edits that rename every use of name in body to repl.
// Struct-literal keys and selector fields are left alone.
func (r *rewriter) rename(body *ast.BlockStmt, name, repl string) {
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, walk)
			return false
		case *ast.KeyValueExpr:
			// Map and slice literal keys are expressions; a struct literal's
			// keys are field names. Without types, rename only the value
			// unless the key is clearly an expression.
			if _, ok := n.Key.(*ast.Ident); !ok {
				ast.Inspect(n.Key, walk)
			}
			ast.Inspect(n.Value, walk)
			return false
		case *ast.Ident:
			if n.Name == name {
				r.add(edit{r.off(n.Pos()), r.off(n.End()), repl})
			}
		}
		return true
	}
	ast.Inspect(body, walk)
}

// copyLoopVars gives the loop body its own copies of the named loop
// variables when a closure in the body captures them.
func (r *rewriter) copyLoopVars(body *ast.BlockStmt, names []string, mayAssign bool) {
	var decl []string
	for _, name := range names {
		if name == "_" || name == "" || !captured(body, name) || declares(body, name) {
			continue
		}
		if !mayAssign && assigns(body, name) {
			continue
		}
		repl := r.fresh(name)
		r.rename(body, name, repl)
		decl = append(decl, " "+repl+" := "+name+";")
	}
	if len(decl) > 0 {
		r.insert(r.off(body.Lbrace)+1, strings.Join(decl, ""))
	}
}

// loopVarsRange handles for k, v := range x { ... } (not over an integer,
// which rangeStmt handles with its own copy).
func (r *rewriter) loopVarsRange(n *ast.RangeStmt) {
	if k := r.scope.exprKind(n.X); n.Tok != token.DEFINE || k == kInt || k == kFunc {
		return // rangeStmt gives these loops per-iteration variables itself
	}
	var names []string
	for _, e := range []ast.Expr{n.Key, n.Value} {
		if id, ok := e.(*ast.Ident); ok {
			names = append(names, id.Name)
		}
	}
	r.copyLoopVars(n.Body, names, true)
}

// loopVarsFor handles for i := ...; cond; post { ... }.
func (r *rewriter) loopVarsFor(n *ast.ForStmt) {
	a, ok := n.Init.(*ast.AssignStmt)
	if !ok || a.Tok != token.DEFINE {
		return
	}
	var names []string
	for _, l := range a.Lhs {
		if id, ok := l.(*ast.Ident); ok {
			names = append(names, id.Name)
		}
	}
	r.copyLoopVars(n.Body, names, false)
}

// builtins that may appear as a go statement's function.
var builtinFuncs = map[string]bool{
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true, "new": true,
	"panic": true, "print": true, "println": true, "real": true, "recover": true,
}

// goStmt wraps a go statement's call so that a panic in the goroutine is
// recovered and reported through _gonlm.GoPanic.
//
// A go statement at the top level of a statement chunk is moved into a
// function literal called at once, inside a block: yaegi v0.16.1 otherwise
// races (go test -race) between the goroutine storing a closure in the
// global frame and Eval reading its result from that frame; the block keeps
// yaegi from running the call again at every later Eval (see funcLitCall).
func (r *rewriter) goStmt(g *ast.GoStmt, top bool) {
	call := g.Call
	start, end := r.off(g.Pos()), r.off(g.End())
	open, closing := "{ ", " }"
	if top {
		open, closing = "{ func() { ", " }() }"
	}
	if fl, ok := call.Fun.(*ast.FuncLit); ok {
		r.insert(r.off(fl.Body.Lbrace)+1, goPanicDefer)
		if top {
			r.insert(start, open)
			r.insert(end, closing)
		}
		return
	}
	var names, values []string
	fn := r.takeNode(call.Fun)
	if id, ok := call.Fun.(*ast.Ident); !(ok && builtinFuncs[id.Name] && r.builtin(id.Name)) {
		v := r.fresh("gf")
		names, values = append(names, v), append(values, fn)
		fn = v
	}
	args := make([]string, len(call.Args))
	single := len(call.Args) == 1 && !call.Ellipsis.IsValid()
	for k, a := range call.Args {
		text := r.takeNode(a)
		if _, isCall := a.(*ast.CallExpr); single && isCall {
			args[k] = text // may be multi-valued: evaluated in the goroutine
			continue
		}
		v := r.fresh("ga")
		names, values = append(names, v), append(values, text)
		args[k] = v
	}
	invoke := fn + "(" + strings.Join(args, ", ")
	if call.Ellipsis.IsValid() {
		invoke += "..."
	}
	invoke += ")"
	var b strings.Builder
	b.WriteString(open)
	if len(names) > 0 {
		b.WriteString(strings.Join(names, ", ") + " := " + strings.Join(values, ", ") + "; ")
	}
	b.WriteString("go func() {" + goPanicDefer + " " + invoke + " }()" + closing)
	r.take(start, end)
	r.replace(start, end, b.String())
}

// funcLitCall puts a top-level call of a function literal,
// func() { ... }(), in a block: yaegi v0.16.1 runs such a statement again at
// every later Eval when it is the first or last of its Eval.
func (r *rewriter) funcLitCall(s *ast.ExprStmt) {
	c, ok := s.X.(*ast.CallExpr)
	if !ok {
		return
	}
	if _, ok := ast.Unparen(c.Fun).(*ast.FuncLit); !ok {
		return
	}
	r.insert(r.off(s.Pos()), "{ ")
	r.insert(r.off(s.End()), " }")
}

// noShow lists calls kept for their effect: their results are not the
// cell's value.
var noShow = map[string]bool{
	"fmt.Print": true, "fmt.Println": true, "fmt.Printf": true,
	"fmt.Fprint": true, "fmt.Fprintln": true, "fmt.Fprintf": true,
	"fmt.Scan": true, "fmt.Scanln": true, "fmt.Scanf": true,
	"print": true, "println": true, "panic": true, "close": true, "delete": true,
	"clear": true, "copy": true, "recover": true,
}

// showEdits returns the chunk's edits plus the wrapping of its last
// expression statement in _gonlm.Show(...).
func (r *rewriter) showEdits() ([]edit, bool) {
	if r.last == nil {
		return nil, false
	}
	x := r.last.X
	if c, ok := x.(*ast.CallExpr); ok {
		name := ""
		switch fn := c.Fun.(type) {
		case *ast.Ident:
			name = fn.Name
		case *ast.SelectorExpr:
			if id, ok := fn.X.(*ast.Ident); ok {
				name = id.Name + "." + fn.Sel.Name
			}
		}
		if noShow[name] {
			return nil, false
		}
	}
	// The closing parenthesis goes before, the opening one after, any
	// insertion already at the same place (funcLitCall's block braces).
	es := append([]edit{{r.off(x.End()), r.off(x.End()), ")"}}, r.edits...)
	es = append(es, edit{r.off(x.Pos()), r.off(x.Pos()), "_gonlm.Show("})
	sortEdits(es)
	return es, true
}

// rangeFunc rewrites a range over a function (an iterator, Go 1.23) into a
// call of the function with a yield literal:
//
//	for k, v := range seq { body }  →  seq(func(k K, v V) bool { body'; return true })
//
// where body' has break → return false and continue → return true for the
// statements that bind to this loop. It needs the yield's parameter types
// (from the Resolver's reflect types or the function's declaration in a
// cell), and refuses bodies whose meaning would change inside a closure:
// return, defer, goto, and break or continue with a label.
func (r *rewriter) rangeFunc(n *ast.RangeStmt) error {
	unsupported := func(why string) error {
		return r.errorAt(n, "range over a function (%s) %s; call it with a yield function instead: %s(func(v T) bool { ...; return true })", r.src(n.X), why, r.src(n.X))
	}
	params, ok := r.scope.yieldParams(n.X)
	if !ok {
		return unsupported("is not supported by the interpreter when the kernel cannot tell the iterator's element types")
	}
	vars := []ast.Expr{n.Key, n.Value}
	if n.Value != nil && len(params) < 2 || n.Key != nil && len(params) < 1 {
		return unsupported("has more iteration variables than the iterator yields")
	}
	// Check and rewrite the body's branch statements.
	var bad string
	var edits []edit
	// walk visits the statements under node (node itself excluded) that
	// bind to the rewritten loop: inLoop and inSwitch say whether a nested
	// loop, or switch or select, captures break and continue.
	var walk func(node ast.Node, inLoop, inSwitch bool)
	walk = func(node ast.Node, inLoop, inSwitch bool) {
		ast.Inspect(node, func(m ast.Node) bool {
			if m == node {
				return true
			}
			if bad != "" || m == nil {
				return false
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				bad = "contains a return statement"
			case *ast.DeferStmt:
				bad = "contains a defer statement"
			case *ast.BranchStmt:
				switch {
				case m.Tok == token.GOTO:
					bad = "contains a goto"
				case m.Label != nil && (m.Tok == token.BREAK || m.Tok == token.CONTINUE):
					bad = "contains a labeled " + m.Tok.String()
				case m.Tok == token.CONTINUE && !inLoop:
					edits = append(edits, edit{r.off(m.Pos()), r.off(m.End()), "return true"})
				case m.Tok == token.BREAK && !inLoop && !inSwitch:
					edits = append(edits, edit{r.off(m.Pos()), r.off(m.End()), "return false"})
				}
			case *ast.ForStmt, *ast.RangeStmt:
				walk(m, true, inSwitch)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(m, inLoop, true)
				return false
			}
			return true
		})
	}
	walk(n.Body, false, false)
	if bad != "" {
		return unsupported(bad + ", which cannot move into the yield function")
	}
	var decl, assign []string
	for k, typ := range params {
		name := "_"
		if k < 2 && vars[k] != nil {
			if n.Tok == token.DEFINE {
				name = r.src(vars[k])
			} else if id, ok := vars[k].(*ast.Ident); !ok || id.Name != "_" {
				name = r.fresh("p")
				assign = append(assign, " "+r.takeNode(vars[k])+" = "+name+";")
			}
		}
		decl = append(decl, name+" "+typ)
	}
	x := r.takeNode(n.X)
	for _, e := range edits {
		r.add(e)
	}
	hstart, hend := r.off(n.For), r.off(n.Body.Lbrace)+1
	r.take(hstart, r.off(n.X.End()))
	r.replace(hstart, hend, x+"(func("+strings.Join(decl, ", ")+") bool {"+strings.Join(assign, ""))
	rb := r.off(n.Body.Rbrace)
	r.replace(rb, rb+1, "; return true })")
	return nil
}
