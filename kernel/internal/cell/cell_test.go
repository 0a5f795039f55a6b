package cell

import (
	"errors"
	"fmt"
	"go/token"
	"strings"
	"testing"

	"github.com/gonlm/gonlm/kernel/internal/symbols"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // kind@line:col per chunk
	}{
		{"empty", "  \n// just a comment\n", ""},
		{"stmts", "x := 1\ny := 2", "stmts@1:1"},
		{"decls", "import \"fmt\"\nfunc f() {}\ntype T int", "decls@1:1"},
		{"mixed", "import \"fmt\"\nx := 1\nfunc f() int { return x }\nfmt.Println(f())", "decls@1:1 stmts@2:1 decls@3:1 stmts@4:1"},
		{"same line", "import \"fmt\"; fmt.Println(1)", "decls@1:1 stmts@1:15"},
		{"func literal is a statement", "func() { println(1) }()", "stmts@1:1"},
		{"func literal with named result is a statement", "func() int { return 1 }()", "stmts@1:1"},
		{"method is a declaration", "type T int\nfunc (t T) M() {}\nT(1).M()", "decls@1:1 stmts@3:1"},
		{"multi-line func", "func f() {\n\tx := 1\n\t_ = x\n}\nf()", "decls@1:1 stmts@5:1"},
		{"var block then stmt", "var (\n\ta []int\n)\na = append(a, 1)", "decls@1:1 stmts@4:1"},
		{"leading comment and blank lines", "// doc\n\n  x := 1", "stmts@3:3"},
		{"doc comment joins its declaration", "x := 1\n// F does.\n// More.\nfunc F() {}", "stmts@1:1 decls@2:1"},
		{"import after a func", "func f() {}\nimport \"fmt\"\nimport \"os\"\nvar v int", "decls@1:1 decls@2:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := newFront().Parse(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ch := range c.Chunks {
				got = append(got, fmt.Sprintf("%s@%d:%d", ch.Kind, ch.Line, ch.Col))
			}
			if s := strings.Join(got, " "); s != tc.want {
				t.Errorf("chunks %q, want %q", s, tc.want)
			}
			for _, ch := range c.Chunks {
				// Padding keeps the chunk at its cell position.
				if n := strings.Count(ch.Src, "\n") - strings.Count(strings.TrimLeft(ch.Src, "\n"), "\n"); n != ch.Line-1 {
					t.Errorf("chunk at line %d padded with %d newlines", ch.Line, n)
				}
			}
		})
	}
}

// TestRewritesKeepLines checks that rewrites never move a line.
func TestRewritesKeepLines(t *testing.T) {
	f := newFront()
	parseRan(t, f, "func f(a, b int) {}\na, b := 1, 2\nm := map[int]int{}\nxs := []int{1}\nvar fs []func() int")
	src := "for i := range 10 {\n\tgo f(i,\n\t\ti+1)\n}\nz := min(a,\n\tb)\nclear(m)\nfor _, v := range xs { fs = append(fs, func() int { return v }) }\nz"
	c, err := f.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range c.Chunks {
		if ch.Helper {
			continue
		}
		if got, want := strings.Count(ch.Src, "\n"), strings.Count(ch.body, "\n"); got != want {
			t.Errorf("Src has %d newlines, body %d:\n%s", got, want, ch.Src)
		}
		if ch.Show != "" && strings.Count(ch.Show, "\n") != strings.Count(ch.body, "\n") {
			t.Errorf("Show moved lines:\n%s", ch.Show)
		}
		for _, want := range []string{"_k", "_gonlm.GoPanic(r)", "_gonlm_min[int](", "_gonlm_reflect.ValueOf(m).Clear()", "_v", "_gonlm.Show(z)"} {
			if !strings.Contains(ch.Src+ch.Show, want) {
				t.Errorf("rewritten cell lacks %q:\n%s", want, ch.Src)
			}
		}
	}
}

// newFront returns a Front over the kernel's symbol tables.
func newFront() *Front {
	return New(Options{Packages: symbols.NewImporter(token.NewFileSet())})
}

// parseRan parses cells and marks their chunks as run.
func parseRan(t *testing.T, f *Front, cells ...string) *Cell {
	t.Helper()
	var c *Cell
	for _, src := range cells {
		var err error
		c, err = f.Parse(src)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		for i := range c.Chunks {
			f.Ran(&c.Chunks[i])
		}
	}
	return c
}

// TestRefused checks cells that must fail before anything runs: each error
// with its cell line and column, in the compiler's words.
func TestRefused(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  []string // "line:col: message substring"
	}{
		{"continued expression", []string{"import \"fmt\"\nx := 3", "y := x +\nfmt.Println(y)"},
			[]string{"2:1: multiple-value fmt.Println(y) (value of type (n int, err error)) in single-value context", "2:13: undefined: y"}},
		{"undefined method on line 4", []string{"import (\"fmt\"; \"time\")\ns := []int{1, 2}\nfor _, v := range s { fmt.Println(v); time.Sleep(time.Second) }\ns.Done()"},
			[]string{"4:3: s.Done undefined (type []int has no field or method Done)"}},
		{"every error", []string{"a := undefinedA\nvar b int = \"s\"\nfunc f() int { return undefinedF }"},
			[]string{"1:6: undefined: undefinedA", "2:13: cannot use \"s\"", "3:23: undefined: undefinedF"}},
		{"unused inside a function", []string{"func f() { v := 1 }"}, []string{"1:12: declared and not used: v"}},
		{"unused expression not last", []string{"x := 1\nx + 1\nx"}, []string{"2:1: x + 1 (value of type int) is not used"}},
		{"missing import", []string{"fmt.Println(1)"}, []string{`1:1: undefined: fmt (import "fmt")`}},
		{"range over func with return", []string{"func f(seq func(func(int) bool)) int {\n\tfor v := range seq {\n\t\treturn v\n\t}\n\treturn 0\n}"},
			[]string{"2:2: range over a function (seq) contains a return statement"}},
		{"range over func with labeled break", []string{"seq := func(func(int) bool) {}\nL: for {\n\tfor v := range seq { if v > 0 { break L } }\n}"},
			[]string{"3:2: range over a function (seq) contains a labeled break"}},
		{"two range variables over int", []string{"for i, j := range 3 { _, _ = i, j }"}, []string{"1:8: range over 3 (untyped int constant) permits only one iteration variable"}},
		{"generic of a compiled package", []string{"import \"reflect\"\nt := reflect.TypeFor[int]()"}, []string{"2:14: reflect.TypeFor is generic"}},
		{"slices function yaegi lacks", []string{"import \"slices\"\nxs := []int{2, 1}\nxs = slices.Replace(xs, 0, 1, 7)"}, []string{"3:13: slices.Replace is not available in the interpreter"}},
		{"slices.Sort as a value", []string{"import \"slices\"\nsort := slices.Sort[[]int]"}, []string{"2:16: slices.Sort is not available in the interpreter"}},
		{"slices.Max in a generic function", []string{"import (\"cmp\"; \"slices\")\nfunc top[E cmp.Ordered](xs []E) E { return slices.Max(xs) }"}, []string{"2:51: slices.Max is not available in the interpreter"}},
		{"slices.Concat of a named slice type spread", []string{"import \"slices\"\ntype Row []int\nparts := []Row{{1}, {2}}\nall := slices.Concat(parts...)"}, []string{"4:15: slices.Concat is not available in the interpreter"}},
		{"iter.Seq in a cell's signature stays refused", []string{"import \"iter\"\nfunc evens() iter.Seq[int] { return nil }"}, []string{"2:19: iter.Seq is generic"}},
		{"method redefined", []string{"type T int\nfunc (T) M() int { return 1 }", "func (T) M() int { return 2 }"},
			[]string{"1:10: method T.M already declared in an earlier cell"}},
		{"methods of an earlier type, unnamed receiver and promoted name", []string{"type B struct{}\nfunc (B) Hi() string { return \"b\" }\ntype D struct{ B }", "func (D) Hi(n int) string { return \"d\" }\nvar _ int = D{}.Hi(1)"},
			[]string{"2:13: cannot use D{}.Hi(1) (value of type string) as int value in variable declaration"}},
		{"method of an earlier type with a field's name", []string{"type S struct{ N int }", "func (S) N() {}"}, []string{"1:10: field and method with the same name N"}},
		{"errors.As with a non-pointer cell type", []string{"import (\"errors\"; \"fmt\")\ntype E struct{}\nfunc (E) Error() string { return \"e\" }\nvar err error = fmt.Errorf(\"w: %v\", E{})\nvar e E\nerrors.As(err, &e)"},
			[]string{"6:16: errors.As cannot find a E: yaegi v0.16.1 keeps a value of a non-pointer type"}},
		{"%w of a non-pointer cell type", []string{"import \"fmt\"\ntype E struct{}\nfunc (E) Error() string { return \"e\" }\nerr := fmt.Errorf(\"w: %w\", E{})"},
			[]string{"4:28: fmt.Errorf would hide the E it wraps"}},
		{"fmt of nested Stringers", []string{"import \"fmt\"\ntype T int\nfunc (T) String() string { return \"t\" }\nfmt.Println([]T{1})"},
			[]string{"4:13: Println cannot call the methods of main.T"}},
		{"a cell that did not type-check declares nothing", []string{"q := 1\nr := undefinedR", "q"}, []string{"1:1: undefined: q"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFront()
			var err error
			for _, c := range tc.cells {
				var parsed *Cell
				if parsed, err = f.Parse(c); err != nil {
					continue // only the last cell's errors are checked
				}
				for i := range parsed.Chunks {
					f.Ran(&parsed.Chunks[i])
				}
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			var got []string
			var list ErrorList
			var one *Error
			switch {
			case errors.As(err, &list):
				for _, e := range list {
					got = append(got, fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg))
				}
			case errors.As(err, &one):
				got = append(got, fmt.Sprintf("%d:%d: %s", one.Line, one.Col, one.Msg))
			default:
				t.Fatalf("error %T %v", err, err)
			}
			for _, w := range tc.want {
				found := false
				for _, g := range got {
					if strings.HasPrefix(g, w) || strings.Contains(g, w) && strings.HasPrefix(g, strings.SplitN(w, ": ", 2)[0]+": ") {
						found = true
					}
				}
				if !found {
					t.Errorf("errors %q lack %q", got, w)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("got %d errors %q, want %d", len(got), got, len(tc.want))
			}
		})
	}
}

func TestIsComplete(t *testing.T) {
	tests := []struct {
		src    string
		want   Completeness
		indent string
	}{
		{"x := 1", Complete, ""},
		{"", Complete, ""},
		{"func h() {\n\tfmt.Println(1)", Incomplete, "\t"},
		{"func h() {", Incomplete, "\t"},
		{"fmt.Println(1,", Incomplete, ""},
		{"s := `abc", Incomplete, ""},
		{"for i := 0; i < 3; i++ {\n", Incomplete, "\t"},
		{"x := )", Invalid, ""},
		{"import \"fmt\"\nfmt.Println(\"a\")", Complete, ""},
		{"for v := range strings.Lines(s) {}", Complete, ""},
		{"x := 1 +", Incomplete, ""},
		{"}", Invalid, ""},
	}
	for _, tc := range tests {
		got, indent := IsComplete(tc.src)
		if got != tc.want || indent != tc.indent {
			t.Errorf("IsComplete(%q) = %v %q, want %v %q", tc.src, got, indent, tc.want, tc.indent)
		}
	}
}

func TestParseErrorPositions(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
	}{
		{"x := 1\ny := )", 2, 6},
		{"import \"fmt\"\nfunc f( {", 2, 9},
		{"a := 1; b := ]", 1, 14},
	}
	for _, tc := range tests {
		_, err := newFront().Parse(tc.src)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Parse(%q) = %v, want *Error", tc.src, err)
		}
		if e.Line != tc.line || e.Col != tc.col {
			t.Errorf("Parse(%q): error at %d:%d (%s), want %d:%d", tc.src, e.Line, e.Col, e.Msg, tc.line, tc.col)
		}
	}
}

func TestMapText(t *testing.T) {
	c, err := newFront().Parse("x := 1\nfunc bad() { panic(1) }\nbad()")
	if err != nil {
		t.Fatal(err)
	}
	ch := c.Chunks[1] // the decl chunk on line 2
	got := ch.MapText("2:14: panic: main.bad(...)\nother")
	if got != "cell:2:14: panic: main.bad(...)\nother" {
		t.Errorf("MapText = %q", got)
	}
}

func ExampleFront_Parse() {
	f := newFront()
	c, err := f.Parse("import \"fmt\"\nfor i := range 3 {\n\tfmt.Print(i)\n}\nx := min(2, 1)\nx")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ch := range c.Chunks {
		fmt.Printf("%s helper=%v line=%d\n", ch.Kind, ch.Helper, ch.Line)
	}
	fmt.Println(strings.TrimSpace(c.Chunks[1].Show))
	// Output:
	// decls helper=false line=1
	// stmts helper=false line=2
	// for _k1_ := (3) - (3); _k1_ < (3); _k1_++ { i := _k1_;
	// 	fmt.Print(i)
	// }
	// x := int(1)
	// _gonlm.Show(x)
}
