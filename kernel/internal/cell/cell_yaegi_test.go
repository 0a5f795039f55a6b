package cell

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonlm/gonlm/kernel/internal/symbols"
	"github.com/traefik/yaegi/interp"
)

// session is a minimal stand-in for kernel/session: an interpreter with our
// symbol tables and a stub _gonlm package, running cells chunk by chunk.
type session struct {
	t      *testing.T
	i      *interp.Interpreter
	front  *Front
	out    bytes.Buffer
	mu     sync.Mutex
	shown  []string
	panics chan any
}

func newSession(t *testing.T) *session {
	t.Helper()
	s := &session{t: t, panics: make(chan any, 4)}
	s.i = interp.New(interp.Options{Stdout: &s.out, Stderr: &s.out})
	if err := s.i.Use(symbols.Symbols); err != nil {
		t.Fatal(err)
	}
	hooks := interp.Exports{"gonlm/_gonlm/_gonlm": {
		"Show": reflect.ValueOf(func(v ...any) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.shown = append(s.shown, strings.TrimSuffix(fmt.Sprintln(v...), "\n"))
		}),
		"GoPanic":        reflect.ValueOf(func(v any) { s.panics <- v }),
		"AssertTo":       reflect.ValueOf(AssertTo),
		"NotInterpreted": reflect.ValueOf(NotInterpreted),
		"AssertFailed":   reflect.ValueOf(AssertFailed),
		"Unwrap":         reflect.ValueOf(Unwrap),
		"Lost":           reflect.ValueOf(Lost),
		"ErrChildren":    reflect.ValueOf(ErrChildren),
		"ErrJoined":      reflect.ValueOf(ErrJoined),
		"ErrMatch":       reflect.ValueOf(ErrMatch),
		"ErrAs":          reflect.ValueOf(ErrAs),
		"Same":           reflect.ValueOf(Same),
		"Recovered":      reflect.ValueOf(func(v any) (any, bool) { return nil, false }),
	}}
	if err := s.i.Use(hooks); err != nil {
		t.Fatal(err)
	}
	if _, err := s.i.Eval(`import _gonlm "gonlm/_gonlm"`); err != nil {
		t.Fatal(err)
	}

	s.front = newFront()
	if err := s.run(`import "fmt"`); err != nil {
		t.Fatal(err)
	}
	return s
}

// run executes a cell as the session will: Show first, then the plain form.
func (s *session) run(src string) error {
	c, err := s.front.Parse(src)
	if err != nil {
		return err
	}
	for _, ch := range c.Chunks {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if ch.Show != "" {
			if prog, err := s.i.Compile(ch.Show); err == nil {
				_, err = s.i.ExecuteWithContext(ctx, prog)
				cancel()
				if err != nil {
					return ch.MapShowError(err)
				}
				s.front.Ran(&ch)
				continue
			}
		}
		_, err := s.i.EvalWithContext(ctx, ch.Src)
		cancel()
		if err != nil {
			return ch.MapError(err)
		}
		s.front.Ran(&ch)
	}
	return nil
}

func TestCellsInYaegi(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		out   string   // printed output of the last cell
		shown []string // values shown by the last cell
	}{
		{"mixed cell", []string{"import \"fmt\"\nx := 1\nfunc f() int { return x }\nfmt.Println(f())"}, "1\n", nil},
		{"decl then stmt", []string{"var a []int\na = append(a, 3)\na"}, "", []string{"[3]"}},
		{"range over int literal", []string{"import \"fmt\"\ns := 0\nfor i := range 5 { s += i }\nfmt.Println(s)"}, "10\n", nil},
		{"range over int variable", []string{"import \"fmt\"\nn := 4\nfor i := range n { fmt.Print(i) }\nfor range 2 { fmt.Print(\"x\") }"}, "0123xx", nil},
		{"range over int from earlier cell", []string{"n := 3", "import \"fmt\"\nfor i := range n { fmt.Print(i) }"}, "012", nil},
		{"range over call bound", []string{"import \"fmt\"\nfunc three() int { return 3 }\nfor i := range three() { fmt.Print(i) }"}, "012", nil},
		{"range over int in func", []string{"import \"fmt\"\nfunc sum(n int) (s int) { for i := range n { s += i }; return }\nfmt.Println(sum(4))"}, "6\n", nil},
		{"range over slice unchanged", []string{"import \"fmt\"\nxs := []string{\"a\", \"b\"}\nfor i, x := range xs { fmt.Print(i, x) }"}, "0a1b", nil},
		{"min max", []string{"import \"fmt\"\nf := 2.5\nfmt.Println(min(3, 1, 2), max(1, f), min(f, 1), max(\"a\", \"b\"))"}, "1 2.5 1 b\n", nil},
		{"min const", []string{"import \"fmt\"\nconst c = min(4, 2.5, 3)\nfmt.Println(c, max(1, 2))"}, "2.5 2\n", nil},
		{"min in func", []string{"import \"fmt\"\nfunc lo(a, b int) int { return min(a, b) }\nfmt.Println(lo(5, 3))"}, "3\n", nil},
		{"clear map and slice", []string{"import \"fmt\"\nm := map[string]int{\"a\": 1}\ns := []int{1, 2}\nclear(m)\nclear(s)\nfmt.Println(len(m), s)"}, "0 [0 0]\n", nil},
		{"loopvar closures three-clause", []string{"import \"fmt\"\nvar fs []func() int\nfor i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }\nfor _, f := range fs { fmt.Print(f()) }"}, "012", nil},
		{"loopvar closures 210", []string{"import \"fmt\"\nr := 0\nvar fs []func()\nfor k := 0; k < 3; k++ { fs = append(fs, func() { r = r*10 + k }) }\nfor j := len(fs) - 1; j >= 0; j-- { fs[j]() }\nfmt.Println(r)"}, "210\n", nil},
		{"loopvar closures range", []string{"import \"fmt\"\nvar fs []func() string\nfor _, s := range []string{\"a\", \"b\"} { fs = append(fs, func() string { return s }) }\nfor _, f := range fs { fmt.Print(f()) }"}, "ab", nil},
		{"loopvar closures range over int", []string{"import \"fmt\"\nvar fs []func() int\nfor i := range 3 { fs = append(fs, func() int { return i }) }\nfor _, f := range fs { fmt.Print(f()) }"}, "012", nil},
		{"goroutine args evaluated at go", []string{"import (\"fmt\"; \"sync\")\nvar wg sync.WaitGroup\nx := 1\nwg.Add(1)\ngo func(v int) { defer wg.Done(); fmt.Print(v) }(x)\nx = 2\nwg.Wait()\nwg.Add(1)\nshow := func(v int) { defer wg.Done(); fmt.Print(v) }\ngo show(x)\nx = 3\nwg.Wait()"}, "12", nil},
		{"show last expression", []string{"x := 20\nx + 1"}, "", []string{"21"}},
		{"show multi-value", []string{"func two() (int, string) { return 1, \"a\" }\ntwo()"}, "", []string{"1 a"}},
		{"void call falls back", []string{"func v() {}\nv()"}, "", nil},
		{"println not shown", []string{"import \"fmt\"\nfmt.Println(\"hi\")"}, "hi\n", nil},
		{"redeclare var", []string{"var x = 1", "var x = 2\nx"}, "", []string{"2"}},
		{"redeclare :=", []string{"y := 1", "y := 5\ny"}, "", []string{"5"}},
		{"min with reordered const", []string{"import \"fmt\"\nvar f float64 = 3\nfmt.Println(min(1, f))"}, "1\n", nil},
		{"whole program", []string{"package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := range 2 {\n\t\tfmt.Print(i)\n\t}\n}"}, "01", nil},
		{"whole program twice", []string{"package main\nimport \"fmt\"\nfunc main() { fmt.Print(\"once\") }", "package main\nimport \"fmt\"\nfunc main() { fmt.Print(\"again\") }"}, "again", nil},
		{"import blocks with repeats", []string{"import (\"fmt\"; \"os\")\nfmt.Print(os.Getpid() > 0)", "import (\n\t\"fmt\"\n\t\"strings\"\n)\nimport (\"os\")\nfmt.Print(strings.ToUpper(\"a\"), os.Getpid() > 0)"}, "Atrue", nil},
		{"function literal call runs once", []string{"import \"fmt\"\nfunc() { fmt.Print(\"once \") }()", "x := 1", "y := 2\nfunc() int { return 7 }()"}, "", []string{"7"}},
		{"range over strings.Lines", []string{"import (\"fmt\"; \"strings\")\nfor l := range strings.Lines(\"a\\nbb\\n\") {\n\tfmt.Print(len(l))\n}"}, "23", nil},
		{"range over SplitSeq with break", []string{"import (\"fmt\"; \"strings\")\nfor w := range strings.SplitSeq(\"a,b,c\", \",\") { if w == \"c\" { break }; fmt.Print(w) }"}, "ab", nil},
		{"range over func literal with continue", []string{"import \"fmt\"\nfor v := range func(yield func(int) bool) { for i := 0; i < 4; i++ { if !yield(i) { return } } } {\n\tif v == 1 { continue }\n\tswitch v { case 3: break }\n\tfmt.Print(v)\n}"}, "023", nil},
		{"range over cell iterator across cells", []string{"func count(n int) func(func(int) bool) {\n\treturn func(yield func(int) bool) {\n\t\tfor i := 0; i < n; i++ {\n\t\t\tif !yield(i) { return }\n\t\t}\n\t}\n}", "import \"fmt\"\nfor v := range count(9) {\n\tif v == 3 { break }\n\tfor j := range 2 { if j == 1 { break }; fmt.Print(v) }\n}"}, "012", nil},
		{"range over two-value iterator", []string{"import \"fmt\"\npairs := func(yield func(string, int) bool) { _ = yield(\"a\", 1) && yield(\"b\", 2) }\nfor k, v := range pairs { fmt.Print(k, v) }\nfor k := range pairs { fmt.Print(k) }"}, "a1b2ab", nil},
		{"one-line import group repeating an earlier import", []string{"import \"context\"\nvar _ context.Context", "import (\"context\"; \"errors\"; \"fmt\")\nfmt.Print(errors.New(\"e\"), context.Background() != nil)"}, "e true", nil},
		{"one-line import group run twice", []string{"import (\"fmt\"; \"os\")\nfmt.Print(1)", "import (\"fmt\"; \"os\")\nfmt.Print(2, os.Getpid() > 0)"}, "2 true", nil},
		{"one-line import group all repeated", []string{"import (\"fmt\"; \"os\"; \"strings\")\nfmt.Print(1)", "import (\"fmt\" ; \"os\";\"strings\";)\nfmt.Print(strings.ToUpper(\"x\"), os.Getpid() > 0)"}, "Xtrue", nil},
		{"an import after a declaration in one cell", []string{"import \"math\"\nfunc half(x float64) float64 { return x / 2 }\nimport \"fmt\"\nfmt.Print(half(math.Sqrt(16)))"}, "2", nil},
		{"an import repeated after a declaration in one cell", []string{"import \"math\"\nfunc half(x float64) float64 { return x / 2 }\nimport \"math\"\nimport (\"fmt\"; \"math\")\nfmt.Print(half(math.Sqrt(16)))"}, "2", nil},
		{"assertion in a function sees a type of a later cell", []string{"func describe(v any) string { if s, ok := v.(fmt.Stringer); ok { return s.String() }; switch v.(type) { case error: return \"error\" }; return \"none\" }", "type K struct{ k string }\nfunc (k K) String() string { return \"K\" + k.k }", "type E struct{}", "func (*E) Error() string { return \"E\" }", "describe(K{\"k\"}) + describe(&E{}) + describe(2)"}, "", []string{"Kkerrornone"}},
		{"import in every cell", []string{"import \"fmt\"\nfmt.Print(1)", "import \"fmt\"\nfmt.Print(2)"}, "2", nil},
		{"clear and min in two cells", []string{"m := map[int]int{1: 1}\nclear(m)\na := min(len(m), 3)", "s := []int{4}\nclear(s)\nb := min(a, 5) + s[0]\nb"}, "", []string{"0"}},
		{"labeled range over int", []string{"import \"fmt\"\nL: for i := range 3 { for j := range 3 { if j > i { continue L }; fmt.Print(i, j, \" \") } }"}, "0 0 1 0 1 1 2 0 2 1 2 2 ", nil},
		{"two cells using helpers", []string{"a := min(1, len(\"xy\"))", "b := max(a, 7)\nb"}, "", []string{"7"}},
		{"min in a var declaration", []string{"a, b := 3, 4\nvar lo = min(a, b)\nvar hi, c = max(a, b), 1\nlo + hi + c"}, "", []string{"8"}},
		{"nested min in global define", []string{"x, y := 4, 9\nz := 1 + min(max(x, 2), y)\nz"}, "", []string{"5"}},
		{"type-set generic inferred", []string{"func Sum[T ~int | ~float64](xs []T) (s T) { for _, x := range xs { s += x }; return }\nSum([]float64{1.5, 2})"}, "", []string{"3.5"}},
		{"generic result declares a global", []string{"func Id[T any](x T) T { return x }\nvar g = Id(4)\nh := Id(\"s\") + \"t\"\nh", "g"}, "", []string{"4"}},
		{"interpreted slices with inferred types", []string{"import \"slices\"\nxs := []int{3, 1, 2}\nslices.Reverse(xs)\nslices.Index(xs, 3)"}, "", []string{"2"}},
		{"type redefined", []string{"type T struct{ A int }", "p := T{1}", "type T struct{ B string }\nq := T{B: \"x\"}\nq.B + fmt.Sprint(p.A)"}, "", []string{"x1"}},
		{"method of a type of an earlier cell", []string{"type C struct{ n int }\nc := &C{}", "func (c *C) Inc() { c.n++ }", "c.Inc()\nc.n"}, "", []string{"1"}},
		{"import under a name taken by another package", []string{"import \"math/rand\"\nr := rand.New(rand.NewSource(1))\n_ = r", "import \"crypto/rand\"\nb := make([]byte, 4)\n_, err := rand.Read(b)\nerr == nil"}, "", []string{"true"}},
		{"var from a variable of a statement", []string{"n := 3\nvar xs = make([]int, n)\nvar (\n\tk int\n\tm = n + len(xs)\n)\nm + k"}, "", []string{"6"}},
		{"method values bind their receiver", []string{"type C struct{ n int }\nfunc (c C) Get() int { return c.n }\nfunc (c *C) PGet() int { return c.n }\nc := C{7}\ng, p := c.Get, c.PGet\nc.n = 8\npc := &C{1}\nh := pc.PGet\npc = &C{2}\nfmt.Print(g(), p(), h())"}, "7 8 1", nil},
		{"method expressions", []string{"type C struct{ n int }\nfunc (c C) Add(k int, more ...int) (int, error) { return c.n + k + len(more), nil }\nfunc (c *C) Inc() { c.n++ }\nc := C{1}\ninc := (*C).Inc\ninc(&c)\nadd := C.Add\nadd(c, 10, 0, 0)"}, "", []string{"14 <nil>"}},
		{"method value of a compiled type", []string{"import \"gonum.org/v1/gonum/mat\"\nd := mat.NewDense(1, 1, []float64{5})\nat := d.At\nd = mat.NewDense(1, 1, []float64{6})\nat(0, 0)"}, "", []string{"5"}},
		{"unexported fields of a type of an earlier cell", []string{"type pt struct{ x, y int }", "p := pt{1, 2}\np.x + p.y"}, "", []string{"3"}},
		{"methods of a generic type of an earlier cell", []string{"import \"cmp\"\ntype Stack[T cmp.Ordered] struct{ items []T }", "func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }", "func (s *Stack[E]) Max() (m E) {\n\tfor _, v := range s.items {\n\t\tm = max(m, v)\n\t}\n\treturn m\n}", "s := &Stack[int]{}\ns.Push(3)\ns.Push(5)\ns.Max()"}, "", []string{"5"}},
		{"slices.Sort and Max, NaN first, -0 and +0", []string{"import (\"fmt\"; \"math\"; \"slices\")\nneg := math.Copysign(0, -1)\nxs := []float64{2, math.NaN(), neg, -1, 0}\nslices.Sort(xs)\nfmt.Println(xs, slices.Max(xs), slices.Min(xs[1:]), slices.Max(xs[2:]), slices.Min(xs[2:4]), slices.Max([]float64{neg, 0, neg}))"}, "[NaN -1 -0 0 2] NaN -1 2 -0 0\n", nil},
		{"slices.Sort of a named slice type under another import name", []string{"import sl \"slices\"\ntype IDs []string\nids := IDs{\"b\", \"c\", \"a\"}\nsl.Sort(ids)\nfmt.Println(ids, sl.Max(ids), sl.IsSorted(ids))"}, "[a b c] c true\n", nil},
		{"slices.Sort of int8 and a named float type", []string{"import \"slices\"\ntype C float32\ncs := []C{3, -1.5, 2}\nslices.Sort(cs)\nis := []int8{5, -3, 0}\nslices.Sort(is)\nfmt.Println(cs, is, slices.Min(cs), slices.Max(is))"}, "[-1.5 2 3] [-3 0 5] -1.5 5\n", nil},
		{"slices.SortFunc of a cell struct of an earlier cell", []string{"type P struct{ Name string; Age int }", "import (\"cmp\"; \"slices\")\nps := []P{{\"bob\", 30}, {\"ann\", 25}, {\"cid\", 30}, {\"dan\", 25}}\nslices.SortStableFunc(ps, func(a, b P) int { return cmp.Compare(a.Age, b.Age) })\nfmt.Println(ps)\nslices.SortFunc(ps, func(a, b P) int { return cmp.Compare(b.Name, a.Name) })\nfmt.Println(ps, slices.MaxFunc(ps, func(a, b P) int { return a.Age - b.Age }).Name, slices.MinFunc(ps, func(a, b P) int { return a.Age - b.Age }).Name)"}, "[{ann 25} {dan 25} {bob 30} {cid 30}]\n[{dan 25} {cid 30} {bob 30} {ann 25}] cid dan\n", nil},
		{"slices arguments evaluated once, in order", []string{"import \"slices\"\nxs := []int{3, 1, 2}\nget := func() []int { fmt.Print(\"s\"); return xs }\nby := func() func(a, b int) int { fmt.Print(\"f\"); return func(a, b int) int { return b - a } }\nslices.SortFunc(get(), by())\nfmt.Println(xs)"}, "sf[3 2 1]\n", nil},
		{"slices.Max declares a global, used by a later cell", []string{"import \"slices\"\nhi := slices.Max([]int{4, 9, 2})\nvar lo = slices.Min([]int{4, 9, 2})", "hi - lo"}, "", []string{"7"}},
		{"slices in a function and with the cell's own sort import", []string{"import (\"slices\"; \"sort\")\nfunc spread(xs []int) int { slices.Sort(xs); return xs[len(xs)-1] - xs[0] }\nys := []int{5, 1}\nsort.Ints(ys)\nfmt.Println(spread([]int{4, 9, -2}), ys)"}, "11 [1 5]\n", nil},
		{"slices.BinarySearch and BinarySearchFunc", []string{"import \"slices\"\nxs := []int{10, 20, 30}\ni, ok := slices.BinarySearch(xs, 25)\nj, found := slices.BinarySearchFunc(xs, 30, func(e, t int) int { return e - t })\nfmt.Println(i, ok, j, found)"}, "2 false 2 true\n", nil},
		{"slices.Sorted of maps.Keys, and maps.Values in a range", []string{"import (\"maps\"; \"slices\")\nm := map[string]int{\"b\": 2, \"a\": 1, \"c\": 3}\nks := slices.Sorted(maps.Keys(m))\nvs := maps.Values(m)\nn := 0\nfor v := range vs { n += v }\nfmt.Println(ks, n, len(slices.Collect(maps.Keys(m))))"}, "[a b c] 6 3\n", nil},
		{"slices.All, Backward and Values", []string{"import \"slices\"\nfor i, v := range slices.All([]string{\"x\", \"y\"}) { fmt.Print(i, v) }\nfor i, v := range slices.Backward([]int{7, 8, 9}) { if i == 0 { break }; fmt.Print(i, v) }\nfmt.Print(slices.Sorted(slices.Values([]float64{2, 1})))"}, "0x1y2 91 8[1 2]", nil},
		{"slices.Compact and Delete of a named slice type keep the type and zero the tail", []string{"import \"slices\"\ntype Words []string\nws := Words{\"a\", \"a\", \"b\", \"b\"}\nfull := ws[:4]\nws = slices.Compact(ws)\nds := slices.Delete([]int{0, 1, 2, 3}, 1, 3)\nfmt.Printf(\"%T %q %q %v\\n\", ws, ws, full, ds)"}, "main.Words [\"a\" \"b\"] [\"a\" \"b\" \"\" \"\"] [0 3]\n", nil},
		{"maps.Clone of a named map type", []string{"import \"maps\"\ntype Ages map[string]int\na := Ages{\"x\": 1}\nc := maps.Clone(a)\nc[\"y\"] = 2\nvar nm map[int]int\nfmt.Printf(\"%T %d %d %v\\n\", c, len(a), len(c), maps.Clone(nm) == nil)"}, "main.Ages 1 2 true\n", nil},
		{"slices calls in defer and go statements", []string{"import (\"slices\"; \"sync\")\ntype T []int\nt := T{2, 1, 3}\nfunc g() { defer fmt.Println(\"deferred\", t); defer slices.Delete(t, 0, 1); t[2] = 7 }\ng()\nvar wg sync.WaitGroup\nys := []string{\"b\", \"a\"}\nwg.Add(1)\ngo func() { defer wg.Done(); slices.Sort(ys) }()\nwg.Wait()\nfunc() { defer slices.Sort(ys); ys[0] = \"c\" }()\nfmt.Println(ys)"}, "deferred [1 7 0]\n[b c]\n", nil},
		{"slices results shown as a cell's value", []string{"import \"slices\"\nxs := []int{10, 20, 30}", "slices.BinarySearch(xs, 20)"}, "", []string{"1 true"}},
		{"slices.SortFunc with a function of an earlier cell, inside a range over a func", []string{"type P struct{ A int }\nbyA := func(p, q P) int { return p.A - q.A }", "import (\"maps\"; \"slices\")\nm := map[string][]P{\"k\": {{3}, {1}}}\nfor k := range maps.Keys(m) { slices.SortFunc(m[k], byA); fmt.Print(slices.MaxFunc(m[k], byA), m[k]) }"}, "{3} [{1} {3}]", nil},
		{"min in a global define inside a func literal", []string{"f := func(a, b float64) float64 { v := min(a, b); return v }\nf(2, 1.5)"}, "", []string{"1.5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			for k, c := range tc.cells {
				s.out.Reset()
				s.shown = nil
				if err := s.run(c); err != nil {
					t.Fatalf("cell %d: %v\noutput: %s", k, err, s.out.String())
				}
			}
			if got := s.out.String(); got != tc.out {
				t.Errorf("output %q, want %q", got, tc.out)
			}
			if fmt.Sprint(s.shown) != fmt.Sprint(tc.shown) {
				t.Errorf("shown %q, want %q", s.shown, tc.shown)
			}
		})
	}
}

// TestSlicesEmptyPanics checks that slices.Max and the like panic on an
// empty slice with Go's message.
func TestSlicesEmptyPanics(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"import \"slices\"\nslices.Max([]int{})", "slices.Max: empty list"},
		{"import \"slices\"\nvar fs []float64\nfunc lo() float64 { return slices.Min(fs) }\nlo()", "slices.Min: empty list"},
		{"import \"slices\"\nslices.MaxFunc([]string(nil), func(a, b string) int { return 0 })", "slices.MaxFunc: empty list"},
	} {
		s := newSession(t)
		err := s.run(tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want a panic %q", tc.src, err, tc.want)
		}
	}
}

func TestGoroutinePanicDoesNotCrash(t *testing.T) {
	s := newSession(t)
	for _, src := range []string{
		"go func() { panic(\"bg boom\") }()",
		"func bad(s string) { panic(s) }\ngo bad(\"named boom\")",
	} {
		if err := s.run(src); err != nil {
			t.Fatal(err)
		}
		select {
		case v := <-s.panics:
			if !strings.Contains(fmt.Sprint(v), "boom") {
				t.Errorf("GoPanic got %v", v)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("GoPanic not called")
		}
	}
	if err := s.run("1 + 1"); err != nil {
		t.Fatalf("interpreter unusable after goroutine panic: %v", err)
	}
}

func TestErrorPositions(t *testing.T) {
	tests := []struct {
		name      string
		cells     []string
		line, col int
		msg       string
	}{
		{"undefined on line 3 of mixed cell", []string{"import \"fmt\"\nx := 1\nfmt.Println(undefinedThing, x)"}, 3, 13, "undefined: undefinedThing"},
		{"line 1 of stmt chunk", []string{"undefinedFunc()"}, 1, 1, "undefined: undefinedFunc"},
		{"type error in decl chunk", []string{"x := 1\nfunc f() int { return \"s\" }"}, 2, 23, "cannot use"},
		{"after a rewrite on the same line", []string{"for i := range 3 { _ = i }; y := undefinedV"}, 1, 34, "undefined: undefinedV"},
		{"after a rewrite on the same line 2", []string{"for i := range 3 { _ = i }; println(undefinedV)"}, 1, 37, "undefined: undefinedV"},
		{"second cell", []string{"a := 1", "b := a\n\nprintln(nope)"}, 3, 9, "undefined: nope"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			var err error
			for _, c := range tc.cells {
				if err = s.run(c); err != nil {
					break
				}
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v, want *cell.Error", err, err)
			}
			if e.Line != tc.line || e.Col != tc.col || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", e.Line, e.Col, e.Msg, tc.line, tc.col, tc.msg)
			}
		})
	}
}
