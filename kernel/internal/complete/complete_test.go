package complete

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/gonlm/gonlm/kernel/internal/symbols"
	"github.com/traefik/yaegi/interp"
)

// fixture runs cells in a real interpreter and returns a Completer over it.
func fixture(t *testing.T, cells ...string) *Completer {
	t.Helper()
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out, Stderr: &out})
	if err := i.Use(symbols.Symbols); err != nil {
		t.Fatal(err)
	}
	tr := NewTracker()
	c := New(i, tr, nil)
	front := cell.New(cell.Options{Resolver: c.Resolver()})
	for _, src := range cells {
		parsed, err := front.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range parsed.Chunks {
			if _, err := i.Eval(ch.Src); err != nil {
				t.Fatalf("cell %q: %v", src, ch.MapError(err))
			}
			front.Ran(&ch)
		}
		tr.Add(parsed)
	}
	return c
}

// at returns code without the '|' marker and the marker's position in code
// points.
func at(s string) (string, int) {
	i := strings.IndexByte(s, '|')
	return s[:i] + s[i+1:], utf8.RuneCountInString(s[:i])
}

func TestComplete(t *testing.T) {
	c := fixture(t,
		"import (\"gonum.org/v1/gonum/mat\"; \"strings\")\nm := mat.NewDense(2, 2, nil)\ncount := 3\ntype Pt struct{ X, Y float64 }\nfunc (p Pt) Norm() float64 { return p.X*p.X + p.Y*p.Y }\np := Pt{1, 2}\nfunc helper(a int) int { return a }\nfunc mk() *Pt { return &Pt{} }\nq := mk()\nvar ratio = 0.5\nimport \"nlm\"")
	tests := []struct {
		name  string
		code  string
		want  []string // must all be in the matches
		avoid []string // must not be
		start int      // expected cursor_start (code points), -1 to skip
	}{
		{"package member", "mat.Ne|", []string{"NewDense", "NewVecDense"}, []string{"Dense"}, 4},
		{"package member after import in same cell", "x := strings.Spl|", []string{"Split", "SplitN", "SplitSeq"}, nil, 13},
		{"Go 1.24 stdlib", "strings.Lin|", []string{"Lines"}, nil, -1},
		{"global methods (pointer receiver)", "m.Se|", []string{"Set", "SetRow"}, nil, 2},
		{"global method (value)", "m.A|", []string{"At"}, nil, -1},
		{"cell struct fields and methods", "p.|", []string{"X", "Y", "Norm"}, nil, 2},
		{"cell type from constructor", "q.|", []string{"Norm"}, nil, 2},
		{"cell type methods", "Pt.N|", []string{"Norm"}, nil, 3},
		{"global variable", "cou|", []string{"count"}, nil, 0},
		{"cell func and var", "he|", []string{"helper"}, nil, -1},
		{"var decl", "rat|", []string{"ratio"}, nil, -1},
		{"cell type", "P|", []string{"Pt"}, nil, -1},
		{"keyword", "fu|", []string{"func"}, nil, -1},
		{"builtin", "le|", []string{"len"}, nil, -1},
		{"imported package name", "ma|", []string{"mat", "math"}, nil, -1},
		{"names in the code", "longName := 1\nlongN|", []string{"longName"}, nil, -1},
		{"import path", "import \"gonum.org/v1/gonum/m|", []string{"gonum.org/v1/gonum/mat"}, nil, 8},
		{"import path in block", "import (\n\t\"fmt\"\n\t\"math/ra|", []string{"math/rand", "math/rand/v2"}, nil, -1},
		{"nlm short path", "nlm.NewMo|", []string{"NewModel"}, nil, -1},
		{"case-insensitive fallback", "mat.newd|", []string{"NewDense"}, nil, -1},
		{"unicode before cursor", "s := \"héllo\"; mat.Ne|", []string{"NewDense"}, nil, 18},
		{"no chain after call", "f().|", nil, []string{"NewDense"}, -1},
		{"pkg.Type methods", "mat.Dense.|", []string{"At", "Mul"}, nil, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, cur := at(tc.code)
			r := c.Complete(code, cur)
			got := map[string]bool{}
			for _, m := range r.Texts() {
				got[m] = true
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("missing %q in %v", w, r.Texts())
				}
			}
			for _, w := range tc.avoid {
				if got[w] {
					t.Errorf("unexpected %q", w)
				}
			}
			if tc.start >= 0 && r.CursorStart != tc.start {
				t.Errorf("cursor_start %d, want %d", r.CursorStart, tc.start)
			}
			if r.CursorEnd != cur {
				t.Errorf("cursor_end %d, want %d", r.CursorEnd, cur)
			}
		})
	}
}

func TestCompleteKindsAndSignatures(t *testing.T) {
	c := fixture(t, "import \"gonum.org/v1/gonum/mat\"")
	code, cur := at("mat.NewDen|")
	r := c.Complete(code, cur)
	if len(r.Matches) != 1 {
		t.Fatalf("matches %v", r.Texts())
	}
	m := r.Matches[0]
	if m.Kind != "function" || !strings.Contains(m.Signature, "*mat.Dense") {
		t.Errorf("NewDense: kind %q signature %q", m.Kind, m.Signature)
	}
	md := r.Metadata()["_jupyter_types_experimental"].([]map[string]any)
	if md[0]["type"] != "function" || md[0]["text"] != "NewDense" {
		t.Errorf("metadata %v", md)
	}
	code, cur = at("mat.Den|")
	for _, m := range c.Complete(code, cur).Matches {
		if m.Text == "Dense" && m.Kind != "type" {
			t.Errorf("Dense kind %q", m.Kind)
		}
	}
}

func TestInspect(t *testing.T) {
	c := fixture(t,
		"import \"gonum.org/v1/gonum/mat\"\nm := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\n// Twice doubles x.\nfunc Twice(x int) int { return 2 * x }\ntype Pt struct{ X int }\nfunc (p Pt) Get() int { return p.X }\npt := Pt{3}\nimport \"nlm\"")
	tests := []struct {
		name   string
		code   string
		detail int
		want   []string // substrings of text/plain
	}{
		{"package function", "mat.NewDen|se", 0, []string{"func NewDense(r, c int, data []float64) *Dense", "NewDense creates a new Dense matrix"}},
		{"inside call parentheses", "mat.NewDense(|", 0, []string{"func NewDense("}},
		{"package", "ma|t", 0, []string{`package mat // import "gonum.org/v1/gonum/mat"`}},
		{"type with methods at detail 1", "mat.Dense|", 1, []string{"type Dense struct", "Methods:", "func (m *Dense) Mul("}},
		{"method of a global", "m.Mu|l", 0, []string{"func (m *Dense) Mul(a, b Matrix)", "Mul takes the matrix product"}},
		{"global value", "|m", 0, []string{"m *mat.Dense", "= &{"}},
		{"cell func with doc", "Twi|ce(3)", 0, []string{"func Twice(x int) int", "Twice doubles x."}},
		{"cell type methods", "Pt|", 1, []string{"type Pt struct", "func (p Pt) Get() int"}},
		{"method of a cell-typed global", "pt.Ge|t()", 0, []string{"func (p Pt) Get() int"}},
		{"builtin", "le|n(x)", 0, []string{"func len(v Type) int"}},
		{"nlm short path", "nlm.NewMod|el", 0, []string{"func NewModel("}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, cur := at(tc.code)
			in := c.Inspect(code, cur, tc.detail)
			if !in.Found {
				t.Fatalf("not found")
			}
			text := in.Data["text/plain"].(string)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("text/plain lacks %q:\n%s", w, text)
				}
			}
			if md := in.Data["text/markdown"].(string); !strings.HasPrefix(md, "```go\n") {
				t.Errorf("markdown %q", md)
			}
		})
	}
	code, cur := at("nothingHere|")
	if in := c.Inspect(code, cur, 0); in.Found {
		t.Errorf("found %v for an unknown name", in.Data)
	}
}

func TestResolverTypesRange(t *testing.T) {
	c := fixture(t, "import \"strings\"\nn := 4")
	front := cell.New(cell.Options{Resolver: c.Resolver()})
	lc, err := front.Parse("for l := range strings.Lines(\"a\") { _ = l }")
	if err != nil {
		t.Fatal(err)
	}
	if src := lc.Chunks[0].Src; !strings.Contains(src, `strings.Lines("a")(func(l string) bool {`) {
		t.Errorf("range over strings.Lines not rewritten: %s", src)
	}
	pc, err := front.Parse("for i := range n { _ = i }")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pc.Chunks[0].Src, "< (n)") {
		t.Errorf("range over int global not rewritten: %s", pc.Chunks[0].Src)
	}
}

func TestRangeOverConstAndTypedGlobals(t *testing.T) {
	c := fixture(t, "const N = 3\nvar u uint8 = 2\ntype D int\nvar d D = 2",
		"s := 0\nfor i := range N { s += i }\nfor j := range u { s += int(j) }\nfor k := range d { s += int(k) }")
	if v := c.env.Globals()["s"]; !v.IsValid() || v.Int() != 3+1+1 {
		t.Errorf("s = %v, want 5", v)
	}
}

func TestRangeOverIntFromMethodsRuns(t *testing.T) {
	// yaegi v0.16.1 panics out of Eval ("nil type") on a range over an int
	// it was not told about; the Resolver lets the front end type these.
	c := fixture(t, "import \"gonum.org/v1/gonum/mat\"\nm := mat.NewDense(2, 3, nil)",
		"r, cols := m.Dims()\ns := 0\nfor i := range r { s += i }\nfor j := range cols { s += j }\nfor k := range m.RawMatrix().Rows { s += k }")
	v := c.env.Globals()["s"]
	if !v.IsValid() || v.Int() != 1+3+1 {
		t.Errorf("s = %v, want 5", v)
	}
}

func TestDocsIndex(t *testing.T) {
	idx, err := Docs()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"gonum.org/v1/gonum/mat.NewDense", "gonum.org/v1/plot.New", "gonum.org/v1/plot/plotter.NewLine", "github.com/gonlm/gonlm/nlm.NewModel", "github.com/gonlm/gonlm/kernel/display", "gonum.org/v1/gonum/stat.Mean", "gonum.org/v1/gonum/floats.Sum", "strings.Lines"} {
		if e, ok := idx[k]; !ok || e.Decl == "" {
			t.Errorf("docs index lacks %s", k)
		}
	}
}

func TestTrackerReset(t *testing.T) {
	tr := NewTracker()
	pc, err := cell.New(cell.Options{}).Parse("import m \"math\"\nfunc F() {}")
	if err != nil {
		t.Fatal(err)
	}
	tr.Add(pc)
	if tr.Imports()["m"] != "math" {
		t.Errorf("imports %v", tr.Imports())
	}
	if _, ok := tr.Lookup("F"); !ok {
		t.Error("F not tracked")
	}
	tr.Reset()
	if len(tr.Imports()) != 0 || len(tr.Decls()) != 0 {
		t.Error("Reset kept state")
	}
}

// TestNoPanicAnyCursor completes and inspects at every cursor position of
// awkward code: nothing may panic, cursors stay in range.
func TestNoPanicAnyCursor(t *testing.T) {
	c := fixture(t, "import \"gonum.org/v1/gonum/mat\"\nm := mat.NewDense(1, 1, nil)\nvar e error\nvar ip *int")
	codes := []string{
		"m.At(0, 0).\nmat.\"é\" `raw\n x`.(",
		"import (\n\t\"ma\nfunc(\"\n)",
		"e.Error(). ip.\n\"unterminated",
		"ü.ñ.€.", "...", "", "(((", "))", "x[0].", "m..At",
	}
	for _, code := range codes {
		n := utf8.RuneCountInString(code)
		for cur := -1; cur <= n+1; cur++ {
			r := c.Complete(code, cur)
			if r.CursorStart < 0 || r.CursorEnd > n || r.CursorStart > r.CursorEnd {
				t.Errorf("Complete(%q, %d): cursor %d..%d", code, cur, r.CursorStart, r.CursorEnd)
			}
			for d := 0; d < 2; d++ {
				c.Inspect(code, cur, d)
			}
		}
	}
}
