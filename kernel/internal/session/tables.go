package session

import (
	"errors"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"sync"

	"github.com/gonlm/gonlm/kernel/internal/symbols"
	"github.com/traefik/yaegi/interp"
)

// DefaultSymbols returns the symbol tables a session loads when Options.Symbols
// is nil: the Go 1.26 standard library, gonum, gonum/plot, nlm and display
// (package symbols).
func DefaultSymbols() []interp.Exports {
	return []interp.Exports{symbols.Symbols}
}

// packages gives the cell front end's type checker the packages cells may
// import: those of the symbol tables (type information embedded at build
// time, loaded on first import), and packages whose tables the interpreter
// got otherwise (the hook package, Options.Symbols, tables a test adds),
// typed from their reflect values.
type packages struct {
	*symbols.Importer
	// table returns the interpreter's table of an import path.
	table func(path string) (map[string]reflect.Value, bool)
	// explain says why a path cannot be imported and what can be (nil:
	// the symbols importer's error).
	explain func(path string) string

	mu   sync.Mutex
	made map[string]*types.Package
}

// newPackages returns the packages of a session whose interpreter's tables
// table returns.
func newPackages(table func(path string) (map[string]reflect.Value, bool)) *packages {
	return &packages{Importer: symbols.NewImporter(token.NewFileSet()), table: table, made: map[string]*types.Package{}}
}

// Import implements types.Importer.
func (p *packages) Import(path string) (*types.Package, error) { return p.ImportFrom(path, "", 0) }

// ImportFrom implements types.ImporterFrom.
func (p *packages) ImportFrom(importPath, dir string, mode types.ImportMode) (*types.Package, error) {
	pkg, err := p.Importer.ImportFrom(importPath, dir, mode)
	if err == nil || !errors.Is(err, symbols.ErrNoPackage) {
		return pkg, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if pkg, ok := p.made[importPath]; ok {
		return pkg, nil
	}
	t, ok := p.table(importPath)
	if !ok {
		if p.explain != nil {
			return nil, explained{p.explain(importPath), err}
		}
		return nil, err
	}
	name := path.Base(importPath)
	if importPath == HookPath {
		name = "_gonlm"
	}
	pkg = symbols.TypesOf(importPath, name, t, p.Importer)
	p.made[importPath] = pkg
	return pkg, nil
}

// Available reports whether the interpreter has path.name.
func (p *packages) Available(importPath, name string) bool {
	p.mu.Lock()
	pkg, ok := p.made[importPath]
	p.mu.Unlock()
	if ok {
		return pkg.Scope().Lookup(name) != nil
	}
	return symbols.Available(importPath, name)
}

// explained is an import error with the session's explanation as its text.
type explained struct {
	msg string
	err error
}

func (e explained) Error() string { return e.msg }
func (e explained) Unwrap() error { return e.err }
