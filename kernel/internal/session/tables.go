package session

import (
	"github.com/gonlm/gonlm/kernel/internal/symbols"
	"github.com/traefik/yaegi/interp"
)

// DefaultSymbols returns the symbol tables a session loads when Options.Symbols
// is nil: the Go 1.26 standard library, gonum, gonum/plot, nlm and display
// (package symbols).
func DefaultSymbols() []interp.Exports {
	return []interp.Exports{symbols.Symbols}
}

// shortPaths maps the short import paths cells may use ("nlm", "display",
// "views") to the packages' full paths, so that the cell front end treats
// importing both as one import.
func shortPaths() map[string]string { return symbols.ShortPaths }
