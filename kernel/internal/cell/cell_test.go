package cell

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
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
			c, err := New(Options{}).Parse(tc.src)
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
	src := "for i := range 10 {\n\tgo f(i,\n\t\ti+1)\n}\nz := min(a,\n\tb)\nclear(m)\nfor _, v := range xs { fs = append(fs, func() int { return v }) }\nz"
	c, err := New(Options{}).Parse(src)
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
		for _, want := range []string{"_k", "_gonlm.GoPanic(r)", "_gonlm_min(", "_gonlm_reflect.ValueOf(m).Clear()", "_v", "_gonlm.Show(z)"} {
			if !strings.Contains(ch.Src+ch.Show, want) {
				t.Errorf("rewritten cell lacks %q:\n%s", want, ch.Src)
			}
		}
	}
}

// fakeResolver types globals and package members from maps.
type fakeResolver struct {
	globals map[string]any
	members map[string]any
}

func (f fakeResolver) GlobalType(name string) (reflect.Type, bool) {
	v, ok := f.globals[name]
	return reflect.TypeOf(v), ok
}

func (f fakeResolver) MemberType(pkg, name string) (reflect.Type, bool) {
	v, ok := f.members[pkg+"."+name]
	return reflect.TypeOf(v), ok
}

func TestUnsupported(t *testing.T) {
	res := fakeResolver{
		globals: map[string]any{"seq": func(func(int) bool) {}, "n": 3, "xs": []int{}},
		members: map[string]any{"strings.Lines": strings.Lines, "strings.Split": strings.Split},
	}
	tests := []struct {
		name  string
		cells []string
		line  int
		msg   string // "" means: no error
	}{
		{"range over iterator call", []string{"import \"strings\"\nfor l := range strings.Lines(s) { _ = l }"}, 0, ""},
		{"range over func global", []string{"x := 0\n\nfor v := range seq { x += v }"}, 0, ""},
		{"range over func literal", []string{"for v := range func(yield func(int) bool) {} { _ = v }"}, 0, ""},
		{"range over func with return", []string{"func f() int {\n\tfor v := range seq {\n\t\treturn v\n\t}\n\treturn 0\n}"}, 2, "contains a return statement"},
		{"range over func with labeled break", []string{"L: for {\n\tfor v := range seq { if v > 0 { break L } }\n}"}, 2, "labeled break"},
		{"range over func of unknown element type", []string{"for v := range mystery() { _ = v }", "func mystery() func(func(int) bool)"}, 0, ""},
		{"range over unknown func value", []string{"var fv func(func(int) bool)\nfor v := range fv { _ = v }"}, 0, ""},
		{"range over func returning unknown", []string{"for v := range strings.Split { _ = v }"}, 1, "cannot tell the iterator's element types"},
		{"range over slice from member", []string{"for _, w := range strings.Split(s, \",\") { _ = w }"}, 0, ""},
		{"range over global slice", []string{"for i := range xs { _ = i }"}, 0, ""},
		{"type-set generic inferred", []string{"func Sum[T ~int | ~float64](xs []T) (s T) { for _, x := range xs { s += x }; return }\nSum([]int{1})"}, 2, "type-set constraint"},
		{"type-set generic across cells", []string{"import \"cmp\"\nfunc Lo[T cmp.Ordered](a, b T) T { return a }", "Lo(1, 2)"}, 1, "explicit"},
		{"type-set generic explicit", []string{"func Sum[T ~int | ~float64](xs []T) (s T) { return }\nSum[int]([]int{1})"}, 0, ""},
		{"any generic inferred", []string{"func Id[T any](x T) T { return x }\nId(1)"}, 0, ""},
		{"two range variables over int", []string{"for i, j := range 3 { _, _ = i, j }"}, 1, "only one iteration variable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := New(Options{Resolver: res})
			var err error
			for _, c := range tc.cells {
				if _, err = f.Parse(c); err != nil {
					break
				}
			}
			if tc.msg == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want *Error containing %q", err, tc.msg)
			}
			if e.Line != tc.line || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("got %v, want line %d containing %q", e, tc.line, tc.msg)
			}
		})
	}
}

func TestRangeOverIntWithResolver(t *testing.T) {
	f := New(Options{Resolver: fakeResolver{globals: map[string]any{"n": int64(3)}}})
	c, err := f.Parse("for i := range n { println(i) }")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Chunks[0].Src, "< (n)") {
		t.Errorf("range over int64 global not rewritten:\n%s", c.Chunks[0].Src)
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
		_, err := New(Options{}).Parse(tc.src)
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
	c, err := New(Options{}).Parse("x := 1\nfunc bad() { panic(1) }\nbad()")
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
	f := New(Options{})
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
	// x := (1)
	// _gonlm.Show(x)
}

func TestMapErrorHints(t *testing.T) {
	c, err := New(Options{}).Parse("x := 1\nfor i := range f() { _ = i }")
	if err != nil {
		t.Fatal(err)
	}
	ch := c.Chunks[0]
	tests := []struct {
		in   error
		want string
	}{
		{errors.New("nil type"), "for i := 0; i < n; i++"},
		{errors.New("2:5: constant definition loop"), "undefined name"},
		{errors.New("rand/_.go redeclared in this block"), "import this one under another name"},
	}
	for _, tc := range tests {
		got := ch.MapError(tc.in)
		if !strings.Contains(got.Error(), tc.want) {
			t.Errorf("MapError(%v) = %v, want it to mention %q", tc.in, got, tc.want)
		}
	}
	if e := errors.New("plain"); ch.MapError(e) != e {
		t.Error("MapError changed an error without position")
	}
}
