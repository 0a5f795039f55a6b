package session

import (
	"strings"
	"testing"
)

// Errors of a pointer type declared in a cell work with errors.As, Is,
// Unwrap and ==, across cells (the front end walks the error tree in
// interpreted code: cell/errors.go), and a function declared before a
// type sees it in its assertions (cell/assert.go).
func TestErrorsOfCellTypes(t *testing.T) {
	s := newSession(t)
	cells := []struct{ code, want string }{
		{"import (\"errors\"; \"fmt\")\nfunc classify(err error) string {\n\tvar s fmt.Stringer\n\tswitch {\n\tcase errors.As(err, &s):\n\t\treturn \"stringer \" + s.String()\n\t}\n\treturn \"plain\"\n}", ""},
		{"type E struct{ n int }\nfunc (e *E) Error() string { return fmt.Sprint(\"e\", e.n) }\nfunc (e *E) String() string { return \"E\" }", ""},
		{"sentinel := &E{1}\nerr := fmt.Errorf(\"w: %w\", &E{2})\nvar e *E\nok := errors.As(err, &e)\nfmt.Sprint(ok, e.n, errors.Is(fmt.Errorf(\"x: %w\", sentinel), sentinel), errors.Unwrap(err) == error(e), classify(err), classify(errors.New(\"x\")))", "true 2 true truestringer Eplain"},
	}
	for i, c := range cells {
		res, r := run(t, s, c.code)
		if res.Err != nil {
			t.Fatalf("cell %d: %v", i, res.Err)
		}
		if got := strings.Join(r.results, ""); got != c.want {
			t.Errorf("cell %d: %q, want %q", i, got, c.want)
		}
	}
}

// Reported by other helpers: a type declared again with other fields in a
// later cell (with a method of the same name), and a block at a cell's top
// level declaring a, err with := (yaegi alone reported "undefined: err";
// the session runs compound statements in function literals).
func TestRedefinedTypeAndTopLevelBlock(t *testing.T) {
	s := newSession(t)
	cells := []struct{ code, want string }{
		{"import (\"fmt\"; \"strconv\")\ntype P struct{ A int }\nfunc (p P) Show() string { return fmt.Sprint(\"P\", p.A) }\np := P{1}\np.Show()", "P1"},
		{"type P struct {\n\tA int\n\tB string\n}\nfunc (p P) Show() string { return fmt.Sprint(\"P\", p.A, p.B) }\nq := P{2, \"x\"}\nq.Show() + \" \" + p.Show()", "P2x P1"},
		{"type P struct{ C float64 }\nr := P{C: 1.5}\nr.C", "1.5"},
		{"out := \"\"\n{ a, err := strconv.Atoi(\"1\"); if err != nil { out = \"error\" }; out += fmt.Sprint(\"a=\", a) }\nout", "a=1"},
		{"a, err := strconv.Atoi(\"x\")\nif err != nil { a = -1 }\na", "-1"},
	}
	for i, c := range cells {
		res, r := run(t, s, c.code)
		if res.Err != nil {
			t.Fatalf("cell %d: %v", i, res.Err)
		}
		if got := strings.Join(r.results, ""); got != c.want {
			t.Errorf("cell %d: %q, want %q", i, got, c.want)
		}
	}
}
