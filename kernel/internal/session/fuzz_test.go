package session

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// FuzzCells runs sequences of cells that a model of notebook semantics
// generates from the fuzzer's bytes (imports in every form, with repeats;
// variables, constants and functions declared, redeclared in later cells and
// redefined; loops, min/max, closures; cells run again; a deliberate syntax
// or compile error)
// and compares the session with the model: a cell the model calls valid must
// run and show the value the model computed; an invalid one must fail with
// SyntaxError or CompileError on the line the model broke. Nothing may panic,
// hang or report an error the model does not expect (a differential test of
// the cell front end and the interpreter together).
func FuzzCells(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte("import groups and redefinitions, again and again"))
	f.Add([]byte{0, 0, 0, 0, 9, 9, 9, 9, 200, 200, 1, 2, 3, 250, 251, 252})
	f.Add([]byte{13, 7, 7, 7, 1, 13, 7, 7, 7, 1, 13, 7, 7, 7, 2})
	f.Fuzz(func(t *testing.T, choices []byte) {
		if len(choices) > 256 {
			return
		}
		g := &cellGen{in: choices, vars: map[string]int{}, funcs: map[string]int{}, consts: map[string]int{},
			strs: map[string]string{}, imported: map[string]bool{"context": true}}
		s, err := New(Options{})
		if err != nil {
			t.Fatal(err)
		}
		var history []string
		for c := 0; c < 6 && !g.done(); c++ {
			cell := g.cell()
			history = append(history, cell.code)
			res, rec := runWithin(t, s, cell.code, history)
			fail := func(format string, args ...any) {
				t.Helper()
				t.Fatalf("cell %d: %s\ncells:\n%s", c+1, fmt.Sprintf(format, args...), strings.Join(history, "\n-----\n"))
			}
			switch {
			case cell.badLine == 0 && res.Err != nil:
				fail("the model expects it to run, got %s: %s (line %d)", res.Err.Ename, res.Err.Evalue, res.Err.Line)
			case cell.badLine == 0:
				var got string
				if len(rec.results) > 0 {
					got = rec.results[len(rec.results)-1]
				}
				if got != cell.want {
					fail("result %q, the model computed %q", got, cell.want)
				}
			case res.Err == nil:
				fail("ran, but line %d is a %s", cell.badLine, cell.badKind)
			case res.Err.Ename != cell.badKind || res.Err.Line != cell.badLine:
				fail("%s on line %d (%s), the model expects a %s on line %d", res.Err.Ename, res.Err.Line, res.Err.Evalue, cell.badKind, cell.badLine)
			}
		}
	})
}

// runWithin executes code, failing the test if it takes more than 20 s.
func runWithin(t *testing.T, s *Session, code string, history []string) (Result, *recorder) {
	t.Helper()
	type out struct {
		res Result
		rec *recorder
	}
	ch := make(chan out, 1)
	go func() {
		r := &recorder{}
		ch <- out{s.Execute(Request{Code: code, StoreHistory: true}, r), r}
	}()
	select {
	case o := <-ch:
		return o.res, o.rec
	case <-time.After(20 * time.Second):
		s.Interrupt()
		t.Fatalf("a cell hung:\n%s", strings.Join(history, "\n-----\n"))
		return Result{}, nil
	}
}

// genCell is a generated cell and the model's verdict on it.
type genCell struct {
	code    string
	want    string // the execute_result's text when the cell is valid ("" for none)
	badLine int    // the line of the deliberate error, 0 for a valid cell
	badKind string // EnameSyntax or EnameCompile
}

// cellGen generates cells from its input and keeps the model's state: the
// value of every int variable, constant and function (f(a) = a + offset) and
// string variable a cell may read, and the packages imported.
type cellGen struct {
	in       []byte
	vars     map[string]int
	consts   map[string]int
	funcs    map[string]int
	strs     map[string]string
	imported map[string]bool
	last     *pastCell // the previous cell, if valid
}

func (g *cellGen) done() bool { return len(g.in) == 0 }

// next returns the next choice in [0, n).
func (g *cellGen) next(n int) int {
	if len(g.in) == 0 {
		return 0
	}
	b := g.in[0]
	g.in = g.in[1:]
	return int(b) % n
}

// pick returns one of the keys of m, or "" when m is empty.
func pick[V any](g *cellGen, m map[string]V) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys[g.next(len(keys))]
}

var fuzzPackages = []string{"fmt", "strings", "errors", "context", "sort", "os", "math"}

// cell generates one cell of 1 to 6 units, or runs the previous one again.
func (g *cellGen) cell() genCell {
	if g.last != nil && g.next(5) == 0 {
		// Run the previous (valid) cell again: same code, effects applied
		// to the state it left.
		for _, e := range g.last.effects {
			e()
		}
		c := g.last.genCell
		if g.last.value != nil {
			c.want = g.last.value()
		}
		return c
	}
	var units []string // statements and declarations, each of one or more lines
	var effects []func()
	// Names declared in this cell: Go forbids declaring one twice in a block.
	declared := map[string]bool{}
	// Names the cell assigns: if the cell is invalid they leave the model,
	// which does not say how much of a failing cell ran.
	touched := map[string]bool{}
	var c genCell
	n := 1 + g.next(6)
	for len(units) < n && !g.done() {
		if u, effect := g.line(declared, touched); u != "" {
			units = append(units, u)
			effect()
			effects = append(effects, effect)
		}
	}
	g.last = nil
	if g.next(8) == 0 { // a deliberate error, between two units
		at := g.next(len(units) + 1)
		var bad string
		if g.next(2) == 0 {
			bad, c.badKind = "bad := 1 + )", EnameSyntax
		} else {
			bad, c.badKind = "_ = undefinedName", EnameCompile
		}
		c.badLine = 1
		for _, u := range units[:at] {
			c.badLine += 1 + strings.Count(u, "\n")
		}
		units = append(units[:at], append([]string{bad}, units[at:]...)...)
		for name := range touched {
			delete(g.vars, name)
			delete(g.consts, name)
			delete(g.funcs, name)
			delete(g.strs, name)
			delete(g.imported, name)
		}
		c.code = strings.Join(units, "\n")
		return c
	}
	e, value := g.expr()
	if e != "" {
		units = append(units, e)
		c.want = value()
	}
	c.code = strings.Join(units, "\n")
	g.last = &pastCell{genCell: c, effects: effects, value: value}
	return c
}

// pastCell is a valid cell as the model can run it again.
type pastCell struct {
	genCell
	effects []func()
	value   func() string
}

// line generates one statement or declaration (possibly several lines), or
// "" when its kind does not apply to the current state.
func (g *cellGen) line(declared, touched map[string]bool) (code string, effect func()) {
	name := func(prefix string) string { return fmt.Sprintf("%s%d", prefix, g.next(4)) }
	num := func() int { return g.next(20) - 5 }
	switch g.next(14) {
	case 0, 1: // imports: single, one-line group (with a trailing ';' sometimes), multi-line group
		k := 1 + g.next(3)
		var ps []string
		for range k {
			// Go forbids importing a package twice in one file, so a cell
			// imports it at most once (an earlier cell's import is fine).
			p := fuzzPackages[g.next(len(fuzzPackages))]
			if !contains(ps, p) && !declared[p] {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			return "", nil
		}
		for _, p := range ps {
			touched[p] = true
			declared[p] = true
		}
		effect = func() {
			for _, p := range ps {
				g.imported[p] = true
			}
		}
		quoted := make([]string, len(ps))
		for i, p := range ps {
			quoted[i] = fmt.Sprintf("%q", p)
		}
		switch g.next(4) {
		case 0:
			if len(ps) == 1 {
				return "import " + quoted[0], effect
			}
			fallthrough
		case 1:
			return "import (" + strings.Join(quoted, "; ") + ")", effect
		case 2:
			return "import (" + strings.Join(quoted, "; ") + ";)", effect
		default:
			return "import (\n\t" + strings.Join(quoted, "\n\t") + "\n)", effect
		}
	case 2, 3: // declare or redeclare a variable
		v, n := name("v"), num()
		effect = func() { g.vars[v] = n }
		if declared[v] {
			return fmt.Sprintf("%s = %d", v, n), effect
		}
		declared[v], touched[v] = true, true
		if g.next(2) == 0 {
			return fmt.Sprintf("var %s = %d", v, n), effect
		}
		return fmt.Sprintf("%s := %d", v, n), effect
	case 4: // arithmetic on variables
		a, b := pick(g, g.vars), pick(g, g.vars)
		if a == "" {
			return "", nil
		}
		n := num()
		touched[a] = true
		return fmt.Sprintf("%s = %s + %d", a, b, n), func() { g.vars[a] = g.vars[b] + n }
	case 5: // a loop over an int
		a := pick(g, g.vars)
		if a == "" {
			return "", nil
		}
		n := g.next(6)
		touched[a] = true
		return fmt.Sprintf("for i := range %d {\n\t%s += i\n}", n, a), func() { g.vars[a] += n * (n - 1) / 2 }
	case 6: // min and max
		a, b := pick(g, g.vars), pick(g, g.vars)
		if a == "" {
			return "", nil
		}
		n := num()
		touched[a] = true
		if g.next(2) == 0 {
			return fmt.Sprintf("%s = min(%s, %d)", a, b, n), func() { g.vars[a] = min(g.vars[b], n) }
		}
		return fmt.Sprintf("%s = max(%d, %s)", a, n, b), func() { g.vars[a] = max(g.vars[b], n) }
	case 7, 8: // define or redefine a function
		fn, n := name("f"), num()
		if declared[fn] || declared["called "+fn] {
			return "", nil
		}
		declared[fn], touched[fn] = true, true
		return fmt.Sprintf("func %s(a int) int {\n\treturn a + %d\n}", fn, n), func() { g.funcs[fn] = n }
	case 9: // call a function
		fn, a, b := pick(g, g.funcs), pick(g, g.vars), pick(g, g.vars)
		if fn == "" || a == "" {
			return "", nil
		}
		touched[a] = true
		declared["called "+fn] = true
		return fmt.Sprintf("%s = %s(%s)", a, fn, b), func() { g.vars[a] = g.vars[b] + g.funcs[fn] }
	case 10: // a constant
		c, n := name("c"), num()
		if declared[c] {
			return "", nil
		}
		declared[c], touched[c] = true, true
		return fmt.Sprintf("const %s = %d", c, n), func() { g.consts[c] = n }
	case 11: // a closure called at once
		a, b := pick(g, g.vars), pick(g, g.vars)
		if a == "" {
			return "", nil
		}
		n := g.next(4)
		touched[a] = true
		return fmt.Sprintf("%s = func(x int) int { return x * %d }(%s)", a, n, b), func() { g.vars[a] = g.vars[b] * n }
	case 12: // strings, if imported
		if !g.imported["strings"] {
			return "", nil
		}
		s, n := name("s"), g.next(4)
		op := ":="
		if declared[s] {
			op = "="
		}
		declared[s], touched[s] = true, true
		return fmt.Sprintf("%s %s strings.Repeat(\"ab\", %d)", s, op, n), func() { g.strs[s] = strings.Repeat("ab", n) }
	default: // a package-level function's value, if fmt is imported
		a := pick(g, g.vars)
		if !g.imported["fmt"] || a == "" {
			return "", nil
		}
		touched[a] = true
		return fmt.Sprintf("%s = len(fmt.Sprint(%s))", a, a), func() { g.vars[a] = len(fmt.Sprint(g.vars[a])) }
	}
}

// expr generates the cell's last expression and a function giving its
// value's text in the model's current state.
func (g *cellGen) expr() (string, func() string) {
	switch g.next(5) {
	case 0:
		if v := pick(g, g.vars); v != "" {
			return v, func() string { return fmt.Sprint(g.vars[v]) }
		}
	case 1:
		a, b := pick(g, g.vars), pick(g, g.consts)
		if a != "" && b != "" {
			return a + " + " + b, func() string { return fmt.Sprint(g.vars[a] + g.consts[b]) }
		}
	case 2:
		if fn := pick(g, g.funcs); fn != "" {
			return fn + "(10)", func() string { return fmt.Sprint(10 + g.funcs[fn]) }
		}
	case 3:
		if s := pick(g, g.strs); s != "" {
			return "len(" + s + ")", func() string { return fmt.Sprint(len(g.strs[s])) }
		}
	}
	return "", nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
