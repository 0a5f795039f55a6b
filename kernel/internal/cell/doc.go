// Package cell is the kernel's front end for notebook cells: it splits a cell
// into chunks that yaegi v0.16.1 can evaluate one by one, type-checks every
// chunk with go/types before any of it runs, rewrites what the interpreter
// gets wrong into what it runs right, maps the interpreter's error positions
// back to cell lines and columns, and answers is_complete.
//
// # Why
//
// yaegi parses each Eval either as file-level declarations (when the first
// token is import, func, type, var or const; it prepends "package main;") or
// as statements (otherwise; it wraps them in "package main; func main() {"
// ... "\n}"), so a cell that mixes both fails. yaegi v0.16.1 also type-checks
// as it goes (a cell that does not compile runs up to its first error), lacks
// range over int and over functions, the min, max and clear builtins and Go
// 1.22 per-iteration loop variables, cannot infer type arguments constrained
// by a type set, and kills the process on a panic in a goroutine. (That it
// runs a cell's top-level statements in its global scope, where nested
// declarations clash with globals, is the session's business: it runs
// compound statements at a cell's top level in function literals; see
// package session.)
//
// # Use
//
// A session keeps one Front per interpreter (a new one after a reset):
//
//	f := cell.New(cell.Options{Packages: symbols.NewImporter(fset)}) // the session also types its hook package
//	c, err := f.Parse(src) // err: ErrorList (type errors) or *Error (syntax, unsupported construct)
//	for _, ch := range c.Chunks { // chunks may be Helper chunks: run them too
//		src := ch.Src
//		if ch.Show != "" { /* compile ch.Show first; fall back to ch.Src if it fails to compile */ }
//		if _, err := i.Eval(src); err != nil {
//			err = ch.MapError(err) // positions now name cell lines
//			...
//		}
//		f.Ran(&ch) // its declarations enter the Record
//	}
//
// Chunks are evaluated in order. Every chunk's source keeps the cell's line
// structure (it is padded with newlines and spaces so that its first token sits
// at its cell line and column), so positions that yaegi reports are cell
// positions except for the wrapper prefix on line 1, which MapError removes.
//
// # Type checking
//
// Parse type-checks the chunks of a cell in order, each as its own package
// main against one Record (record.go) of what the cells that ran declared:
// every top-level name with its go/types object (variables with their types,
// constants with their values, types, functions, imports), the name it has
// in the interpreter, its source and doc comment. The compiled packages come
// from Options.Packages: in the kernel, the type information the symbol tables
// package embeds (export data generated at build time, loaded on a
// package's first import: no Go toolchain is needed at run time). A statement
// chunk is checked as the body of a function, so its top-level := declare
// the chunk's globals; a chunk of declarations as a file.
//
// A cell with any error runs nothing: Parse returns an ErrorList with every
// error at its cell line and column, in go/types' words (the compiler's).
// Notebook leniency: unused variables declared at a cell's top level and
// unused imports are not errors, nor is the cell's last expression (its
// value, shown as the result); a declaration of a name an earlier cell
// declared replaces it (x := ... again, func f again, type T again). Cells
// import what they use, as Go files do; an import made by an earlier cell
// counts (the interpreter has one global scope). "undefined: fmt" gets the
// hint (import "fmt").
//
// The checker refuses, before anything runs, what type-checks against the Go
// release but the interpreter lacks: generic functions and types of compiled
// packages (yaegi extract skips them) and the functions of slices, maps and
// cmp missing from yaegi's interpreted Go 1.22 copies and not rewritten
// (slices.Replace, ...; calls of slices.Sort, maps.Keys, ... are rewritten);
// and what the interpreter would run with another result than Go's where
// no rewrite can make it right (values of the cells' types in fmt, reflect
// and encoding, non-pointer cell errors in compiled wrappers, a deferred
// panic before a recovering defer: fmtcheck.go, errors.go, assert.go). Each
// such error names the yaegi v0.16.1 limitation and what to write instead.
//
// Methods declared on a type of an earlier cell: go/types attaches methods
// only to types of the package it checks, so the front end adds the method
// to the earlier type (types.Named.AddMethod) and checks its body as a
// function whose first parameter is the receiver (and, for a generic type,
// whose type parameters are the receiver's). Each chunk being its own
// package main to go/types, a positional literal of an earlier chunk's
// struct type that sets unexported fields is not refused. yaegi v0.16.1 keeps the
// first declaration of a method, so declaring a method of an earlier type
// again with another body is refused ("run the cell that declares type T
// again"); with the same body it is a no-op.
//
// # Rewrites
//
// Rewrites are splices of source text guided by the go/parser AST and the
// checker's types.Info (not a reprint with go/printer), so every line of the
// cell stays on its line and error positions stay exact. Each exists for a
// yaegi v0.16.1 limitation, named first:
//
//   - No range over integers ("nil type" panic): for i := range n, with n of
//     an integer type, becomes for _k1_ := n - n; _k1_ < n; _k1_++ { i := _k1_;
//     ... } (n is evaluated once when it is not a simple expression). The
//     body gets its own i, so closures and assignments behave as in Go 1.22.
//   - No range over functions ("nil type" panic): for k, v := range seq
//     { body } becomes seq(func(k K, v V) bool { body; return true }), with
//     break → return false and continue → return true for the statements that
//     bind to that loop; K and V are the checker's types of the yield
//     parameters. Bodies with return, defer, goto or a labeled break or
//     continue are refused (they cannot move into the yield function).
//   - No min and max builtins: min(a, b, ...) and max(...) become calls of the
//     interpreted generic helpers _gonlm_min[T] and _gonlm_max[T], T the
//     checker's type of the call, declared by a helper chunk (Chunk.Helper)
//     in front of the cell's first chunk; a constant call becomes its value,
//     so const c = min(1, 2) works. Floats get _gonlm_minFloat[T] and
//     _gonlm_maxFloat[T], which order -0 below +0 as the builtins do and
//     take every argument in their variadic parameter: yaegi drops the sign
//     of a -0 passed to an ordinary parameter of an interpreted function (it
//     does not copy an argument that reflect's IsZero calls zero, so the
//     parameter stays +0), and keeps it in a variadic slice. That drop is
//     not worked around for the cells' own functions: id(-0.0) is 0 where
//     Go says -0 (a call through a function value keeps the sign, at the
//     price of a reflect call), listed in the corpus's known differences.
//   - No clear builtin: clear(x) becomes _gonlm_reflect.ValueOf(x).Clear(),
//     with import _gonlm_reflect "reflect" added by a helper chunk (reflect's
//     Clear clears a map or zeroes a slice's elements, as the builtin does).
//   - No inference of type arguments constrained by a type set ("undefined
//     type for T", issue #1610), and inference from the first argument only:
//     every call of a generic function gets its type arguments written out,
//     Sum(xs) → Sum[float64](xs), from types.Info.Instances.
//   - A global declared from a generic call fails ("constant definition
//     loop", or a nil pointer panic inside yaegi): the value of x := ... at
//     a cell's top level that calls a generic function becomes
//     func() T { return value }(), which yaegi runs right.
//   - A package-level var initialized from a variable of an earlier Eval
//     fails ("variable definition loop", and the var is declared with the
//     zero value anyway), even through a function literal, and one
//     initialized by a generic call silently gets the zero value: such a
//     var gets a declared function that computes its value, func
//     _gonlm_v1() T { return value }; var y = _gonlm_v1() (a declared
//     function may read them).
//   - A method value's receiver is bound late (x.M, then a change to x,
//     and the method value sees it; Go copies the receiver when it evaluates
//     x.M), for cell and compiled types: x.M becomes a function literal
//     called with x (&x for a pointer method of an addressable value) that
//     returns a closure calling the method. A method expression T.M panics
//     ("reflect: Call with too many input arguments"): it becomes
//     func(r T, a A) R { return r.M(a) }.
//   - errors.Is, errors.As and errors.Unwrap miss the cells' errors
//     (compiled code holds them as wrappers with only Error): they walk
//     the error tree in interpreted code, == of compiled-interface values
//     compares what the wrappers hold, and explicit conversions and
//     variadic arguments to interfaces wrap the cells' values (errors.go).
//   - Type assertions and type switches to interfaces fail in many ways:
//     they go through registries of the cells' types implementing each
//     interface, grown by later cells, and compiled hooks (assert.go).
//   - Compiled fmt, log, reflect and encoding see the cells' types without
//     names, nested methods or unexported field names: %T is written as
//     Go's name, a pointer Stringer as its String result; the rest is
//     refused before the cell runs (fmtcheck.go).
//   - The arguments and receiver of a deferred call are read when it runs:
//     they are bound at the defer statement (deferStmt); a closure called
//     by a deferred call of the function that made it deadlocks: such
//     closures are made by factories (closureInDeferringFunc).
//   - Named results start as the caller's destination: they move to
//     locals (namedResults).
//   - recover() gives reflect values and reflect's messages: it goes
//     through _gonlm.Recovered. A nil pointer of a cell type stored in a
//     compiled interface becomes a nil interface: such conversions are
//     guarded (typednil.go). Comma-ok and string-indexing declarations at
//     the top level, multi-name iota repetition, untyped float constants
//     of compiled packages and generic functions as values are written in
//     forms yaegi runs (commaOkInit, genericInit, constRepeat,
//     compiledConst, genericValue).
//   - yaegi's interpreted slices and maps are Go 1.22's slices.go and maps.go
//     only: they lack Sort, SortFunc, SortStableFunc, IsSorted(Func),
//     Min(Func), Max(Func), BinarySearch(Func) and the iterator functions
//     (slices.All, Values, Backward, Collect, AppendSeq, Sorted(Func),
//     maps.Keys, Values, All, Insert, Collect), and Delete(Func),
//     Compact(Func), Concat and maps.Clone fail whatever their arguments.
//     Their calls become calls of interpreted generic helpers declared by a
//     helper chunk, slices.Sort(xs) → _gonlm_slicesSort[E](xs), which run
//     Go's loops (NaN and -0 as min and max treat them, Go's panic on an
//     empty slice), sort with compiled sort.Slice and sort.SliceStable,
//     generated from the same template as slices' sorts, so equal elements
//     end where Go puts them, and make an iter.Seq as the function it is
//     (slices.go). Their uses as values and their calls in generic functions,
//     iter's types in a cell's source, and the other missing members
//     (slices.Replace, Repeat, Chunk, ...) are refused before the cell runs
//     (symbols.Available), with what to write instead.
//   - Loop variables are shared by all iterations (Go 1.21 semantics): in
//     range loops and three-clause loops whose body captures a loop variable
//     in a function literal or takes its address, the body declares its own
//     copy under a fresh name (v becomes _v1_ := v, the body's uses renamed
//     by types.Info.Uses). A three-clause loop whose body assigns the
//     variable writes the copy back before the post statement (at the end
//     of the body and at each continue of the loop).
//   - A redeclared type is silently ignored (the first declaration stays),
//     an import under a name already bound to another package fails ("rand/_.go
//     redeclared"), and so does a declaration under an import's name: the new
//     type or import gets a fresh name in the interpreter (T_2), kept in the
//     Record, and every later use of it is written with that name (embedded
//     fields named after the type too). Values of the earlier type keep it,
//     as in Go.
//   - A panic in a goroutine kills the process: go f(x, y) becomes
//     { _gf1_, _ga1_0, _ga1_1 := f, x, y; go func() { defer func() { if r := recover(); r != nil { _gonlm.GoPanic(r) } }(); _gf1_(_ga1_0, _ga1_1) }() }
//     so f and its arguments are evaluated by the go statement, as in Go, and a
//     panic in the goroutine is reported instead of killing the kernel.
//     go func(...) {...}(args) just gets the deferred recover as the first
//     statement of the literal. At the top level of a cell the block is a
//     function literal called at once (func() { ... }()), which avoids a data
//     race inside yaegi between the goroutine and Eval's result. Two
//     deviations: a single argument that is itself a call (possibly
//     multi-valued, f(g())) is evaluated in the goroutine, and builtins are
//     called directly.
//   - A top-level call of a function literal, func() { ... }(), runs again
//     at every later Eval when it is the first or last statement of its
//     Eval: it is put in a block.
//   - A second import of a package fails ("fmt/_.go redeclared in this
//     block"), and notebook cells import fmt again and again: an import that
//     the Record already has under the same name is blanked out.
//   - Eval's result is not the cell's value (stale after a void call): the
//     last top-level statement of a cell, when it is an expression with a
//     value (by the checker's types; calls of fmt.Print* and the like
//     excepted), is offered in Chunk.Show as _gonlm.Show(expr).
//
// The session must provide the compiled package "gonlm/_gonlm" (Show,
// GoPanic, Recovered, and the helpers of runtime.go: AssertTo,
// NotInterpreted, AssertFailed, Unwrap, Lost, ErrChildren, ErrJoined,
// ErrMatch, ErrAs, Same) and import it as _gonlm once, as ARCHITECTURE.md
// describes.
//
// A cell that starts with a package clause (a whole program pasted in) is
// run like any cell without that clause. Note that yaegi runs func main()
// whenever it evaluates a chunk that declares it, in any cell.
package cell
