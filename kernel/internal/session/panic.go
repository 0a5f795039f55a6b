package session

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/traefik/yaegi/interp"
)

// Frame is one frame of a panic's traceback.
type Frame struct {
	// Func is Go's name of the function (g, T.M, (*T).M, g.func1), or ""
	// at a cell's top level.
	Func string
	// Count is the execution count of the cell the code is in (0 when
	// unknown or not counted); Current is true for the cell that failed.
	Count   int
	Current bool
	// Line is the line in that cell (0 when unknown) and Source its text.
	Line   int
	Source string
}

// compilePanicRE matches the values of panics of yaegi's compiler (not of
// the cell's code): they are compile errors.
var compilePanicRE = regexp.MustCompile(`^nil type$|^nil reflect type$|CFG (?:pre|post)-order panic`)

// panicError is the Error of unit u that panicked with p; raw are the frames
// the panic unwound (the tracer's), innermost first.
func (s *Session) panicError(p interp.Panic, code string, u unit, raw []rawFrame, g uint64, cur *traceCell) *Error {
	msg := panicValue(p.Value)
	if m, ok := s.tracer.message(g); ok && !hasMessage(p.Value) {
		msg = m
	}
	if compilePanicRE.MatchString(msg) {
		switch msg {
		case "nil type":
		case "nil reflect type":
			// yaegi could not build a type it needs (often a global
			// declared from a generic call's result).
			msg = "yaegi v0.16.1 cannot run this code (the interpreter failed: nil reflect type)"
		default:
			msg = "yaegi v0.16.1 cannot compile this code (its compiler panicked: " + msg + ")"
		}
		return cellError(errors.New(msg), code, u, false)
	}
	e := &Error{Ename: EnamePanic}
	e.Line, e.Col = u.ch.MapPos(u.line, u.col)
	e.Frames = s.frames(raw, code, u, cur)
	for _, f := range e.Frames {
		if f.Current && f.Func == "" {
			e.Line, e.Col = f.Line, 0
		}
	}
	e.Evalue = goPanicMessage(msg, func() (string, bool) {
		if len(e.Frames) == 0 || e.Frames[0].Func != "" || !e.Frames[0].Current {
			return "", false
		}
		// A panic in a top-level statement the session ran as it is:
		// its names are globals, which still hold their values.
		for _, t := range u.tops {
			if t.line == e.Frames[0].Line && t.simple {
				return s.probeBounds(msg, t.text)
			}
		}
		return "", false
	})
	return e.traceback()
}

// frames converts the tracer's frames of a panic in unit u of cell cur
// (whose code is code) into the traceback's frames, ending with the cell's
// top level.
func (s *Session) frames(raw []rawFrame, code string, u unit, cur *traceCell) []Frame {
	var out []Frame
	top := false
	for _, r := range raw {
		if r.id < 0 {
			// yaegi's wrapper of a cell's statements ("main", or
			// "main.func" for a block whose first statement is a
			// literal) is the cell's top level, added below; another
			// function is code the session did not instrument.
			if !strings.HasPrefix(r.name, "main") {
				out = append(out, Frame{Func: r.name})
			}
			continue
		}
		fn := s.tracer.fn(r.id)
		if name, skip, ok := cell.HelperFunc(fn.name); ok {
			// A helper of the cell front end (slices.Max): named as
			// Go names the function it stands for, without a line.
			if !skip {
				out = append(out, Frame{Func: name})
			}
			continue
		}
		f := Frame{Func: fn.name, Line: r.line, Count: fn.cell.count, Current: fn.cell == cur, Source: sourceLine(fn.cell.code, r.line)}
		if f.Func == "" && f.Current {
			if top {
				continue // nested wrappers of the same top level
			}
			top = true
		}
		out = append(out, f)
	}
	if !top && (u.kind() == cell.Stmts || len(out) == 0) {
		// (A declaration chunk has no top level of its own: its frames
		// are main's, run by yaegi once main is declared.) The line is
		// the top-level statement's that was running (Line), else the
		// unit's first.
		l, _ := u.ch.MapPos(u.line, u.col)
		if t := int(s.hooks.topLine.Load()); t > 0 {
			l = t
		}
		out = append(out, Frame{Line: l, Count: cur.count, Current: true, Source: sourceLine(code, l)})
	}
	return out
}

// sourceLine returns line l (1-based) of code, or "".
func sourceLine(code string, l int) string {
	lines := strings.Split(code, "\n")
	if l < 1 || l > len(lines) {
		return ""
	}
	return lines[l-1]
}

// panicValue is the text Go prints for a panic value (runtime
// printpanicval): Error() of an error, String() of a Stringer, else the
// value. yaegi passes values of cell-defined types to compiled code without
// their methods, so a panic with such a value prints its fields.
func panicValue(v any) string {
	v = bare(v)
	switch x := v.(type) {
	case nil:
		return "nil"
	case error:
		return x.Error()
	case fmt.Stringer:
		return x.String()
	case string:
		return x
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return printFloat(rv.Float())
	}
	return fmt.Sprint(v)
}

// printFloat formats f as the runtime's print does: +1.500000e+000.
func printFloat(f float64) string {
	s := strconv.FormatFloat(f, 'e', 6, 64) // 1.500000e+00
	if s[0] != '-' && s[0] != '+' && s[0] != 'N' && s[0] != 'I' {
		s = "+" + s
	}
	if i := strings.LastIndexAny(s, "+-"); i > 1 {
		exp := s[i+1:]
		for len(exp) < 3 {
			exp = "0" + exp
		}
		s = s[:i+1] + exp
	}
	return s
}

// hasMessage reports whether panicValue prints v as Go does without the
// methods yaegi hides: v is nil, an error, a Stringer or a basic value, not
// a value of a cell-defined struct, slice or map type.
func hasMessage(v any) bool {
	v = bare(v)
	switch v.(type) {
	case nil, error, fmt.Stringer:
		return true
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Struct, reflect.Slice, reflect.Map, reflect.Array, reflect.Pointer, reflect.Func, reflect.Chan:
		return false
	}
	return true
}

// bare returns the value yaegi panicked with: it panics with a
// reflect.Value for some values (constants, composite literals).
func bare(v any) any {
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		return rv.Interface()
	}
	return v
}

// Messages of reflect (which yaegi's interpreter uses for indexing,
// selectors and slicing) for what Go reports as runtime errors.
var (
	indexRE  = regexp.MustCompile(`^reflect: (?:slice|array|string) index out of range$`)
	zeroRE   = regexp.MustCompile(`^reflect: call of reflect\.Value\.\w+ on zero Value$|^reflect: indirection through nil pointer to embedded struct$`)
	sliceRE  = regexp.MustCompile(`^reflect(?:\.Value)?\.Slice3?: (?:slice index out of bounds|string slice index out of bounds)$`)
	posMsgRE = regexp.MustCompile(`^\d+:\d+: (interface conversion: .*)$`)
)

// goPanicMessage turns yaegi's message for a panic into Go's. bounds, when
// the failing statement can be evaluated again, returns the bracketed part
// of an index or slice message ("[5] with length 3").
func goPanicMessage(msg string, bounds func() (string, bool)) string {
	switch {
	case indexRE.MatchString(msg):
		if b, ok := bounds(); ok {
			return "runtime error: index out of range " + b
		}
		return "runtime error: index out of range"
	case sliceRE.MatchString(msg):
		if b, ok := bounds(); ok {
			return "runtime error: slice bounds out of range " + b
		}
		return "runtime error: slice bounds out of range"
	case zeroRE.MatchString(msg):
		return "runtime error: invalid memory address or nil pointer dereference"
	}
	if m := posMsgRE.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return msg
}

// probeBounds evaluates again the operands of the index and slice
// expressions of stmt (a top-level statement whose names are globals) whose
// operands have no side effects, and returns Go's bracketed bounds for the
// first one out of range.
func (s *Session) probeBounds(msg, stmt string) (string, bool) {
	e, err := parser.ParseExpr("func() {" + stmt + "\n}")
	if err != nil {
		return "", false
	}
	var found string
	ast.Inspect(e, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == e // only the statement itself
		case *ast.IndexExpr:
			if indexRE.MatchString(msg) && pure(n.X) && pure(n.Index) {
				v, ok := s.probe("len(" + exprText(stmt, n.X) + "), int(" + exprText(stmt, n.Index) + ")")
				if ok && (v[1] < 0 || v[1] >= v[0]) {
					found = fmt.Sprintf("[%d] with length %d", v[1], v[0])
					if v[1] < 0 {
						found = fmt.Sprintf("[%d]", v[1])
					}
				}
			}
		case *ast.SliceExpr:
			if sliceRE.MatchString(msg) && !n.Slice3 && pure(n.X) && (n.Low == nil || pure(n.Low)) && (n.High == nil || pure(n.High)) {
				x := exprText(stmt, n.X)
				lo, hi := "0", "len("+x+")"
				if n.Low != nil {
					lo = "int(" + exprText(stmt, n.Low) + ")"
				}
				if n.High != nil {
					hi = "int(" + exprText(stmt, n.High) + ")"
				}
				capName, capExpr := "capacity", "cap("+x+")"
				v, ok := s.probe(capExpr + ", " + lo + ", " + hi)
				if !ok { // a string has no capacity
					capName, capExpr = "length", "len("+x+")"
					v, ok = s.probe(capExpr + ", " + lo + ", " + hi)
				}
				switch {
				case !ok:
				case v[2] > v[0] || v[2] < 0:
					found = fmt.Sprintf("[:%d] with %s %d", v[2], capName, v[0])
				case v[1] > v[2] || v[1] < 0:
					found = fmt.Sprintf("[%d:%d]", v[1], v[2])
				}
			}
		}
		return true
	})
	return found, found != ""
}

// exprText returns the source text of node n of stmt, parsed as
// "func() {" + stmt.
func exprText(stmt string, n ast.Node) string {
	const off = len("func() {") + 1 // ParseExpr positions start at 1
	return stmt[int(n.Pos())-off : int(n.End())-off]
}

// pure reports whether evaluating x again has no side effects and cannot
// block: names, literals, field selections, arithmetic, len and cap.
func pure(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return pure(x.X)
	case *ast.SelectorExpr:
		return pure(x.X)
	case *ast.BinaryExpr:
		return pure(x.X) && pure(x.Y)
	case *ast.UnaryExpr:
		return x.Op != token.ARROW && pure(x.X)
	case *ast.IndexExpr:
		return pure(x.X) && pure(x.Index)
	case *ast.CompositeLit:
		for _, e := range x.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				e = kv.Value
			}
			if !pure(e) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") && len(x.Args) == 1 {
			return pure(x.Args[0])
		}
	}
	return false
}

// probe evaluates int expressions (comma-separated) through the Probe hook.
func (s *Session) probe(args string) ([]int, bool) {
	s.hooks.probed = nil
	if _, err := s.interp.Eval("_gonlm.Probe(" + args + ")"); err != nil {
		return nil, false
	}
	v := s.hooks.probed
	return v, v != nil
}

// traceback builds e's Traceback from its Frames, innermost first: for
// each frame, where it is and its line, with the line before it for the
// innermost.
func (e *Error) traceback() *Error {
	e.Traceback = []string{ansiRed + ansiBold + e.Ename + ansiReset + ": " + e.Evalue}
	for _, f := range e.Frames {
		e.Traceback = append(e.Traceback, ansiGreen+f.Where()+ansiReset)
		if f.Line > 0 && f.Source != "" {
			e.Traceback = append(e.Traceback, fmt.Sprintf("%s %d | %s%s%s", ansiRed+"-->"+ansiReset, f.Line, ansiBold, f.Source, ansiReset))
		}
	}
	return e
}

// Where says where a frame is: "in cell line 4", "in g, cell line 9",
// "in g, cell [3] line 9", "in slices.Sort".
func (f Frame) Where() string {
	var b strings.Builder
	b.WriteString("in ")
	if f.Func != "" {
		b.WriteString(f.Func)
		if f.Line == 0 {
			return b.String()
		}
		b.WriteString(", ")
	}
	b.WriteString("cell ")
	if !f.Current {
		if f.Count > 0 {
			fmt.Fprintf(&b, "[%d] ", f.Count)
		} else {
			b.WriteString("[*] ")
		}
	}
	if f.Line > 0 {
		fmt.Fprintf(&b, "line %d", f.Line)
	}
	return strings.TrimSpace(b.String())
}

// goroutineFrames converts the frames a goroutine's panic unwound.
func (s *Session) goroutineFrames(raw []rawFrame) []Frame {
	cur := s.currentCell()
	var out []Frame
	for _, r := range raw {
		if r.id < 0 {
			if !strings.HasPrefix(r.name, "main") {
				out = append(out, Frame{Func: r.name})
			}
			continue
		}
		fn := s.tracer.fn(r.id)
		out = append(out, Frame{Func: fn.name, Line: r.line, Count: fn.cell.count,
			Current: cur != nil && fn.cell == cur.trace, Source: sourceLine(fn.cell.code, r.line)})
	}
	return out
}

// Recovered is the hook _gonlm.Recovered, which the front end wraps around
// every recover(): yaegi v0.16.1 recovers a panic with a compiled value
// (panic(ErrBad)) as a reflect.Value, and a runtime error with reflect's
// message. It returns the value, or a runtime error with Go's message
// (without the index and length, which the session cannot know inside a
// function), and true; false for values to leave as they are. A non-nil
// value ends a panic: the tracer forgets its frames, so that a later
// panic's traceback does not start with them.
func (h *hooks) Recovered(v any) (any, bool) {
	if v != nil {
		h.s.tracer.recovered()
	}
	return recoveredValue(v)
}

func recoveredValue(v any) (any, bool) {
	if rv, ok := v.(reflect.Value); ok {
		if !rv.IsValid() || !rv.CanInterface() {
			return nil, true
		}
		v = rv.Interface()
		if m, ok := runtimeMessage(v); ok {
			return runtimeError(m), true
		}
		return v, true
	}
	if m, ok := runtimeMessage(v); ok {
		return runtimeError(m), true
	}
	return nil, false
}

// runtimeMessage returns Go's message for a runtime error that yaegi
// reports with reflect's (or its own position in front).
func runtimeMessage(v any) (string, bool) {
	var msg string
	switch x := v.(type) {
	case error:
		msg = x.Error()
	case string:
		msg = x
	default:
		return "", false
	}
	m := goPanicMessage(msg, func() (string, bool) { return "", false })
	if m == msg {
		return "", false
	}
	return m, true
}

// runtimeError is a runtime error with Go's message (runtime.Error).
type runtimeError string

func (e runtimeError) Error() string { return string(e) }

// RuntimeError marks e as a runtime error.
func (e runtimeError) RuntimeError() {}
