package session

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outSession is a session whose cells print to a file, so a test reads
// exactly what each cell printed.
type outSession struct {
	*Session
	out  *os.File
	seen int
}

func newOutSession(t *testing.T) *outSession {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	s, err := New(Options{Stdout: f, Stderr: f})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Interp(); err != nil {
		t.Fatal(err)
	}
	// Cells import what they use; an earlier cell's import counts.
	if res := s.Execute(Request{Code: `import "fmt"`}, &recorder{}); res.Err != nil {
		t.Fatal(res.Err)
	}
	return &outSession{Session: s, out: f}
}

// exec runs a cell and returns what it printed and its error.
func (o *outSession) exec(t *testing.T, code string) (string, *Error) {
	t.Helper()
	res := o.Execute(Request{Code: code, StoreHistory: true}, &recorder{})
	b, err := os.ReadFile(o.out.Name())
	if err != nil {
		t.Fatal(err)
	}
	printed := string(b[o.seen:])
	o.seen = len(b)
	return printed, res.Err
}

// Code at a cell's top level means what it means in a function body.
func TestTopLevelIsAFunctionBody(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"defer runs when the cell ends", "fmt.Println(\"a\")\ndefer fmt.Println(\"deferred\")\nfmt.Println(\"b\")", "a\nb\ndeferred\n"},
		{"deferred calls run last in first out", "defer fmt.Println(1)\ndefer fmt.Println(2)\nfmt.Println(3)", "3\n2\n1\n"},
		{"recover in a top-level defer", "defer func() { fmt.Println(\"recovered:\", recover()) }()\nvar m map[string]int\nm[\"x\"] = 1\nfmt.Println(\"not reached\")", "recovered: assignment to entry in nil map\n"},
		{"a var after a defer is a statement of the cell", "defer fmt.Println(\"end\")\nvar n int\nn = 3\nfmt.Println(n)", "3\nend\n"},
		{"return ends the cell", "for i := 0; ; i++ {\n\tif i == 2 {\n\t\treturn\n\t}\n\tfmt.Println(i)\n}\nfmt.Println(\"not reached\")", "0\n1\n"},
		{"the next cell runs after a return", "fmt.Println(\"next\")", "next\n"},
		{"a block's := shadows", "x := 1\n{\n\tx := 2\n\tx++\n\t_ = x\n}\nfmt.Println(x)", "1\n"},
		{"an if's := shadows", "y := \"outer\"\nif y := 3; y > 2 {\n\tfmt.Println(y)\n}\nfmt.Println(y)", "3\nouter\n"},
		{"comma-ok in a loop", "ch := make(chan int, 2)\nch <- 7\nclose(ch)\nfor {\n\tv, ok := <-ch\n\tif !ok {\n\t\tbreak\n\t}\n\tfmt.Println(v, ok)\n}", "7 true\n"},
		{"v := v in a loop", "var fs []func() string\nfor _, f := range []string{\"a\", \"b\"} {\n\tf := f\n\tfs = append(fs, func() string { return \"x\" + f })\n}\nfor _, g := range fs {\n\tfmt.Println(g())\n}", "xa\nxb\n"},
		{"goto within the cell", "k := 0\nloop:\nif k < 3 {\n\tk++\n\tgoto loop\n}\nfmt.Println(k)", "3\n"},
		{"a const in a block is local", "const c = 1\n{\n\tconst c = 2\n\tfmt.Println(c)\n}\nfmt.Println(c)", "2\n1\n"},
		{"var from a global of the cell", "base := 10\nvar derived = base * 2\nfmt.Println(derived)", "20\n"},
		{"var from a global of an earlier cell", "var again = derived + base\nvar w fmt.Stringer\nfmt.Println(again, w == nil)", "30 true\n"},
	}
	s := newOutSession(t)
	for _, tc := range tests {
		got, err := s.exec(t, tc.code)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s: printed %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTopLevelRefusals(t *testing.T) {
	s := newOutSession(t)
	got, err := s.exec(t, "fmt.Println(\"ran\")\ndefer fmt.Println(\"x\")\nfunc f() {}")
	if err == nil || err.Ename != EnameSyntax || err.Line != 3 || !strings.Contains(err.Evalue, "defer at a cell's top level (line 2)") {
		t.Errorf("func after a top-level defer: error %+v", err)
	}
	if got != "" {
		t.Errorf("a refused cell printed %q", got)
	}
}

// Errors inside statements the session wraps keep their cell positions.
func TestWrappedStatementPositions(t *testing.T) {
	s := newOutSession(t)
	for _, tc := range []struct {
		code      string
		line, col int
	}{
		{"for i := 0; i < 3; i++ { undefinedThing() }", 1, 26},
		{"n := 1\nif n > 0 {\n\tfmt.Println(n + undefinedName)\n}", 3, 18},
		{"for {\n\tif true {\n\t\treturn\n\t}\n\tundefinedCall()\n}", 5, 2},
	} {
		_, err := s.exec(t, tc.code)
		if err == nil || err.Ename != EnameCompile || err.Line != tc.line || err.Col != tc.col {
			t.Errorf("%q: error %+v, want a compile error at %d:%d", tc.code, err, tc.line, tc.col)
		}
	}
}

// fmt sees the String, Error, Format and GoString methods of cell-defined
// types passed to it.
func TestFmtUsesCellMethods(t *testing.T) {
	s := newOutSession(t)
	if _, err := s.exec(t, `type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type Secret string
func (s Secret) String() string   { return "***" }
func (s Secret) GoString() string { return "Secret(\"***\")" }
type Fail struct{ Code int }
func (f *Fail) Error() string { return fmt.Sprint("fail ", f.Code) }`); err != nil {
		t.Fatal(err)
	}
	got, err := s.exec(t, `fmt.Println(Temp(21.5))
fmt.Printf("%v|%s|%6.1f|%#v\n", Temp(1), Temp(2), Temp(3), Temp(4))
fmt.Printf("%v %#v %q\n", Secret("x"), Secret("x"), Secret("x"))
fmt.Println(&Fail{7}, fmt.Sprint(&Fail{8}))`)
	want := "21.5°C\n1.0°C|2.0°C|   3.0|4\n*** Secret(\"***\") \"***\"\nfail 7 fail 8\n"
	if err != nil || got != want {
		t.Errorf("printed %q, %v; want %q", got, err, want)
	}
}
