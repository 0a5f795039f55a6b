package cell

import (
	"errors"
	"strings"
)

// Completeness is the answer to Jupyter's is_complete_request.
type Completeness int

const (
	// Complete code can be executed as is.
	Complete Completeness = iota
	// Incomplete code is a prefix of valid code: the front end should wait
	// for more lines.
	Incomplete
	// Invalid code has a syntax error that more lines cannot fix.
	Invalid
)

// String returns the protocol's status word: "complete", "incomplete" or
// "invalid".
func (c Completeness) String() string {
	switch c {
	case Complete:
		return "complete"
	case Incomplete:
		return "incomplete"
	}
	return "invalid"
}

// IsComplete classifies src as yaegi's REPL does (interp.ignoreScannerError):
// incomplete when the parse error is an unexpected end of input ("... found
// 'EOF'"), an unterminated raw string or comment, or an operand missing
// before the wrapper's closing brace; invalid on any other syntax error;
// complete otherwise. indent is the indentation for the next line when
// incomplete: the current line's leading whitespace, plus a tab after an
// opening bracket.
func IsComplete(src string) (c Completeness, indent string) {
	if strings.TrimSpace(src) == "" {
		return Complete, ""
	}
	_, _, err := New(Options{}).parseOnly(src)
	if err == nil {
		return Complete, ""
	}
	var e *Error
	if !errors.As(err, &e) || !e.Incomplete {
		return Invalid, ""
	}
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	last := lines[len(lines)-1]
	indent = last[:len(last)-len(strings.TrimLeft(last, " \t"))]
	if t := strings.TrimSpace(last); strings.HasSuffix(t, "{") || strings.HasSuffix(t, "(") || strings.HasSuffix(t, "[") {
		indent += "\t"
	}
	return Incomplete, indent
}
