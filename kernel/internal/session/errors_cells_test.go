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
