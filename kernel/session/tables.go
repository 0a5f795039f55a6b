package session

import (
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// DefaultSymbols returns the symbol tables a session loads when Options.Symbols
// is nil.
func DefaultSymbols() []interp.Exports {
	return []interp.Exports{stdlib.Symbols}
}
