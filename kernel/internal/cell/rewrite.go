package cell

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math/big"
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
type helperSet struct {
	reflect bool
	// funcs are the interpreted generic functions the rewritten calls
	// call: min and max (builtinHelpers) and the members of slices and
	// maps (slices.go), in the order of first use, repeats allowed.
	funcs []*funcHelper
	// regs are the registries the cell declares (assert.go).
	regs []*ifaceReg
	// imports are the packages that printed types name but the cell does
	// not import: import path → name.
	imports map[string]string
}

// The helpers. yaegi infers a type argument constrained by any from the
// first argument, and does not check that < is defined for it, so one
// generic helper serves every ordered type. NaN propagates as in the builtin.
// Floats have their own pair: the builtin orders negative zero below
// positive zero (min(0.0, -0.0) is -0, max(-0.0, 0.0) is 0), which < alone
// cannot see. Their arguments are all variadic because yaegi v0.16.1 drops
// the sign of a -0 passed to an ordinary parameter of an interpreted
// function (it skips copying an argument for which reflect's IsZero holds,
// leaving the parameter +0) but keeps it in a variadic slice.
const (
	helperMin      = `func _gonlm_min[T any](x T, y ...T) T { if x != x { return x }; for _, v := range y { if v != v { return v }; if v < x { x = v } }; return x }`
	helperMax      = `func _gonlm_max[T any](x T, y ...T) T { if x != x { return x }; for _, v := range y { if v != v { return v }; if v > x { x = v } }; return x }`
	helperMinFloat = `func _gonlm_minFloat[T any](y ...T) T { x := y[0]; for _, v := range y { if v != v { return v }; if v < x || v == x && v == 0 && _gonlm_math.Signbit(float64(v)) { x = v } }; return x }`
	helperMaxFloat = `func _gonlm_maxFloat[T any](y ...T) T { x := y[0]; for _, v := range y { if v != v { return v }; if v > x || v == x && v == 0 && _gonlm_math.Signbit(float64(x)) { x = v } }; return x }`
)

// builtinHelpers are the helpers of the builtins min and max.
var builtinHelpers = map[string]*funcHelper{
	"min": {name: "_gonlm_min", src: helperMin,
		float: &funcHelper{name: "_gonlm_minFloat", src: helperMinFloat, imports: []string{"math"}}},
	"max": {name: "_gonlm_max", src: helperMax,
		float: &funcHelper{name: "_gonlm_maxFloat", src: helperMaxFloat, imports: []string{"math"}}},
}

// chunks returns the helper chunks to evaluate before the cell; imported
// holds the helper imports that earlier cells made (name → path).
func (h *helperSet) chunks(imported map[string]string) []Chunk {
	var out []Chunk
	add := func(src string) { out = append(out, Chunk{Kind: Decls, Src: src, Helper: true, body: src}) }
	imp := map[string]string{}
	if h.reflect {
		imp["_gonlm_reflect"] = "reflect"
	}
	for path, name := range h.imports {
		imp[name] = path
	}
	names := make([]string, 0, len(imp))
	for name := range imp {
		if imported[name] != imp[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		add("import " + name + " " + strconv.Quote(imp[name]))
		out[len(out)-1].imports = map[string]string{name: imp[name]}
	}
	for _, g := range h.regs {
		src := "var " + g.name + " []func(any, any) bool"
		if g.alias != "" {
			src += "; type " + g.alias + " = " + g.literal
		}
		add(src)
		out[len(out)-1].declRegs = []*ifaceReg{g}
	}
	seen := map[string]bool{}
	for _, s := range h.funcs {
		if !seen[s.name] {
			seen[s.name] = true
			add(s.src)
		}
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
	t       *typed // the chunk's type information
	base    int    // length of the wrapper prefix: body offset = file offset - base
	body    string // the chunk's padded source
	helpers *helperSet
	edits   []edit
	last    *ast.ExprStmt         // the chunk's last top-level statement, if an expression
	main    *ast.BlockStmt        // the wrapper's body, for statement chunks
	names   map[*ast.Ident]string // identifiers renamed in the interpreter's source
	stack   []ast.Node            // pass B: the ancestors of the node being rewritten
	// deferring caches, per function body, whether it defers calls.
	deferring map[*ast.BlockStmt]bool
	// results are the named results that namedResults moved to locals,
	// per function body.
	results map[*ast.BlockStmt]*namedRes
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
	if r.t.body != nil {
		root = r.t.body
		r.main = r.t.body
		if n := len(r.main.List); n > 0 {
			if es, ok := r.main.List[n-1].(*ast.ExprStmt); ok {
				r.last = es
			}
		}
	}
	// Pass A: names. Per-iteration loop variables get copies, then every
	// identifier whose object has another name in the interpreter gets
	// one edit (single identifiers, which pass B's larger edits absorb).
	r.names = map[*ast.Ident]string{}
	labels := map[ast.Stmt]string{}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.LabeledStmt:
			labels[n.Stmt] = n.Label.Name
		case *ast.FuncDecl:
			r.namedResults(n.Type, n.Body)
		case *ast.FuncLit:
			r.namedResults(n.Type, n.Body)
		case *ast.RangeStmt:
			r.loopVarsRange(n)
		case *ast.ForStmt:
			r.loopVarsFor(n, labels[n])
		}
		return true
	})
	r.renames(root)
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
			r.typedNils(n)
			if r.slicesCall(n) {
				break
			}
			err = r.call(n)
			r.fmtRewrite(n)
			r.errorsCall(n)
		case *ast.Ident:
			r.instance(n, parent)
			r.genericValue(n)
		case *ast.SelectorExpr:
			r.method(n)
			r.compiledConst(n)
		case *ast.RangeStmt:
			err = r.rangeStmt(n, parent)
		case *ast.GoStmt:
			r.goStmt(n, parent != nil && parent == r.main)
		case *ast.DeferStmt:
			r.deferStmt(n, parent)
		case *ast.ReturnStmt:
			r.typedNils(n)
			r.returnStmt(n)
		case *ast.FuncLit:
			r.closureInDeferringFunc(n, parent)
		case *ast.BinaryExpr:
			r.compare(n)
		case *ast.TypeAssertExpr:
			err = r.typeAssert(n, parent)
		case *ast.TypeSwitchStmt:
			err = r.typeSwitch(n, parent)
		case *ast.GenDecl:
			if n.Tok == token.IMPORT {
				r.imports(n)
			}
			if n.Tok == token.VAR && r.t.body == nil {
				r.packageVars(n)
			}
		case *ast.ExprStmt:
			if parent != nil && parent == r.main {
				r.funcLitCall(n)
			}
		case *ast.AssignStmt:
			r.typedNils(n)
			if n.Tok == token.DEFINE && r.global() {
				r.genericInit(n.Rhs, len(n.Lhs))
				if parent != nil && parent == r.main {
					r.commaOkInit(n.Rhs, len(n.Lhs))
				}
			}
		case *ast.ValueSpec:
			if g, ok := parent.(*ast.GenDecl); ok && g.Tok == token.CONST {
				r.constRepeat(n)
			}
			r.typedNils(n)
			if r.global() && r.t.body != nil {
				r.genericInit(n.Values, len(n.Names))
				if r.topDecl() {
					r.commaOkInit(n.Values, len(n.Names))
				}
			}
		}
		return true
	})
	sortEdits(r.edits)
	return err
}

// packageVars gives each package-level var of a declaration chunk whose
// initial value uses a variable of an earlier chunk, or calls a generic
// function, a function that computes it: var y = x + 1 becomes
// func _gonlm_v1() int { return x + 1 }; var y = _gonlm_v1(). yaegi v0.16.1
// cannot initialize a package-level var from a variable of an earlier Eval
// ("variable definition loop", and the var is declared with the zero value
// anyway), even inside a function literal, nor from a generic call (the
// zero value, silently); a declared function that reads them works.
func (r *rewriter) packageVars(g *ast.GenDecl) {
	var funcs []string
	for _, sp := range g.Specs {
		vs := sp.(*ast.ValueSpec)
		if len(vs.Values) == 0 {
			continue
		}
		need := false
		for _, v := range vs.Values {
			if r.callsGeneric(v) || r.usesEarlierVar(v) || (len(vs.Names) == 2 && r.commaOk(v)) {
				need = true
			}
		}
		if !need {
			continue
		}
		var res []string
		for _, v := range vs.Values {
			t := r.t.info.Types[v].Type
			if tup, ok := t.(*types.Tuple); ok {
				for i := range tup.Len() {
					res = append(res, r.typeString(tup.At(i).Type()))
				}
				continue
			}
			res = append(res, r.typeString(t))
		}
		name := r.fresh("gonlm_v")
		start, end := r.off(vs.Values[0].Pos()), r.off(vs.Values[len(vs.Values)-1].End())
		text := r.take(start, end)
		if strings.Contains(text, "//") {
			// The text keeps its lines (a line comment ends at one);
			// the call then takes none, so later lines stay put.
			r.add(edit{start, end, name + "()"})
		} else {
			text = strings.ReplaceAll(text, "\n", " ")
			r.replace(start, end, name+"()")
		}
		results := strings.Join(res, ", ")
		if len(res) > 1 {
			results = "(" + results + ")"
		}
		body := "return " + text
		if len(vs.Values) == 1 && len(vs.Names) == 2 && r.commaOk(vs.Values[0]) {
			body = "_gonlm_v, _gonlm_ok := " + text + "; return _gonlm_v, _gonlm_ok"
		}
		funcs = append(funcs, "func "+name+"() "+results+" { "+body+" }; ")
	}
	if len(funcs) > 0 {
		// Before the declaration: yaegi types a multi-valued call only of
		// a function declared before it.
		r.insert(r.off(g.Pos()), strings.Join(funcs, ""))
	}
}

// usesEarlierVar reports whether e reads a variable that an earlier chunk
// (of this cell or of an earlier one) declared.
func (r *rewriter) usesEarlierVar(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !found {
			if v, ok := r.t.info.Uses[id].(*types.Var); ok {
				if ent, ok := r.front.view[v.Name()]; ok && ent.Obj == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// method rewrites method values and method expressions:
//
//   - yaegi v0.16.1 binds a method value's receiver late (x.M, then a
//     change to x, and the method value sees the change; Go evaluates and
//     copies the receiver when it evaluates x.M): x.M becomes
//     func(_gonlm_r T) func(A) R { return func(_gonlm_a0 A) R { return _gonlm_r.M(_gonlm_a0) } }(x),
//     which evaluates x once (&x when M takes a pointer receiver and x is
//     an addressable value, as Go does);
//   - a method expression T.M panics in yaegi ("reflect: Call with too many
//     input arguments", and "cannot use type" for compiled types): it becomes
//     func(_gonlm_r T, _gonlm_a0 A0, ...) R { return _gonlm_r.M(_gonlm_a0, ...) }.
//
// A method value that is called at once (x.M(...)) is left alone.
func (r *rewriter) method(sel *ast.SelectorExpr) {
	s, ok := r.t.info.Selections[sel]
	if !ok || (s.Kind() != types.MethodVal && s.Kind() != types.MethodExpr) {
		return
	}
	// Called at once? The selector may be parenthesized.
	for k := len(r.stack) - 1; k >= 0; k-- {
		switch p := r.stack[k].(type) {
		case *ast.ParenExpr:
			continue
		case *ast.CallExpr:
			if ast.Unparen(p.Fun) == sel {
				return
			}
		}
		break
	}
	start, end := r.off(sel.Pos()), r.off(sel.End())
	if text, ok := r.methodText(sel); ok {
		r.take(start, end)
		r.replace(start, end, text)
	}
}

// compiledConst writes an untyped floating-point constant of a compiled
// package (math.MaxFloat32, math.Pi) as its value: yaegi v0.16.1 gives it
// the type float64, so constant expressions with it fail ("mismatched types
// untyped float64 and untyped float") or lose precision.
func (r *rewriter) compiledConst(sel *ast.SelectorExpr) {
	c, ok := r.t.info.Uses[sel.Sel].(*types.Const)
	if !ok || c.Pkg() == nil || c.Pkg().Path() == "main" {
		return
	}
	b, ok := c.Type().(*types.Basic)
	if !ok || b.Kind() != types.UntypedFloat {
		return
	}
	var f big.Float
	switch v := constant.Val(c.Val()).(type) {
	case *big.Float:
		f.Set(v)
	case *big.Rat:
		f.SetPrec(512).SetRat(v)
	default:
		return
	}
	lit := f.Text('g', 80)
	if !strings.ContainsAny(lit, ".eE") {
		lit += ".0"
	}
	start, end := r.off(sel.Pos()), r.off(sel.End())
	r.take(start, end)
	r.replace(start, end, "("+lit+")")
}

// forwarder returns the pieces of a function literal that forwards its
// arguments to a function of signature sig: the parameter declarations
// (_gonlm_a0 T0, ..., the last one ...T for a variadic sig), the arguments
// from the first'th parameter on (the variadic one spread with ...), the
// result list (" T", " (T1, T2)" or "") and "return " when sig has results.
func (r *rewriter) forwarder(sig *types.Signature, first int) (params, args []string, results, ret string) {
	for i := range sig.Params().Len() {
		name := "_gonlm_a" + strconv.Itoa(i)
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			params = append(params, name+" ..."+r.typeString(t.(*types.Slice).Elem()))
			name += "..."
		} else {
			params = append(params, name+" "+r.typeString(t))
		}
		if i >= first {
			args = append(args, name)
		}
	}
	switch rs := sig.Results(); rs.Len() {
	case 0:
	case 1:
		results, ret = " "+r.typeString(rs.At(0).Type()), "return "
	default:
		results, ret = " "+r.typeString(rs), "return "
	}
	return params, args, results, ret
}

// methodText returns the rewritten text of a method value or expression
// (see method), taking the edits inside its receiver.
func (r *rewriter) methodText(sel *ast.SelectorExpr) (string, bool) {
	s, ok := r.t.info.Selections[sel]
	if !ok || (s.Kind() != types.MethodVal && s.Kind() != types.MethodExpr) {
		return "", false
	}
	sig, ok := r.t.info.Types[sel].Type.(*types.Signature)
	if !ok {
		return "", false
	}
	lit := func(first int) (params, args []string, results string) {
		params, args, results, _ = r.forwarder(sig, first)
		return params, args, results
	}
	_, _, _, ret := r.forwarder(sig, 0)
	if s.Kind() == types.MethodVal {
		recv := s.Recv()
		x := r.takeNode(sel.X)
		fn := s.Obj().(*types.Func)
		_, ptrRecv := fn.Type().(*types.Signature).Recv().Type().(*types.Pointer)
		pt, isPtr := recv.Underlying().(*types.Pointer)
		switch {
		case ptrRecv && !isPtr && !types.IsInterface(recv):
			if tv := r.t.info.Types[sel.X]; tv.Addressable() {
				x = "&(" + x + ")"
				recv = types.NewPointer(recv)
			}
		case !ptrRecv && isPtr && len(s.Index()) == 1 && !types.IsInterface(fn.Type().(*types.Signature).Recv().Type()):
			// A value method through a pointer copies *x now.
			x = "*(" + x + ")"
			recv = pt.Elem()
		}
		params, args, results := lit(0)
		// A closure calling the method: yaegi cannot return a method
		// value of a compiled type from a function ("cannot use (type
		// valueT) as type funcT").
		inner := "func(" + strings.Join(params, ", ") + ")" + results + " { " + ret + "_gonlm_r." + sel.Sel.Name + "(" + strings.Join(args, ", ") + ") }"
		return "func(_gonlm_r " + r.typeString(recv) + ") " + r.typeString(sig) + " { return " + inner + " }(" + x + ")", true
	}
	// A method expression: sig's first parameter is the receiver.
	params, args, results := lit(1)
	return "func(" + strings.Join(params, ", ") + ")" + results + " { " + ret + "_gonlm_a0." + sel.Sel.Name + "(" + strings.Join(args, ", ") + ") }", true
}

// topDecl reports whether the value spec being rewritten (pass B) is in
// a var declaration at the top level of a statement chunk (the session
// runs compound statements in function literals: only these declare
// globals).
func (r *rewriter) topDecl() bool {
	n := len(r.stack) // the spec's ancestors: ..., main, DeclStmt, GenDecl
	return n >= 3 && r.main != nil && r.stack[n-3] == r.main
}

// global reports whether the node being rewritten (pass B) is outside
// every function: at a cell's top level, where declarations make globals.
func (r *rewriter) global() bool {
	for _, n := range r.stack {
		switch n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return true
}

// genericInit wraps the initial values of a global declaration that call
// generic functions in a function literal called at once,
// func() T { return value }(): yaegi v0.16.1 fails to declare a global
// from such a value ("constant definition loop", or a nil pointer panic
// inside the interpreter), and a package-level var declared from it
// silently gets the zero value. n is the number of declared names.
//
// A value that indexes a string (b := s[0], b := s[0] + 1) fails the
// same way ("constant definition loop", a nil pointer panic): yaegi does
// not type the byte for a global. It gets the same function literal.
func (r *rewriter) genericInit(values []ast.Expr, n int) {
	for _, v := range values {
		if !r.callsGeneric(v) && !r.indexesString(v) {
			continue
		}
		tv := r.t.info.Types[v]
		if tv.Type == nil {
			continue
		}
		var res string
		if tup, ok := tv.Type.(*types.Tuple); ok {
			if tup.Len() != n {
				continue
			}
			res = r.typeString(tup)
		} else {
			res = r.typeString(tv.Type)
		}
		start, end := r.off(v.Pos()), r.off(v.End())
		text := r.take(start, end)
		r.replace(start, end, "func() "+res+" { return "+text+" }()")
	}
}

// commaOk reports whether e, the one value of a two-name declaration, is a
// comma-ok expression: a map index, a receive or a type assertion.
func (r *rewriter) commaOk(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.TypeAssertExpr:
		return true
	case *ast.UnaryExpr:
		return e.Op == token.ARROW
	case *ast.IndexExpr:
		t := r.t.info.Types[e.X].Type
		if t == nil {
			return false
		}
		_, isMap := t.Underlying().(*types.Map)
		return isMap
	}
	return false
}

// commaOkInit wraps the comma-ok value of a global declaration
// (v, ok := m[k], <-ch or x.(T) at a cell's top level) in a function
// literal called at once: yaegi v0.16.1 cannot declare globals from a
// comma-ok expression ("nil type"); inside a function it can.
//
//	v, ok := m[k]  →  v, ok := func() (V, bool) { _gonlm_v, _gonlm_ok := m[k]; return _gonlm_v, _gonlm_ok }()
func (r *rewriter) commaOkInit(values []ast.Expr, n int) {
	if n != 2 || len(values) != 1 || !r.commaOk(values[0]) {
		return
	}
	v := values[0]
	tv := r.t.info.Types[v]
	tup, ok := tv.Type.(*types.Tuple)
	if !ok || tup.Len() != 2 {
		return
	}
	start, end := r.off(v.Pos()), r.off(v.End())
	text := r.take(start, end)
	r.replace(start, end, "func() "+r.typeString(tup)+" { _gonlm_v, _gonlm_ok := "+text+"; return _gonlm_v, _gonlm_ok }()")
}

// constRepeat writes out the values of a const spec with several names
// that repeats the previous spec of its group (x1, y1 after x0, y0 =
// iota, iota * 2): yaegi v0.16.1 fails on it ("constant definition
// loop"). The values are the checker's, typed as the constants are.
func (r *rewriter) constRepeat(vs *ast.ValueSpec) {
	if len(vs.Values) > 0 || len(vs.Names) < 2 || vs.Type != nil {
		return
	}
	vals := make([]string, len(vs.Names))
	for k, id := range vs.Names {
		c, ok := r.t.info.Defs[id].(*types.Const)
		if !ok {
			return
		}
		vals[k] = r.constant(types.TypeAndValue{Type: c.Type(), Value: c.Val()})
	}
	r.insert(r.off(vs.Names[len(vs.Names)-1].End()), " = "+strings.Join(vals, ", "))
}

// indexesString reports whether e indexes a string (outside function
// literals).
func (r *rewriter) indexesString(e ast.Expr) bool {
	return outsideLits(e, func(n ast.Node) bool {
		ix, ok := n.(*ast.IndexExpr)
		if !ok {
			return false
		}
		t := r.t.info.Types[ix.X].Type
		if t == nil {
			return false
		}
		b, ok := t.Underlying().(*types.Basic)
		return ok && b.Info()&types.IsString != 0
	})
}

// callsGeneric reports whether e calls a generic function (or min or max,
// which become calls of generic helpers) outside function literals.
func (r *rewriter) callsGeneric(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if (r.isBuiltin(n.Fun, "min") || r.isBuiltin(n.Fun, "max")) && r.t.info.Types[n].Value == nil {
				found = true
			}
			fn := ast.Unparen(n.Fun)
			switch x := fn.(type) {
			case *ast.IndexExpr:
				fn = x.X
			case *ast.IndexListExpr:
				fn = x.X
			}
			if sel, ok := fn.(*ast.SelectorExpr); ok {
				fn = sel.Sel
			}
			if id, ok := fn.(*ast.Ident); ok {
				if _, ok := r.t.info.Instances[id]; ok {
					if _, isFunc := r.t.info.Uses[id].(*types.Func); isFunc {
						found = true
					}
				}
			}
		case *ast.Ident:
			// A generic function's value (f := Map[int, string]).
			if _, ok := r.t.info.Instances[n]; ok {
				if _, isFunc := r.t.info.Uses[n].(*types.Func); isFunc {
					found = true
				}
			}
		}
		return true
	})
	return found
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

// pkgNameOf returns the package name object an import spec declares.
func (r *rewriter) pkgNameOf(s *ast.ImportSpec) *types.PkgName {
	var obj types.Object
	if s.Name != nil {
		obj = r.t.info.Defs[s.Name]
	} else {
		obj = r.t.info.Implicits[s]
	}
	pn, _ := obj.(*types.PkgName)
	return pn
}

// imports blanks out the imports that an earlier chunk already made under
// the same name (yaegi rejects importing a package twice, "fmt/_.go
// redeclared in this block", and notebook cells import fmt again and again),
// and imports a package under its name in the interpreter when the front end
// renamed it (see collect).
func (r *rewriter) imports(g *ast.GenDecl) {
	var dup []*ast.ImportSpec
	for _, sp := range g.Specs {
		is := sp.(*ast.ImportSpec)
		if r.t.dupImports[is] {
			dup = append(dup, is)
			continue
		}
		pn := r.pkgNameOf(is)
		if pn == nil {
			continue
		}
		if old, ok := r.front.view[pn.Name()]; ok {
			if opn, ok := old.Obj.(*types.PkgName); ok && opn.Imported().Path() == pn.Imported().Path() && old.Interp == r.t.interp[pn] {
				dup = append(dup, is)
				continue
			}
		}
		if name, ok := r.t.interp[pn]; ok {
			if is.Name != nil {
				r.replace(r.off(is.Name.Pos()), r.off(is.Name.End()), name)
			} else {
				r.insert(r.off(is.Path.Pos()), name+" ")
			}
		}
	}
	if len(dup) == 0 {
		return
	}
	if !g.Lparen.IsValid() || len(dup) == len(g.Specs) {
		start, end := r.off(g.Pos()), r.off(g.End())
		r.take(start, end)
		r.replace(start, end, blank(r.body[start:end]))
		return
	}
	for _, is := range dup {
		start, end := r.off(is.Pos()), r.off(is.End())
		// An explicit semicolon after the spec goes too: ( ; "os") does
		// not parse.
		for k := end; k < len(r.body); k++ {
			if c := r.body[k]; c == ';' {
				end = k + 1
				break
			} else if c != ' ' && c != '\t' {
				break
			}
		}
		r.take(start, end)
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

// isBuiltin reports whether the identifier denotes the predeclared function
// name.
func (r *rewriter) isBuiltin(e ast.Expr, name string) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || id.Name != name {
		return false
	}
	_, ok = r.t.info.Uses[id].(*types.Builtin)
	return ok
}

// name returns the name of identifier id in the interpreter's source.
func (r *rewriter) name(id *ast.Ident) string {
	if n, ok := r.names[id]; ok {
		return n
	}
	return id.Name
}

// variadicArgs converts the cells' values passed in the variadic part of
// a call of a compiled function whose variadic parameter is a non-empty
// interface (errors.Join(err1, err2)): yaegi v0.16.1 wraps a cell's value
// with its methods for a parameter, but not for a variadic one ("reflect:
// cannot use *struct {...} as type error in Call").
func (r *rewriter) variadicArgs(c *ast.CallExpr) {
	if c.Ellipsis.IsValid() {
		return
	}
	sig, ok := r.t.info.Types[c.Fun].Type.(*types.Signature)
	if !ok || !sig.Variadic() {
		return
	}
	var fn *types.Func
	switch f := ast.Unparen(c.Fun).(type) {
	case *ast.SelectorExpr:
		fn, _ = r.t.info.Uses[f.Sel].(*types.Func)
	case *ast.Ident:
		fn, _ = r.t.info.Uses[f].(*types.Func)
	}
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() == "main" {
		return
	}
	n := sig.Params().Len()
	elem := sig.Params().At(n - 1).Type().(*types.Slice).Elem()
	if !nonEmptyInterface(elem) {
		return
	}
	ts := r.typeString(elem)
	for k := n - 1; k < len(c.Args); k++ {
		a := c.Args[k]
		if at := r.t.info.Types[a].Type; at == nil || types.IsInterface(at) || !mentionsMain(at) {
			continue
		}
		x := r.takeNode(a)
		r.replace(r.off(a.Pos()), r.off(a.End()), "func(_gonlm_c "+ts+") "+ts+" { return _gonlm_c }("+x+")")
	}
}

// call rewrites min, max, clear, recover, and conversions of cells'
// values to interfaces.
func (r *rewriter) call(c *ast.CallExpr) error {
	r.variadicArgs(c)
	if tv := r.t.info.Types[c.Fun]; tv.IsType() && len(c.Args) == 1 && nonEmptyInterface(tv.Type) {
		// yaegi v0.16.1 does not wrap a cell's value with its methods
		// in an explicit conversion to an interface (error(p) panicked:
		// "reflect.Set: value of type *struct {...} is not assignable to
		// type error"), as it does when it passes the value to a
		// parameter of that type.
		if at := r.t.info.Types[c.Args[0]].Type; at != nil && !types.IsInterface(at) && mentionsMain(at) {
			ts := r.typeString(tv.Type)
			x := r.takeNode(c.Args[0])
			start, end := r.off(c.Pos()), r.off(c.End())
			r.take(start, end)
			r.replace(start, end, "func(_gonlm_c "+ts+") "+ts+" { return _gonlm_c }("+x+")")
			return nil
		}
	}
	id, ok := ast.Unparen(c.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	switch {
	case r.isBuiltin(id, "min"), r.isBuiltin(id, "max"):
		start, end := r.off(c.Pos()), r.off(c.End())
		tv := r.t.info.Types[c]
		if tv.Value != nil {
			// A constant: write its value (const c = min(1, 2.5) works).
			r.take(start, end)
			r.replace(start, end, r.constant(tv))
			return nil
		}
		parts := make([]string, len(c.Args))
		for k, a := range c.Args {
			parts[k] = r.takeNode(a)
		}
		r.take(start, end)
		h := builtinHelpers[id.Name]
		if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&types.IsFloat != 0 {
			h = h.float
		}
		r.use(h)
		// The type argument is explicit: yaegi infers it from the first
		// argument only, and an untyped constant gives the wrong one.
		r.replace(start, end, h.name+"["+r.typeString(tv.Type)+"]("+strings.Join(parts, ", ")+")")
	case r.isBuiltin(id, "recover"):
		// yaegi v0.16.1 recovers a compiled error value as a
		// reflect.Value (r.(error) fails) and a runtime error with
		// reflect's message ("reflect: slice index out of range"):
		// _gonlm.Recovered converts those (to the value, and to a
		// runtime error with Go's message); any other value is left as
		// it is (through compiled code it would lose its cell type).
		start, end := r.off(c.Pos()), r.off(c.End())
		r.take(start, end)
		r.replace(start, end, "func(_gonlm_r any) any { if _gonlm_c, _gonlm_ok := _gonlm.Recovered(_gonlm_r); _gonlm_ok { return _gonlm_c }; return _gonlm_r }(recover())")
	case r.isBuiltin(id, "clear"):
		if len(c.Args) != 1 {
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

// constant returns the source of a constant value: a literal, converted to
// its type when the constant is typed.
func (r *rewriter) constant(tv types.TypeAndValue) string {
	v := tv.Value
	var lit string
	switch v.Kind() {
	case constant.String:
		lit = strconv.Quote(constant.StringVal(v))
	case constant.Float:
		f, _ := constant.Float64Val(v)
		lit = strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(lit, ".eEIn") {
			lit += ".0"
		}
	default:
		lit = v.ExactString()
	}
	if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return "(" + lit + ")"
	}
	return r.typeString(tv.Type) + "(" + lit + ")"
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

// rangeKind says what a range statement ranges over, from the checker's
// type of its expression.
func (r *rewriter) rangeKind(x ast.Expr) (integer bool, fn *types.Signature) {
	t := r.t.info.Types[x].Type
	if t == nil {
		return false, nil
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsInteger != 0, nil
	case *types.Signature:
		return false, u
	}
	return false, nil
}

// rangeStmt rewrites range over an integer and over a function.
func (r *rewriter) rangeStmt(n *ast.RangeStmt, parent ast.Node) error {
	integer, fn := r.rangeKind(n.X)
	if fn != nil {
		return r.rangeFunc(n, fn)
	}
	if !integer {
		return nil
	}
	bound := r.takeNode(n.X)
	var key string
	if id, ok := n.Key.(*ast.Ident); ok && id.Name != "_" {
		key = r.name(id)
	}
	var header string
	var hstart int
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
	// An untyped constant bound gives int, as in Go.
	if tv := r.t.info.Types[n.X]; tv.Value != nil {
		if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
			bound = "int" + bound
		}
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

// loopUse says how a loop body uses a loop variable.
type loopUse struct {
	captured bool // by a function literal, or its address is taken
	assigned bool // assigned, incremented or its address taken
}

// useOf returns how body uses obj.
func (r *rewriter) useOf(body *ast.BlockStmt, obj types.Object) loopUse {
	var u loopUse
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && r.t.info.Uses[id] == obj
	}
	var walk func(n ast.Node, inLit bool) bool
	walk = func(n ast.Node, inLit bool) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool { return walk(m, true) })
			return false
		case *ast.Ident:
			if inLit && r.t.info.Uses[n] == obj {
				u.captured = true
			}
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					if is(l) {
						u.assigned = true
					}
				}
			}
		case *ast.IncDecStmt:
			if is(n.X) {
				u.assigned = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				u.captured, u.assigned = true, true
			}
		}
		return true
	}
	ast.Inspect(body, func(n ast.Node) bool { return walk(n, false) })
	return u
}

// copyLoopVars gives the loop body its own copies of the loop variables
// that a closure in the body captures or whose address it takes (Go 1.22
// per-iteration variables; yaegi v0.16.1 shares one variable across
// iterations). The copies are declared first in the body under fresh
// names, and the body's uses renamed (a same-name copy v := v reads the
// zero value in yaegi at a cell's top level, and hangs it in a three-clause
// loop). A variable declared in the body gets new storage in each
// iteration in yaegi, so closures, &v and deferred calls in the body see
// the iteration's own variable. mayAssign is false for three-clause loops,
// whose copies an assigning body writes back (label: the loop's label).
func (r *rewriter) copyLoopVars(body *ast.BlockStmt, ids []*ast.Ident, mayAssign bool, label string) {
	var decl, back []string
	for _, id := range ids {
		obj := r.t.info.Defs[id]
		if obj == nil || id.Name == "_" {
			continue
		}
		u := r.useOf(body, obj)
		if !u.captured {
			continue
		}
		repl := r.fresh(id.Name)
		ast.Inspect(body, func(n ast.Node) bool {
			if x, ok := n.(*ast.Ident); ok && r.t.info.Uses[x] == obj {
				r.names[x] = repl
			}
			return true
		})
		decl = append(decl, " "+repl+" := "+r.interpName(id, obj)+";")
		if u.assigned && !mayAssign {
			back = append(back, r.interpName(id, obj)+" = "+repl+";")
		}
	}
	if len(decl) > 0 {
		r.insert(r.off(body.Lbrace)+1, strings.Join(decl, ""))
	}
	if len(back) == 0 {
		return
	}
	// A three-clause loop whose body changes the variable: the next
	// iteration starts from the copy's value (Go 1.22 copies the
	// variable, then runs the post statement on the copy), so the copy
	// goes back before the post statement runs: at the end of the body
	// and at each continue of this loop.
	copyBack := strings.Join(back, " ")
	r.insert(r.off(body.Rbrace), " "+copyBack+" ")
	for _, c := range loopContinues(body, label) {
		start, end := r.off(c.Pos()), r.off(c.End())
		r.replace(start, end, "{ "+copyBack+" "+r.body[start:end]+" }")
	}
}

// loopContinues returns the continue statements in body that continue its
// loop (labeled label, or "" when it has none): unlabeled ones outside
// nested loops and function literals, and continue label.
func loopContinues(body *ast.BlockStmt, label string) []*ast.BranchStmt {
	var out []*ast.BranchStmt
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if m != n {
					walk(m, true)
					return false
				}
			case *ast.BranchStmt:
				if m.Tok == token.CONTINUE && (m.Label == nil && !nested || m.Label != nil && m.Label.Name == label) {
					out = append(out, m)
				}
			}
			return true
		})
	}
	walk(body, false)
	return out
}

// interpName returns the interpreter's name of the object id declares.
func (r *rewriter) interpName(id *ast.Ident, obj types.Object) string {
	if n, ok := r.t.interp[obj]; ok {
		return n
	}
	return id.Name
}

// loopVarsRange handles for k, v := range x { ... } (not over an integer
// or a function, which rangeStmt gives per-iteration variables itself).
func (r *rewriter) loopVarsRange(n *ast.RangeStmt) {
	if integer, fn := r.rangeKind(n.X); n.Tok != token.DEFINE || integer || fn != nil {
		return
	}
	var ids []*ast.Ident
	for _, e := range []ast.Expr{n.Key, n.Value} {
		if id, ok := e.(*ast.Ident); ok {
			ids = append(ids, id)
		}
	}
	r.copyLoopVars(n.Body, ids, true, "")
}

// loopVarsFor handles for i := ...; cond; post { ... } (label is the
// loop's label, if any). When the body assigns the variable, the copy is
// written back before the post statement (see copyLoopVars).
func (r *rewriter) loopVarsFor(n *ast.ForStmt, label string) {
	a, ok := n.Init.(*ast.AssignStmt)
	if !ok || a.Tok != token.DEFINE {
		return
	}
	var ids []*ast.Ident
	for _, l := range a.Lhs {
		if id, ok := l.(*ast.Ident); ok {
			ids = append(ids, id)
		}
	}
	r.copyLoopVars(n.Body, ids, false, label)
}

// renames records the edits of identifiers whose objects have another name
// in the interpreter (t.interp): renamed redefinitions of earlier cells,
// renamed imports, nested declarations at a cell's top level, embedded
// fields named after a renamed type, and the guard of a type switch whose
// clause variables are renamed. Loop-variable copies (r.names, set
// before) take precedence.
func (r *rewriter) renames(root ast.Node) {
	if len(r.t.interp) == 0 && len(r.names) == 0 {
		return
	}
	nameOf := func(id *ast.Ident) (string, bool) {
		if n, ok := r.names[id]; ok {
			return n, true
		}
		obj := r.t.info.Defs[id]
		if obj == nil {
			obj = r.t.info.Uses[id]
		}
		if obj == nil {
			return "", false
		}
		if n, ok := r.t.interp[obj]; ok {
			return n, true
		}
		if v, ok := obj.(*types.Var); ok && v.Embedded() {
			t := v.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			switch t := t.(type) {
			case *types.Named:
				if n, ok := r.t.interp[t.Obj()]; ok {
					return n, true
				}
			case *types.Alias:
				if n, ok := r.t.interp[t.Obj()]; ok {
					return n, true
				}
			}
		}
		return "", false
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if name, ok := nameOf(n); ok && name != n.Name {
				r.names[n] = name
				r.add(edit{r.off(n.Pos()), r.off(n.End()), name})
			}
		case *ast.TypeSwitchStmt:
			a, ok := n.Assign.(*ast.AssignStmt)
			if !ok || len(a.Lhs) != 1 {
				break
			}
			id, ok := a.Lhs[0].(*ast.Ident)
			if !ok {
				break
			}
			for _, cl := range n.Body.List {
				if obj := r.t.info.Implicits[cl]; obj != nil {
					if name, ok := r.t.interp[obj]; ok {
						r.names[id] = name // the edit is made when id is visited
						break
					}
				}
			}
		}
		return true
	})
}

// instance writes the inferred type arguments of a generic function
// explicitly: yaegi v0.16.1 cannot infer type arguments constrained by a
// type set (issue #1610, "undefined type for T") and infers others from the
// first argument only.
func (r *rewriter) instance(id *ast.Ident, parent ast.Node) {
	inst, ok := r.t.info.Instances[id]
	if !ok || inst.TypeArgs.Len() == 0 {
		return
	}
	if _, isFunc := r.t.info.Uses[id].(*types.Func); !isFunc {
		return // generic types are always instantiated explicitly
	}
	// The function expression: id, or pkg.id.
	var fn ast.Node = id
	if len(r.stack) > 0 {
		if sel, ok := parent.(*ast.SelectorExpr); ok && sel.Sel == id {
			fn = sel
			if len(r.stack) > 1 {
				parent = r.stack[len(r.stack)-2]
			} else {
				parent = nil
			}
		}
	}
	args := make([]string, inst.TypeArgs.Len())
	for i := range args {
		args[i] = r.typeString(inst.TypeArgs.At(i))
	}
	list := "[" + strings.Join(args, ", ") + "]"
	switch ix := parent.(type) {
	case *ast.IndexExpr:
		if ix.X == fn {
			if inst.TypeArgs.Len() == 1 {
				return // explicit already
			}
			r.take(r.off(ix.Lbrack), r.off(ix.Rbrack)+1)
			r.replace(r.off(ix.Lbrack), r.off(ix.Rbrack)+1, list)
			return
		}
	case *ast.IndexListExpr:
		if ix.X == fn {
			if len(ix.Indices) == inst.TypeArgs.Len() {
				return
			}
			r.take(r.off(ix.Lbrack), r.off(ix.Rbrack)+1)
			r.replace(r.off(ix.Lbrack), r.off(ix.Rbrack)+1, list)
			return
		}
	}
	r.insert(r.off(fn.End()), list)
}

// genericValue writes a generic function used as a value (id :=
// Identity[int], Apply(v, Double[int])) as a function literal that calls
// it: yaegi v0.16.1 stores the instantiation's node, not a function
// ("reflect.Set: value of type *interp.node is not assignable to type
// func(int) int").
func (r *rewriter) genericValue(id *ast.Ident) {
	inst, ok := r.t.info.Instances[id]
	if !ok || inst.TypeArgs.Len() == 0 {
		return
	}
	if _, isFunc := r.t.info.Uses[id].(*types.Func); !isFunc {
		return
	}
	// The expression naming the instance: id, pkg.id, then [T...].
	var node ast.Node = id
	k := len(r.stack) - 1
	if k >= 0 {
		if sel, ok := r.stack[k].(*ast.SelectorExpr); ok && sel.Sel == id {
			node = sel
			k--
		}
	}
	if k >= 0 {
		switch ix := r.stack[k].(type) {
		case *ast.IndexExpr:
			if ix.X == node {
				node = ix
				k--
			}
		case *ast.IndexListExpr:
			if ix.X == node {
				node = ix
				k--
			}
		}
	}
	for k >= 0 {
		if p, ok := r.stack[k].(*ast.ParenExpr); ok {
			node = p
			k--
			continue
		}
		break
	}
	if k >= 0 {
		if c, ok := r.stack[k].(*ast.CallExpr); ok && c.Fun == node {
			return // called
		}
	}
	sig, ok := inst.Type.(*types.Signature)
	if !ok {
		return
	}
	params, args, results, ret := r.forwarder(sig, 0)
	start, end := r.off(node.Pos()), r.off(node.End())
	fn := r.take(start, end)
	r.replace(start, end, "func("+strings.Join(params, ", ")+")"+results+" { "+ret+fn+"("+strings.Join(args, ", ")+") }")
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
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); !(ok && r.isBuiltin(id, id.Name)) {
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

// deferStmt makes a deferred call's function, receiver and arguments be
// evaluated by the defer statement, as in Go. yaegi v0.16.1 stores, at the
// defer statement, reflect values that alias the frame's variables and
// temporaries, so it reads them when the deferred call runs: defer show(x)
// then x = 2 showed 2, and in a loop every deferred call saw the last
// iteration's values. A variable declared where the defer statement runs
// (in the loop body) keeps its value, so
//
//	defer f(a, b+1)  →  _a1_ := a; _a2_ := b+1; defer f(_a1_, _a2_)
//
// which keeps f the deferred function (a recover in f still stops a
// panic); constants are left alone. A method's receiver is bound the same
// way; in a loop yaegi reads it late even from a fresh variable, so it is
// passed to a deferred literal there:
//
//	defer x.M(a)  →  _r1_ := x; _a2_ := a; defer func(_gonlm_r T, _gonlm_a0 A) { _gonlm_r.M(_gonlm_a0) }(_r1_, _a2_)
//
// (outside loops, and for a method a cell declared that calls recover,
// defer _r1_.M(_a2_)). Left alone: a callee that is a declared function, a
// callee or receiver that is a local variable never assigned after its
// declaration (outside loops), and the receiver &v of a pointer method
// (mu.Unlock()) when v is not declared in the loop. A deferred function
// literal with arguments, or in a loop (where it captures the iteration's
// variables), is made at the defer statement by a factory, since yaegi
// makes the closure when the deferred call runs:
//
//	defer func(n int) { ... }(x)  →  _d1_ := func(n int) func() { return func() { ... } }(x); defer _d1_()
//
// except when it calls recover, which must be the deferred function
// itself: its arguments are then bound as above. At a cell's top level the
// statements go in a block, so the bindings are not globals.
func (r *rewriter) deferStmt(d *ast.DeferStmt, parent ast.Node) {
	call := d.Call
	fun := ast.Unparen(call.Fun)
	loop := r.loopAncestor()
	body := r.funcBody()
	spread := ""
	if call.Ellipsis.IsValid() {
		spread = "..."
	}
	var pre []string // the bindings, in order
	bind := func(base, text string) string {
		v := r.fresh(base)
		pre = append(pre, v+" := "+text+";")
		return v
	}
	// args returns the arguments' texts, binding those that are not
	// constants, and the types of the parameters they are passed to.
	args := func(sig *types.Signature) (texts, ptypes []string, ok bool) {
		for k, a := range call.Args {
			tv := r.t.info.Types[a]
			if tv.Type == nil {
				return nil, nil, false
			}
			text := r.takeNode(a)
			if tup, isTup := tv.Type.(*types.Tuple); isTup {
				// f(g()): bind each result.
				names := make([]string, tup.Len())
				for i := range names {
					names[i] = r.fresh("a")
					ptypes = append(ptypes, r.typeString(tup.At(i).Type()))
				}
				pre = append(pre, strings.Join(names, ", ")+" := "+text+";")
				texts = append(texts, names...)
				continue
			}
			if sig != nil {
				ptypes = append(ptypes, r.paramType(sig, k, spread != ""))
			}
			if tv.Value != nil || tv.IsNil() {
				texts = append(texts, text)
				continue
			}
			texts = append(texts, bind("a", text))
		}
		return texts, ptypes, true
	}
	var text string
	if lit, ok := fun.(*ast.FuncLit); ok {
		if len(call.Args) == 0 && loop == nil {
			return // made when it runs, but what it captures is the same
		}
		if r.callsRecover(lit.Body) {
			// recover works only in the deferred function itself.
			as, _, ok := args(nil)
			if !ok || len(pre) == 0 {
				return
			}
			text = "defer " + r.takeNode(lit) + "(" + strings.Join(as, ", ") + spread + ")"
		} else {
			results := ""
			if lit.Type.Results != nil {
				results = " " + r.takeNode(lit.Type.Results)
			}
			params := r.takeNode(lit.Type.Params)
			fbody := r.takeNode(lit.Body)
			as := make([]string, len(call.Args))
			for k, a := range call.Args {
				as[k] = r.takeNode(a)
			}
			v := r.fresh("d")
			text = v + " := func" + params + " func()" + results + " { return func()" + results + " " + fbody + " }(" + strings.Join(as, ", ") + spread + "); defer " + v + "()"
		}
	} else if sel, ok := fun.(*ast.SelectorExpr); ok && r.t.info.Selections[sel] != nil && r.t.info.Selections[sel].Kind() == types.MethodVal {
		s := r.t.info.Selections[sel]
		m := s.Obj().(*types.Func)
		_, ptrRecv := m.Type().(*types.Signature).Recv().Type().(*types.Pointer)
		recvT := s.Recv()
		_, recvIsPtr := recvT.Underlying().(*types.Pointer)
		x := r.takeNode(sel.X)
		rtype, rtext, stable := recvT, x, false
		switch {
		case types.IsInterface(recvT):
			stable = loop == nil && r.unassignedLocal(sel.X, body)
		case ptrRecv && !recvIsPtr && r.t.info.Types[sel.X].Addressable():
			// The receiver is &v: v's address does not change, unless
			// v is declared anew in each iteration.
			rtype, rtext = types.NewPointer(recvT), "&("+x+")"
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
				obj := r.t.info.Uses[id]
				stable = obj != nil && (loop == nil || obj.Pos() < loop.Pos() || obj.Pos() >= loop.End())
			}
		case !ptrRecv && recvIsPtr && len(s.Index()) == 1:
			// A value method through a pointer: Go copies *x now.
			rtype, rtext = recvT.Underlying().(*types.Pointer).Elem(), "*("+x+")"
		case recvIsPtr:
			stable = loop == nil && r.unassignedLocal(sel.X, body)
		}
		// A value receiver is copied by Go at the defer statement: its
		// fields may change after it, so it is always bound.
		recv := x
		if !stable {
			recv = bind("r", rtext)
		}
		sig, _ := r.t.info.Types[sel].Type.(*types.Signature)
		as, ts, ok := args(sig)
		if !ok || len(pre) == 0 {
			return
		}
		if stable || loop == nil || r.front.recovers[m] {
			text = "defer " + recv + "." + sel.Sel.Name + "(" + strings.Join(as, ", ") + spread + ")"
		} else {
			// In a loop yaegi reads the receiver when the call runs,
			// even from a variable of the iteration: pass it to a
			// deferred literal.
			ps := []string{"_gonlm_r " + r.typeString(rtype)}
			cs := make([]string, len(as))
			for k := range as {
				cs[k] = "_gonlm_a" + strconv.Itoa(k)
				t := ts[k]
				if spread != "" && k == len(as)-1 {
					t = "..." + strings.TrimPrefix(t, "[]")
				}
				ps = append(ps, cs[k]+" "+t)
			}
			text = "defer func(" + strings.Join(ps, ", ") + ") { _gonlm_r." + sel.Sel.Name + "(" + strings.Join(cs, ", ") + spread + ") }(" + strings.Join(append([]string{recv}, as...), ", ") + spread + ")"
		}
	} else {
		callee := r.takeNode(call.Fun)
		if !r.stableCallee(fun, loop, body) {
			callee = bind("f", callee)
		}
		as, _, ok := args(nil)
		if !ok || len(pre) == 0 {
			return
		}
		text = "defer " + callee + "(" + strings.Join(as, ", ") + spread + ")"
	}
	out := strings.Join(append(pre, text), " ")
	if parent == r.main || isLabeled(parent) {
		out = "{ " + out + " }"
	}
	start, end := r.off(d.Pos()), r.off(d.End())
	r.take(start, end)
	r.replace(start, end, out)
}

// namedRes is a function's named results moved to locals.
type namedRes struct {
	locals []string // per result: the local ("" for a blank result)
	zero   []string // per result: its zero value, *new(T)
	defers bool     // the function defers calls
}

// namedResults moves the named results of a function into locals. yaegi
// v0.16.1 does not start a call's named results at zero: their frame
// slots are the caller's destination (x in x = f(), or the temporary of
// f() in an expression, which keeps the last call's value), so a result
// read before it is assigned (s += x in a loop, n++) starts from that
// value, and a bare return of a result no path assigned returns it: sum
// called three times in a loop gave 3 6 9. With
//
//	func f() (n int, err error) { body }  →  func f() (n int, err error) { var _n1_ int; var _err2_ error; body' }
//
// where body' uses the locals and a bare return is return _n1_, _err2_,
// results are written once, when the function returns. A function that
// defers calls (which may read and set the results after a return)
// instead copies the locals to the results in a deferred call of its own,
// the first it defers and so the last to run, and its return statements
// with values assign the locals and return:
//
//	defer func() { n, err = _n1_, _err2_ }(); ... return x, e  →  { _n1_, _err2_ = x, e; return }
//
// Functions whose body neither uses a result nor has a bare return are
// left alone.
func (r *rewriter) namedResults(ft *ast.FuncType, body *ast.BlockStmt) {
	if body == nil || ft.Results == nil {
		return
	}
	var ids []*ast.Ident
	for _, f := range ft.Results.List {
		ids = append(ids, f.Names...)
	}
	if len(ids) == 0 {
		return
	}
	objs := make([]types.Object, len(ids))
	for k, id := range ids {
		objs[k] = r.t.info.Defs[id]
		if objs[k] == nil && id.Name != "_" {
			return
		}
	}
	used := false
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			for _, o := range objs {
				if o != nil && r.t.info.Uses[id] == o {
					used = true
				}
			}
		}
		return !used
	})
	if !used && !bareReturn(body) {
		return
	}
	nr := &namedRes{defers: r.defers(body)}
	var decl []string
	var set, from []string
	for k, id := range ids {
		t := objs[k]
		var typ types.Type
		if t != nil {
			typ = t.Type()
		} else {
			typ = r.t.info.Types[resultType(ft, k)].Type
		}
		ts := r.typeString(typ)
		nr.zero = append(nr.zero, "*new("+ts+")")
		if t == nil {
			nr.locals = append(nr.locals, "")
			continue
		}
		l := r.fresh(id.Name)
		nr.locals = append(nr.locals, l)
		decl = append(decl, " var "+l+" "+ts+";")
		set = append(set, r.interpName(id, t))
		from = append(from, l)
		obj := t
		ast.Inspect(body, func(n ast.Node) bool {
			if x, ok := n.(*ast.Ident); ok && r.t.info.Uses[x] == obj {
				r.names[x] = l
			}
			return true
		})
	}
	if nr.defers && len(set) > 0 {
		decl = append(decl, " defer func() { "+strings.Join(set, ", ")+" = "+strings.Join(from, ", ")+" }();")
	}
	r.insert(r.off(body.Lbrace)+1, strings.Join(decl, ""))
	if r.results == nil {
		r.results = map[*ast.BlockStmt]*namedRes{}
	}
	r.results[body] = nr
}

// resultType returns the type expression of result k of ft.
func resultType(ft *ast.FuncType, k int) ast.Expr {
	for _, f := range ft.Results.List {
		n := max(len(f.Names), 1)
		if k < n {
			return f.Type
		}
		k -= n
	}
	return nil
}

// bareReturn reports whether body (a function's) has a return statement
// without values of its own (outside nested function literals).
func bareReturn(body *ast.BlockStmt) bool {
	return outsideLits(body, func(n ast.Node) bool {
		ret, ok := n.(*ast.ReturnStmt)
		return ok && len(ret.Results) == 0
	})
}

// returnStmt rewrites the return statements of a function whose named
// results namedResults moved to locals.
func (r *rewriter) returnStmt(ret *ast.ReturnStmt) {
	body := r.funcBody()
	nr := r.results[body]
	if nr == nil {
		return
	}
	start, end := r.off(ret.Pos()), r.off(ret.End())
	switch {
	case len(ret.Results) == 0 && !nr.defers:
		vals := make([]string, len(nr.locals))
		for k, l := range nr.locals {
			vals[k] = l
			if l == "" {
				vals[k] = nr.zero[k]
			}
		}
		r.replace(start, end, "return "+strings.Join(vals, ", "))
	case len(ret.Results) > 0 && nr.defers:
		lhs := make([]string, len(nr.locals))
		for k, l := range nr.locals {
			lhs[k] = l
			if l == "" {
				lhs[k] = "_"
			}
		}
		vals := make([]string, len(ret.Results))
		for k, e := range ret.Results {
			vals[k] = r.takeNode(e)
			if r.t.info.Types[e].IsNil() && k < len(nr.zero) && len(ret.Results) == len(nr.zero) {
				// yaegi cannot type an untyped nil in a tuple
				// assignment ("reflect: New(nil)").
				vals[k] = nr.zero[k]
			}
		}
		r.take(start, end)
		r.replace(start, end, "{ "+strings.Join(lhs, ", ")+" = "+strings.Join(vals, ", ")+"; return }")
	}
}

// compare rewrites a == b and a != b of interface values of a compiled
// interface (error) that may hold the cells' values, when a type of the
// cells implements it: yaegi v0.16.1 holds such a value as a wrapper, two
// wrappers do not compare (a panic: "comparing uncomparable type
// interp._error"), and a wrapper never equals the value it wraps. The
// compiled _gonlm.Same compares what they hold (always: a function may
// meet the types of later cells). Comparisons with nil are left alone.
func (r *rewriter) compare(b *ast.BinaryExpr) {
	if b.Op != token.EQL && b.Op != token.NEQ {
		return
	}
	lt, rt := r.t.info.Types[b.X], r.t.info.Types[b.Y]
	if lt.IsNil() || rt.IsNil() || lt.Type == nil || rt.Type == nil {
		return
	}
	if !wrapsCellValues(lt.Type) && !wrapsCellValues(rt.Type) {
		return
	}
	x, y := r.takeNode(b.X), r.takeNode(b.Y)
	text := "_gonlm.Same(" + x + ", " + y + ")"
	if b.Op == token.NEQ {
		text = "!" + text
	}
	start, end := r.off(b.Pos()), r.off(b.End())
	r.take(start, end)
	r.replace(start, end, "("+text+")")
}

// closureInDeferringFunc makes a function literal that is not called at
// once, in a function that defers calls, in a factory:
//
//	g := func() { ... }  →  g := func() func() { return func() { ... } }()
//
// yaegi v0.16.1 holds the lock of a function's frame while it runs the
// frame's deferred calls, and a closure takes the lock of the frame it was
// made in when it returns: a closure made in the function and called by a
// deferred call (defer g(), or defer func() { g() }()) deadlocks, and the
// cell hangs. Made by a factory, the closure belongs to the factory's
// frame, which is done.
func (r *rewriter) closureInDeferringFunc(lit *ast.FuncLit, parent ast.Node) {
	if c, ok := parent.(*ast.CallExpr); ok && ast.Unparen(c.Fun) == lit {
		return
	}
	if p, ok := parent.(*ast.ParenExpr); ok && len(r.stack) > 1 {
		if c, ok := r.stack[len(r.stack)-2].(*ast.CallExpr); ok && c.Fun == p {
			return
		}
	}
	body := r.funcBody()
	if body == nil || !r.defers(body) {
		return
	}
	t := r.t.info.Types[lit].Type
	if t == nil {
		return
	}
	ts := r.typeString(t)
	r.insert(r.off(lit.Pos()), "func() "+ts+" { return ")
	r.insert(r.off(lit.End()), " }()")
}

// defers reports whether body (a function's) has a defer statement of its
// own (outside nested function literals).
func (r *rewriter) defers(body *ast.BlockStmt) bool {
	if d, ok := r.deferring[body]; ok {
		return d
	}
	found := outsideLits(body, func(n ast.Node) bool {
		_, ok := n.(*ast.DeferStmt)
		return ok
	})
	if r.deferring == nil {
		r.deferring = map[*ast.BlockStmt]bool{}
	}
	r.deferring[body] = found
	return found
}

// paramType returns the type of the parameter that argument k of a call
// with signature sig is passed to (with spread, the variadic slice).
func (r *rewriter) paramType(sig *types.Signature, k int, spread bool) string {
	n := sig.Params().Len()
	if sig.Variadic() && k >= n-1 {
		t := sig.Params().At(n - 1).Type()
		if spread {
			return r.typeString(t)
		}
		return r.typeString(t.(*types.Slice).Elem())
	}
	if k < n {
		return r.typeString(sig.Params().At(k).Type())
	}
	return "any"
}

// isLabeled reports whether n is a labeled statement.
func isLabeled(n ast.Node) bool {
	_, ok := n.(*ast.LabeledStmt)
	return ok
}

// loopAncestor returns the innermost for or range statement around the
// node being rewritten (pass B) within its function, or nil.
func (r *rewriter) loopAncestor() ast.Node {
	for k := len(r.stack) - 1; k >= 0; k-- {
		switch n := r.stack[k].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case *ast.ForStmt, *ast.RangeStmt:
			return n
		}
	}
	return nil
}

// funcBody returns the body of the function around the node being
// rewritten (pass B): a function literal's or declaration's, or the
// chunk's (the cell's top level).
func (r *rewriter) funcBody() *ast.BlockStmt {
	for k := len(r.stack) - 1; k >= 0; k-- {
		switch n := r.stack[k].(type) {
		case *ast.FuncLit:
			return n.Body
		case *ast.FuncDecl:
			return n.Body
		}
	}
	return r.main
}

// stableCallee reports whether evaluating the deferred callee fun late
// gives the function Go evaluated at the defer statement: a declared
// function or builtin, or (outside loops) a local variable that is never
// assigned after its declaration.
func (r *rewriter) stableCallee(fun ast.Expr, loop ast.Node, body *ast.BlockStmt) bool {
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return false
	}
	switch r.t.info.Uses[id].(type) {
	case *types.Func, *types.Builtin:
		return true
	}
	return loop == nil && r.unassignedLocal(fun, body)
}

// unassignedLocal reports whether e is a variable declared in body (the
// function's) that nothing in body assigns after its declaration or
// takes the address of.
func (r *rewriter) unassignedLocal(e ast.Expr, body *ast.BlockStmt) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || body == nil {
		return false
	}
	v, ok := r.t.info.Uses[id].(*types.Var)
	if !ok || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return false
	}
	is := func(x ast.Expr) bool {
		i, ok := ast.Unparen(x).(*ast.Ident)
		return ok && r.t.info.Uses[i] == v
	}
	assigned := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if is(l) {
					assigned = true
				}
			}
		case *ast.IncDecStmt:
			assigned = assigned || is(n.X)
		case *ast.UnaryExpr:
			assigned = assigned || n.Op == token.AND && is(n.X)
		case *ast.RangeStmt:
			assigned = assigned || n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value)
		}
		return !assigned
	})
	return !assigned
}

// callsRecover reports whether body calls the builtin recover (outside
// nested function literals).
func (r *rewriter) callsRecover(body *ast.BlockStmt) bool {
	return callsRecover(r.t.info, body)
}

// callsRecover reports whether body calls the builtin recover (outside
// nested function literals).
func callsRecover(info *types.Info, body *ast.BlockStmt) bool {
	return outsideLits(body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(c.Fun).(*ast.Ident)
		if !ok || id.Name != "recover" {
			return false
		}
		_, builtin := info.Uses[id].(*types.Builtin)
		return builtin
	})
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

// noShow lists functions called for their effect: their results are not the
// cell's value.
var noShow = map[string]bool{
	"fmt.Print": true, "fmt.Println": true, "fmt.Printf": true,
	"fmt.Fprint": true, "fmt.Fprintln": true, "fmt.Fprintf": true,
	"fmt.Scan": true, "fmt.Scanln": true, "fmt.Scanf": true,
	"print": true, "println": true, "panic": true, "close": true, "delete": true,
	"clear": true, "copy": true, "recover": true,
}

// shown reports whether the last expression statement is the cell's value:
// an expression with a value, other than a call of a function in noShow.
func (r *rewriter) shown(x ast.Expr) bool {
	tv, ok := r.t.info.Types[x]
	if !ok || tv.IsVoid() || tv.IsType() {
		return false
	}
	c, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return true
	}
	var id *ast.Ident
	switch fn := ast.Unparen(c.Fun).(type) {
	case *ast.Ident:
		id = fn
	case *ast.SelectorExpr:
		id = fn.Sel
	}
	if id == nil {
		return true
	}
	switch obj := r.t.info.Uses[id].(type) {
	case *types.Builtin:
		return !noShow[obj.Name()]
	case *types.Func:
		if obj.Pkg() != nil {
			return !noShow[obj.Pkg().Path()+"."+obj.Name()]
		}
	}
	return true
}

// showEdits returns the chunk's edits plus the wrapping of its last
// expression statement in _gonlm.Show(...).
func (r *rewriter) showEdits() ([]edit, bool) {
	if r.last == nil || !r.shown(r.last.X) {
		return nil, false
	}
	x := r.last.X
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
// statements that bind to this loop. The yield's parameter types are the
// checker's. It refuses bodies whose meaning would change inside a closure
// (yaegi v0.16.1 has no range over functions, and the front end does not
// rewrite these): return, defer, goto, and break or continue with a label.
func (r *rewriter) rangeFunc(n *ast.RangeStmt, sig *types.Signature) error {
	unsupported := func(why string) error {
		return r.errorAt(n, "range over a function (%s) %s; call it with a yield function instead: %s(func(v T) bool { ...; return true })", r.src(n.X), why, r.src(n.X))
	}
	yield := sig.Params().At(0).Type().Underlying().(*types.Signature)
	params := make([]string, yield.Params().Len())
	for i := range params {
		params[i] = r.typeString(yield.Params().At(i).Type())
	}
	vars := []ast.Expr{n.Key, n.Value}
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
				name = r.takeNode(vars[k])
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
