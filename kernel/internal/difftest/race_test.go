//go:build race

package difftest

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// Under the race detector the interpreter is several times slower, and
// yaegi v0.16.1 itself races: only the OneCell variant runs (a cell's
// goroutines then never outlive it: yaegi replaces its global frame without
// synchronisation when a later Eval declares globals), one program at a
// time (so that a race is reported for the program that has it), and not
// the programs that start goroutines: yaegi's own code races when
// goroutines run interpreted closures and methods (getFunc, and
// genFunctionWrapper copying a receiver that holds a sync.Mutex while
// another goroutine locks it). The normal run covers them.
var testVariants = []Variant{OneCell}

const parallel = false

// raceSkip reports why a program does not run under the race detector.
func raceSkip(src string) (string, bool) {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return "", false
	}
	skip := false
	ast.Inspect(f, func(n ast.Node) bool {
		if _, ok := n.(*ast.GoStmt); ok {
			skip = true
		}
		return !skip
	})
	return "it starts goroutines, and yaegi's own code races when goroutines run interpreted closures", skip
}
