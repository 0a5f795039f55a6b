package session

import (
	"github.com/gonlm/gonlm/kernel/symbols"
	"github.com/traefik/yaegi/interp"
)

// DefaultSymbols returns the symbol tables a session loads when Options.Symbols
// is nil: the Go 1.26 standard library, gonum, gonum/plot, nlm and display
// (package symbols).
func DefaultSymbols() []interp.Exports {
	return []interp.Exports{symbols.Symbols}
}
