package session

import (
	"fmt"
	"go/scanner"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/gonlm/gonlm/kernel/internal/symbols"
)

// Cells import compiled packages only: yaegi reads the others from source in
// a GOPATH, which the kernel does not have, and says so in terms of its own
// options ("Either the GOPATH environment variable, or the
// Interpreter.Options.GoPath needs to be set"). checkImports finds such
// imports before the interpreter does and says what can be imported instead.

// notInCells are standard packages left out of the symbol tables on purpose.
var notInCells = map[string]string{
	"os/exec": "cells do not start processes; a line !cmd runs a shell command",
	"syscall": "cells do not make system calls",
	"unsafe":  "cells do not use unsafe",
	"plugin":  "cells do not load plugins",
	"embed":   "cells have no files to embed",
}

// checkImports returns an error (not yet finished) for the first import of the cell code that
// names no package the interpreter has. It runs before the cell front end,
// whose type checker would only say "could not import": it scans the
// tokens of code for import declarations at the top level (brace depth 0),
// so it needs no parse of the cell.
func (s *Session) checkImports(code string) *Error {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var sc scanner.Scanner
	sc.Init(file, []byte(code), nil, 0)
	depth, inImport, group := 0, false, false
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			return nil
		}
		switch {
		case tok == token.LBRACE:
			depth++
		case tok == token.RBRACE:
			depth--
		case tok == token.IMPORT && depth == 0:
			inImport, group = true, false
		case inImport && tok == token.LPAREN:
			group = true
		case inImport && tok == token.RPAREN:
			inImport = false
		case inImport && tok == token.STRING:
			p, err := strconv.Unquote(lit)
			if err == nil && p != "C" && !s.hasPackage(p) {
				at := fset.Position(pos)
				return &Error{Ename: EnameCompile, Evalue: s.importMessage(p), Line: at.Line, Col: at.Column}
			}
			if !group {
				inImport = false
			}
		}
	}
}

// hasPackage reports whether the interpreter has a compiled package at
// import path p (symbol tables are keyed by path; see package symbols), or
// one of yaegi's interpreted generic sources (cmp, maps, slices).
//
// The generated tables answer for every package the kernel ships; only other
// packages (ones a test gives the interpreter with Use) are looked up in the
// interpreter. yaegi v0.16.1's Interpreter.Symbols wraps every exported
// function of an interpreted package with reflect.MakeFunc, which panics on a
// generic one ("call of MakeFunc with non-Func type"): such a panic counts as
// "has no such package". A table may be empty: iter's API is all generic,
// which yaegi extract skips; the type checker names what is missing.
func (s *Session) hasPackage(p string) (ok bool) {
	if p == HookPath || symbols.Has(p) {
		return true
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_, ok = s.interp.Symbols(p)[p]
	return ok
}

// importMessage explains why p cannot be imported and what can.
func (s *Session) importMessage(p string) string {
	if why, ok := notInCells[p]; ok {
		return fmt.Sprintf("import %q: not available in cells (%s)", p, why)
	}
	msg := fmt.Sprintf("import %q: no such package here. Cells import compiled packages only: "+
		"the standard library, gonum.org/v1/gonum/..., gonum.org/v1/plot/..., nlm, nlm/mnist, nlm/analysis, display and views "+
		"(Tab after import \" lists them)", p)
	if near := s.nearPackages(p); len(near) > 0 {
		msg += "; did you mean " + strings.Join(near, " or ") + "?"
	}
	return msg
}

// nearPackages returns up to three importable paths close to p: the same
// last element, or a few edits away.
func (s *Session) nearPackages(p string) []string {
	type cand struct {
		path string
		d    int
	}
	var cands []cand
	tables := s.opts.Symbols
	if tables == nil {
		tables = DefaultSymbols()
	}
	seen := map[string]bool{}
	long := map[string]bool{}
	for _, full := range symbols.ShortPaths {
		long[full] = true
	}
	for _, t := range tables {
		for key := range t {
			k := path.Dir(key) // keys are "importpath/pkgname"
			if key == "." || seen[k] {
				continue
			}
			seen[k] = true
			if long[k] {
				continue // its short path is a candidate too
			}
			d := editDistance(p, k)
			switch pb, kb := path.Base(p), path.Base(k); {
			case pb == kb:
				d = 0
			case len(pb) >= 4 && editDistance(pb, kb) <= 1:
				d = min(d, 2)
			}
			if d <= 2 {
				cands = append(cands, cand{k, d})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return len(cands[i].path) < len(cands[j].path) || (len(cands[i].path) == len(cands[j].path) && cands[i].path < cands[j].path)
	})
	var out []string
	for _, c := range cands[:min(3, len(cands))] {
		out = append(out, strconv.Quote(c.path))
	}
	return out
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
