package session

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gonlm/gonlm/kernel/internal/cell"
)

// Tracebacks.
//
// yaegi v0.16.1 reports a panic with the panic value only; the interpreter's
// own stack (interp.Panic.Stack) is its Go stack, and the "L:C: panic:
// main.f(...)" lines it writes to its stderr while a panic unwinds name each
// interpreted frame by the position of the first node of its function body,
// not by the line it was at (interp/run.go runCfg; its debugger keeps the
// current node of every frame but gives no access to them when a panic
// unwinds). So the session instruments the code of every function a cell
// declares (function declarations and literals, and the literals the session
// wraps top-level statements in):
//
//	func g(k int) int {_gonlm_ln := 0;defer _gonlm.Frame(&_gonlm_ln, 17);
//		_gonlm_ln = 9;x := a[k]
//		...
//
// Each statement first stores its cell line in the frame's own register
// _gonlm_ln; the deferred compiled Frame (the first deferred call, so the
// last to run) copies the register, with a sequence number, into the slot of
// function 17. When the frame is unwound by a panic, yaegi prints its "L:C:
// panic" line right after running the frame's deferred calls; L:C is then
// the position of the inserted _gonlm_ln, which names function 17, and the
// slot holds the line the frame was at. The lines of one unwinding, grouped
// by goroutine, are the traceback, innermost frame first.
//
// Costs: a compiled deferred call per call of an interpreted function (about
// 0.7 µs) and a register store per statement (about 15 ns); nothing for
// compiled code. A function with no statements is not instrumented.
// Inaccuracies: a panic in the condition of an else-if or in a loop's
// condition or post statement names the line of the last statement that
// started; two goroutines in the same function at once may swap lines.

// tracer numbers the instrumented functions and keeps their registers' last
// values and the frames of panics being unwound.
type tracer struct {
	seq   atomic.Uint64
	pages [tracePages]atomic.Pointer[tracePage]

	mu     sync.Mutex
	msgs   map[uint64]string // goroutine → message of the value it last panicked with (panicMsg)
	funcs  []traceFunc
	at     map[tracePos][]int32 // where a function's register is declared → ids
	groups map[uint64]*traceGroup
}

const (
	tracePageSize = 1024
	tracePages    = 4096 // 4 Mi functions
	lineBits      = 24
)

type tracePage [tracePageSize]atomic.Uint64

// traceFunc is an instrumented function.
type traceFunc struct {
	name string     // Go's name for it: g, T.M, (*T).M, g.func1; "" for the cell's top level
	cell *traceCell // the cell it was declared in
}

// traceCell is a cell whose functions were instrumented.
type traceCell struct {
	count int // execution count (0: not counted)
	code  string
}

// tracePos is the yaegi position of an instrumented function's register and
// the function's name as yaegi prints it ("main.g", "main.M", "main.g.func").
type tracePos struct {
	line, col int
	name      string
}

// traceGroup is the frames of the panic a goroutine is unwinding.
type traceGroup struct {
	goid    uint64
	frames  []rawFrame
	lastSeq uint64
}

// rawFrame is one frame as yaegi reported it: the function (id -1 when the
// frame is not instrumented) and the line its register held.
type rawFrame struct {
	id   int
	name string // yaegi's name, for frames that are not instrumented
	line int
}

func newTracer() *tracer {
	return &tracer{at: map[tracePos][]int32{}, groups: map[uint64]*traceGroup{}, msgs: map[uint64]string{}}
}

// frame is the hook _gonlm.Frame: a frame of function id returns, normally
// or unwinding a panic, at the line its register holds.
func (t *tracer) frame(reg *int, id int) {
	p := t.pages[id/tracePageSize].Load()
	if p == nil {
		return
	}
	p[id%tracePageSize].Store(t.seq.Add(1)<<lineBits | uint64(*reg)&(1<<lineBits-1))
}

// panicMsg is the hook _gonlm.PanicMsg, which the instrumentation calls
// before panic(x) (x not a literal): yaegi passes x here wrapped with its
// Error or String method (MapTypes), but panics with the bare value, whose
// methods compiled code cannot see. The message is kept for the calling
// goroutine, for the report if the panic reaches the top.
func (t *tracer) panicMsg(v any) {
	var msg string
	switch x := v.(type) {
	case error:
		msg = x.Error()
	case fmt.Stringer:
		msg = x.String()
	default:
		return
	}
	g := goid()
	t.mu.Lock()
	t.msgs[g] = msg
	t.mu.Unlock()
}

// message returns the message panicMsg kept for goroutine g.
func (t *tracer) message(g uint64) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m, ok := t.msgs[g]
	return m, ok
}

// register adds a function and returns its id, or -1 when the table is full.
func (t *tracer) register(f traceFunc, pos tracePos) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	id := len(t.funcs)
	if id >= tracePages*tracePageSize {
		return -1
	}
	if t.pages[id/tracePageSize].Load() == nil {
		t.pages[id/tracePageSize].Store(new(tracePage))
	}
	t.funcs = append(t.funcs, f)
	t.at[pos] = append(t.at[pos], int32(id))
	return id
}

// unwindRE matches yaegi's report of a frame that a panic unwinds.
var unwindRE = regexp.MustCompile(`^(\d+):(\d+): panic: (\S*)\(\.\.\.\)\s*$`)

// unwinding records a "L:C: panic: NAME(...)" line yaegi wrote while the
// calling goroutine unwinds a panic; it reports whether line was one.
func (t *tracer) unwinding(line string) bool {
	m := unwindRE.FindStringSubmatch(line)
	if m == nil {
		return false
	}
	l, _ := strconv.Atoi(m[1])
	c, _ := strconv.Atoi(m[2])
	g := goid()
	t.mu.Lock()
	defer t.mu.Unlock()
	grp := t.groups[g]
	if grp == nil {
		grp = &traceGroup{goid: g}
		t.groups[g] = grp
	}
	f := rawFrame{id: -1, name: m[3]}
	// The frame's deferred Frame ran just before this line was written,
	// on this goroutine: its slot holds the newest sequence number among
	// the functions registered at this position.
	var best uint64
	for _, id := range t.at[tracePos{l, c, m[3]}] {
		v := t.pages[id/tracePageSize].Load()[id%tracePageSize].Load()
		if seq := v >> lineBits; seq > best && seq > grp.lastSeq {
			best, f.id, f.line = seq, int(id), int(v&(1<<lineBits-1))
		}
	}
	if f.id >= 0 {
		grp.lastSeq = best
	}
	grp.frames = append(grp.frames, f)
	return true
}

// recovered forgets the frames and the message of the panic the calling
// goroutine recovered (the hook Recovered calls it for a non-nil value), so
// that a later panic's traceback does not start with the frames of one that
// a deferred call stopped.
func (t *tracer) recovered() {
	g := goid()
	t.mu.Lock()
	delete(t.groups, g)
	delete(t.msgs, g)
	t.mu.Unlock()
}

// take returns and forgets the frames goroutine g unwound.
func (t *tracer) take(g uint64) []rawFrame {
	t.mu.Lock()
	defer t.mu.Unlock()
	grp := t.groups[g]
	delete(t.groups, g)
	if grp == nil {
		return nil
	}
	return grp.frames
}

// takeEval returns the frames of the panic that ended an Eval, and forgets
// every group. The goroutine that ran the Eval is gone; its frames end with
// yaegi's top-level wrapper ("main" or "main.func" without an instrumented
// function) when the Eval ran statements. Groups of goroutines that
// recovered their panics may remain; the Eval's is preferred, then the
// one unwound last.
func (t *tracer) takeEval() ([]rawFrame, uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var best *traceGroup
	wrapped := func(g *traceGroup) bool {
		n := len(g.frames)
		return n > 0 && g.frames[n-1].id < 0 && strings.HasPrefix(g.frames[n-1].name, "main")
	}
	for g, grp := range t.groups {
		switch {
		case best == nil,
			wrapped(grp) && !wrapped(best),
			wrapped(grp) == wrapped(best) && grp.lastSeq > best.lastSeq:
			best = grp
		}
		delete(t.groups, g)
	}
	if best == nil {
		return nil, 0
	}
	return best.frames, best.goid
}

// reset forgets unwound frames (a new cell starts).
func (t *tracer) reset() {
	t.mu.Lock()
	clear(t.groups)
	clear(t.msgs)
	t.mu.Unlock()
}

// fn returns function id.
func (t *tracer) fn(id int) traceFunc {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.funcs[id]
}

// goid returns the calling goroutine's id (from its stack header).
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	n, _ := strconv.ParseUint(string(b), 10, 64)
	return n
}

// Instrumentation.

// regName is the register; frameCall the deferred hook call.
const (
	regName   = "_gonlm_ln"
	frameHook = "_gonlm.Frame"
)

// instrument returns src (a unit's source of the given kind) with every
// function body instrumented, and the inserts made. cellLits are the
// offsets in src of the function literals the session wrapped top-level
// statements in: their frames are the cell's top level.
func (t *tracer) instrument(src string, kind cell.Kind, cl *traceCell, wrappers map[int]bool) (string, []insert) {
	cellLits := map[int]bool{}
	for k := range wrappers {
		cellLits[k] = true
	}
	prefix, suffix := "package main;", ""
	if kind == cell.Stmts {
		prefix, suffix = stmtPrefix, "\n}"
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", prefix+src+suffix, parser.SkipObjectResolution)
	if err != nil {
		return src, nil // yaegi reports the error
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset - len(prefix) }

	type ins struct {
		off  int
		text string
		fn   *traceFunc // for a function header: the function, registered once positions are known
		key  string     // its yaegi name
		ref  *traceFunc // for a GoPanic call: the function whose id text needs (%d)
	}
	// ctx is where the walk is: the enclosing function (nil at a
	// statement cell's top level), its names, its literals so far.
	type ctx struct {
		owner       *traceFunc
		parent, key string
		lits        *int
	}
	var list []ins
	store := func(s ast.Node) {
		list = append(list, ins{off: off(s.Pos()), text: regName + " = " + strconv.Itoa(fset.Position(s.Pos()).Line) + ";"})
	}
	var body func(b *ast.BlockStmt, name, key string)
	var stmt func(s ast.Stmt, withStore bool, c ctx)
	var nested func(n ast.Node, c ctx)
	stmts := func(sl []ast.Stmt, c ctx) {
		for _, s := range sl {
			stmt(s, true, c)
		}
	}
	lit := func(fl *ast.FuncLit, c ctx) {
		if call := goPanicCall(fl); call != nil {
			// The front end's recover handler of a goroutine: it
			// reports the goroutine's frame, whose register it sees.
			if c.owner != nil {
				list = append(list, ins{off: off(call.Rparen), text: ", " + regName + ", %d", ref: c.owner})
			}
			return
		}
		*c.lits++
		name := c.parent + ".func" + strconv.Itoa(*c.lits)
		if c.parent == "" {
			name = "func" + strconv.Itoa(*c.lits)
		}
		if cellLits[off(fl.Pos())] {
			name = ""
		}
		body(fl.Body, name, c.key+".func")
	}
	// nested walks a node's statement lists and function literals.
	nested = func(n ast.Node, c ctx) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				lit(n, c)
				return false
			case *ast.BlockStmt:
				stmts(n.List, c)
				return false
			}
			return true
		})
	}
	// stmt instruments a statement: a register store in front of it (with
	// withStore) and its nested statement lists and literals.
	stmt = func(s ast.Stmt, withStore bool, c ctx) {
		switch s := s.(type) {
		case *ast.EmptyStmt, *ast.BranchStmt:
			return
		case *ast.CaseClause:
			for _, e := range s.List {
				nested(e, c)
			}
			stmts(s.Body, c)
			return
		case *ast.CommClause:
			if s.Comm != nil {
				stmt(s.Comm, false, c)
			}
			stmts(s.Body, c)
			return
		case *ast.LabeledStmt:
			// The store goes before the label, which must stay on its
			// statement (break L and continue L name a loop).
			if withStore && c.owner != nil {
				store(s)
			}
			stmt(s.Stmt, false, c)
			return
		}
		if withStore && c.owner != nil {
			store(s)
		}
		if x := panicArg(s); x != nil && pure(x) {
			// Its message, while the value still has its methods.
			list = append(list, ins{off: off(s.Pos()), text: "_gonlm.PanicMsg(" + src[off(x.Pos()):off(x.End())] + ");"})
		}
		nested(s, c)
	}
	body = func(b *ast.BlockStmt, name, key string) {
		if b == nil || len(b.List) == 0 {
			return
		}
		fn := &traceFunc{name: name, cell: cl}
		list = append(list, ins{off: off(b.Lbrace) + 1, text: regName + " := 0;defer " + frameHook + "(&" + regName + ", %d);", fn: fn, key: key})
		stmts(b.List, ctx{owner: fn, parent: name, key: key, lits: new(int)})
	}
	top := ctx{key: "main", lits: new(int)}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if kind == cell.Stmts {
				// yaegi's wrapper: its statements are the cell's top
				// level (no stores); only the literals in them. A
				// literal called right there (func() { ... }(), which
				// the front end also makes of a top-level go
				// statement) is the cell's code too.
				for _, s := range d.Body.List {
					for _, fl := range calledLits(s) {
						cellLits[off(fl.Pos())] = true
					}
					if _, empty := s.(*ast.EmptyStmt); !empty {
						list = append(list, ins{off: off(s.Pos()), text: "_gonlm.Line(" + strconv.Itoa(fset.Position(s.Pos()).Line) + ");"})
					}
					if x := panicArg(s); x != nil && pure(x) {
						list = append(list, ins{off: off(s.Pos()), text: "_gonlm.PanicMsg(" + src[off(x.Pos()):off(x.End())] + ");"})
					}
					nested(s, top)
				}
				continue
			}
			body(d.Body, funcName(d), "main."+d.Name.Name)
		case *ast.GenDecl:
			nested(d, top)
		}
	}
	if len(list) == 0 {
		return src, nil
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].off < list[j].off })

	var b strings.Builder
	var out []insert
	at := 0
	shift := map[int]int{}      // line → bytes inserted on it so far
	ids := map[*traceFunc]int{} // registered functions
	for _, in := range list {
		b.WriteString(src[at:in.off])
		at = in.off
		l, c := textPos(src, in.off)
		text := in.text
		if in.fn != nil {
			// The register's position as yaegi will print it.
			pc := c + shift[l]
			if l == 1 {
				pc += len(prefix)
			}
			id := t.register(*in.fn, tracePos{l, pc, in.key})
			if id < 0 {
				continue
			}
			ids[in.fn] = id
			text = fmt.Sprintf(text, id)
		}
		if in.ref != nil {
			id, ok := ids[in.ref]
			if !ok {
				continue
			}
			text = fmt.Sprintf(text, id)
		}
		b.WriteString(text)
		shift[l] += len(text)
		out = append(out, insert{l, c, len(text)})
	}
	b.WriteString(src[at:])
	return b.String(), out
}

// funcName is Go's name for a declared function or method: f, T.M, (*T).M.
func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	star := false
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = true, s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	name := "?"
	if id, ok := t.(*ast.Ident); ok {
		name = id.Name
	}
	if star {
		return "(*" + name + ")." + d.Name.Name
	}
	return name + "." + d.Name.Name
}

// goPanicCall returns the call of _gonlm.GoPanic in the body of fl (not in
// literals nested in it), or nil: fl is then the recover handler the cell
// front end puts in a goroutine.
func goPanicCall(fl *ast.FuncLit) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "GoPanic" {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "_gonlm" {
					found = n
				}
			}
		}
		return found == nil
	})
	return found
}

// calledLits returns the function literals that statement s calls as
// itself (func() { ... }()), in a block, or in the body of such a literal:
// code that runs as part of the statement.
func calledLits(s ast.Stmt) []*ast.FuncLit {
	switch s := s.(type) {
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			if fl, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
				out := []*ast.FuncLit{fl}
				for _, in := range fl.Body.List {
					out = append(out, calledLits(in)...)
				}
				return out
			}
		}
	case *ast.BlockStmt:
		var out []*ast.FuncLit
		for _, in := range s.List {
			out = append(out, calledLits(in)...)
		}
		return out
	}
	return nil
}

// panicArg returns x when s is the statement panic(x), else nil.
func panicArg(s ast.Stmt) ast.Expr {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "panic" {
		return nil
	}
	if _, lit := call.Args[0].(*ast.BasicLit); lit {
		return nil
	}
	return call.Args[0]
}
