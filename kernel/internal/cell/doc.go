// Package cell is the kernel's front end for notebook cells: it splits a cell
// into chunks that yaegi v0.16.1 can evaluate one by one, rewrites modern Go
// into what that interpreter runs, maps the interpreter's error positions back
// to cell lines and columns, and answers is_complete.
//
// # Why
//
// yaegi parses each Eval either as file-level declarations (when the first
// token is import, func, type, var or const; it prepends "package main;") or
// as statements (otherwise; it wraps them in "package main; func main() {"
// ... "\n}"), so a cell that mixes both fails. yaegi v0.16.1 also lacks range
// over int, the min, max and clear builtins, Go 1.22 per-iteration loop
// variables, and kills the process on a panic in a goroutine.
//
// # Use
//
// A session keeps one Front per interpreter (a new one after a reset):
//
//	f := cell.New(cell.Options{Resolver: r}) // r may be nil
//	c, err := f.Parse(src)                   // err: *cell.Error (syntax, unsupported construct)
//	for _, ch := range c.Chunks {             // chunks may be Helper chunks: run them too
//		src := ch.Src
//		if ch.Show != "" { /* compile ch.Show first; fall back to ch.Src if it fails to compile */ }
//		if _, err := i.Eval(src); err != nil {
//			err = ch.MapError(err) // positions now name cell lines
//			...
//		}
//		f.Ran(&ch) // its imports now exist
//	}
//
// Chunks are evaluated in order. Every chunk's source keeps the cell's line
// structure (it is padded with newlines and spaces so that its first token sits
// at its cell line and column), so positions that yaegi reports are cell
// positions except for the wrapper prefix on line 1, which MapError removes.
//
// # Rewrites
//
// Rewrites are splices of source text guided by the go/parser AST (not a
// reprint with go/printer), so every line of the cell stays on its line and
// error positions stay exact. They never add a newline.
//
//   - for i := range n, with n an integer (a literal, a constant, an int
//     variable, len(x), ...: see "Types" below), becomes
//     for _k1_ := n - n; _k1_ < n; _k1_++ { i := _k1_; ... } (n is evaluated
//     once when it is not a simple expression). The body gets its own i, so
//     closures and assignments behave as in Go 1.22.
//   - min(a, b, ...) and max(...) become calls of the interpreted generic
//     helpers _gonlm_min and _gonlm_max, whose declarations are added as an
//     extra declaration chunk in front of the cell's first chunk (Chunk.Helper
//     is true); calls whose arguments are all constants are folded to a
//     constant, so const c = min(1, 2) works. yaegi cannot declare a global
//     from a generic call's result, so inside a top-level x := ... the call
//     is hoisted: _m1_ := a; _m1_ = _gonlm_min(_m1_, b); x := _m1_ (and a
//     top-level var declaration that calls min or max is run as a statement
//     so that it can be hoisted too). The first non-constant argument
//     is moved first, because yaegi infers the type argument from the first
//     argument (min is commutative, except for which NaN or which of +0 and -0
//     is returned).
//   - clear(x) becomes _gonlm_reflect.ValueOf(x).Clear(), with
//     import _gonlm_reflect "reflect" added by a helper chunk (reflect's Clear
//     clears a map or zeroes a slice's elements, as the builtin does).
//   - Per-iteration loop variables: in for k, v := range x { ... } and
//     for i := 0; ...; ... { ... } loops whose body has a function literal that
//     mentions a loop variable, the body declares its own copy under another
//     name (v becomes _v1_ := v, and the body's uses are renamed), so each
//     closure sees its own iteration's value (Go 1.22 semantics; yaegi shares
//     one variable, and a same-name copy i := i hangs it). Three-clause loops
//     whose body assigns the variable keep the old semantics.
//   - go f(x, y) becomes
//     { _gf1_, _ga1_0, _ga1_1 := f, x, y; go func() { defer func() { if r := recover(); r != nil { _gonlm.GoPanic(r) } }(); _gf1_(_ga1_0, _ga1_1) }() }
//     so f and its arguments are evaluated by the go statement, as in Go, and a
//     panic in the goroutine is reported instead of killing the kernel.
//     go func(...) {...}(args) just gets the deferred recover as the first
//     statement of the literal. At the top level of a cell the block is a
//     function literal called at once (func() { ... }()), which avoids a data
//     race inside yaegi between the goroutine and Eval's result. Two
//     deviations: a single argument that is
//     itself a call (possibly multi-valued, f(g())) is evaluated in the
//     goroutine, and builtins are called directly.
//   - A top-level call of a function literal, func() { ... }(), is put in a
//     block: yaegi v0.16.1 runs such a statement again at every later Eval
//     when it is the first or last statement of its Eval.
//   - Imports that an earlier chunk already made under the same name are
//     blanked out (yaegi rejects a second import of a package, and notebook
//     cells import fmt again and again); the session reports successful
//     chunks with Front.Ran so the front end knows which imports exist.
//   - The last top-level statement of a cell, when it is an expression
//     statement (other than fmt.Print*, print, println, panic and other calls
//     kept for their effect), is offered in Chunk.Show as _gonlm.Show(expr).
//
// The session must provide the compiled package "gonlm/_gonlm" (Show and
// GoPanic) and import it as _gonlm once, as CONTRACTS.md describes.
//
// A cell that starts with a package clause (a whole program pasted in) is
// run like any cell without that clause. Note that yaegi runs func main()
// whenever it evaluates a chunk that declares it, in any cell.
//
//   - Range over a function (Go 1.23 iterators such as strings.Lines(s),
//     strings.SplitSeq or a cell's own func(yield func(T) bool)) becomes a
//     call with a yield literal: for k, v := range seq { body } becomes
//     seq(func(k K, v V) bool { body; return true }), with break → return
//     false and continue → return true for the statements that bind to that
//     loop. The element types come from the Resolver (reflect types of
//     compiled functions and globals) or from the iterator's declaration in a
//     cell.
//
// # Unsupported constructs
//
// Parse returns a *Error naming the cell line, before anything is evaluated,
// for: a range over a function whose element types the front end cannot
// tell, or whose body has return, defer, goto or a labeled break/continue
// (they cannot move into the yield function); and calls without explicit type
// arguments of generic functions whose type parameters are constrained by a
// type set (yaegi cannot infer them, issue #1610). yaegi itself would panic
// with "nil type" or report "undefined type for T".
//
// # Types
//
// The front end has no type checker. It decides whether a range expression is
// an integer or a function from the cell's own declarations, from the
// declarations of earlier cells parsed by the same Front, and from an optional
// Resolver (the session's view of interpreter globals and compiled package
// members). An expression it cannot type is left alone; yaegi then runs it as
// before (ranging over a slice, map, string or channel works unchanged).
package cell
