package session

import (
	"strings"
	"testing"
)

// An import of a package the kernel does not have says what can be
// imported (and what is near), never yaegi's GOPATH message.
func TestImportErrors(t *testing.T) {
	s := newSession(t)
	i, _ := s.Interp()
	if err := i.Use(map[string]map[string]reflectValue{"extrapkg/extrapkg": {"F": reflectOf(func() int { return 1 })}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code     string
		line     int
		col      int
		want     []string
		notWants []string
	}{
		{code: "x := 1\nimport \"nlmx\"", line: 2, col: 8, want: []string{`import "nlmx": no such package here`, "standard library", `did you mean "nlm"?`}},
		{code: "import (\n\t\"fmt\"\n\t\"math/rnd\"\n)", line: 3, col: 2, want: []string{`did you mean "math/rand"?`}},
		{code: "import \"github.com/someone/somelib\"", line: 1, col: 8, want: []string{"compiled packages only", "nlm, nlm/mnist, nlm/analysis, display and views"}, notWants: []string{"did you mean"}},
		{code: "import \"os/exec\"", line: 1, col: 8, want: []string{"not available in cells", "!cmd"}},
		{code: "import \"unsafe\"", line: 1, col: 8, want: []string{"not available in cells"}},
	} {
		res, _ := run(t, s, tc.code)
		if res.Err == nil {
			t.Errorf("%q: no error", tc.code)
			continue
		}
		e := res.Err
		if e.Ename != EnameCompile || e.Line != tc.line || e.Col != tc.col || strings.Contains(e.Evalue, "GOPATH") {
			t.Errorf("%q: %s at %d:%d: %s", tc.code, e.Ename, e.Line, e.Col, e.Evalue)
		}
		for _, w := range tc.want {
			if !strings.Contains(e.Evalue, w) {
				t.Errorf("%q: %q lacks %q", tc.code, e.Evalue, w)
			}
		}
		for _, w := range tc.notWants {
			if strings.Contains(e.Evalue, w) {
				t.Errorf("%q: %q has %q", tc.code, e.Evalue, w)
			}
		}
	}
	for _, code := range []string{
		"import (\"fmt\"; \"nlm\"; \"nlm/mnist\"; \"views\"; \"display\"; \"gonum.org/v1/gonum/mat\"; \"gonum.org/v1/plot/plotter\"; \"math/rand/v2\")\nfmt.Sprint(1)",
		"import \"github.com/gonlm/gonlm/nlm\"\nnlm.DefaultThreads() > 0",
		"import \"extrapkg\"\nextrapkg.F()",
	} {
		if res, _ := run(t, s, code); res.Err != nil {
			t.Errorf("%q: %v", code, res.Err)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"nlm", "nlmx", 1}, {"rnd", "rand", 1}, {"kitten", "sitting", 3}, {"abc", "", 3}} {
		if d := editDistance(tc.a, tc.b); d != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, d, tc.d)
		}
	}
}
