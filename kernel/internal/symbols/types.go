package symbols

import (
	"archive/zip"
	"bytes"
	_ "embed" // types.zip
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib/generic"
	"golang.org/x/tools/go/gcexportdata"
)

// Type information for the cell front end's type checker, generated at build
// time so that the kernel needs no Go toolchain at run time: types.zip holds,
// for every package of TypePackages, its export data as written by
// golang.org/x/tools/go/gcexportdata (read from the compiler's export data by
// `go list -export`). Regenerate it with the tables (make generate); make
// check-generated fails when it is stale.
//
//go:generate go run ./internal/gentypes -o types.zip
//go:embed types.zip
var typesZip []byte

// TypePackages returns the sorted import paths whose type information
// types.zip holds: every package of Symbols under its full path (short paths
// such as "nlm" are resolved by the Importer). slices, maps and cmp are
// typed from the Go release's own export data; which of their functions the
// interpreter has is Available's business.
func TypePackages() []string {
	short := map[string]bool{}
	for s := range ShortPaths {
		short[s] = true
	}
	var out []string
	for _, p := range Packages() {
		if !short[p] {
			out = append(out, p)
		}
	}
	return slices.Compact(out)
}

// ErrNoPackage is returned (wrapped) by the Importer for a path that cells
// cannot import.
var ErrNoPackage = errors.New("package not available in cells")

// Importer loads the type information of packages from types.zip, each the
// first time a cell imports it. One Importer keeps one *types.Package per
// path, so that the types of a package are identical in every cell checked
// with it. It is safe for concurrent use.
type Importer struct {
	fset *token.FileSet

	mu      sync.Mutex
	zr      *zip.Reader
	entries map[string]*zip.File
	imports map[string]*types.Package
}

// NewImporter returns an Importer that records positions in fset.
func NewImporter(fset *token.FileSet) *Importer {
	return &Importer{fset: fset, imports: map[string]*types.Package{}}
}

// Import implements types.Importer.
func (im *Importer) Import(p string) (*types.Package, error) {
	return im.ImportFrom(p, "", 0)
}

// ImportFrom implements types.ImporterFrom. The short paths of ShortPaths
// give the package of their full path.
func (im *Importer) ImportFrom(p, _ string, _ types.ImportMode) (*types.Package, error) {
	if full, ok := ShortPaths[p]; ok {
		p = full
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	if pkg := im.imports[p]; pkg != nil && pkg.Complete() {
		return pkg, nil
	}
	if im.entries == nil {
		zr, err := zip.NewReader(bytes.NewReader(typesZip), int64(len(typesZip)))
		if err != nil {
			return nil, fmt.Errorf("symbols: reading types.zip: %w", err)
		}
		im.entries = make(map[string]*zip.File, len(zr.File))
		for _, f := range zr.File {
			im.entries[f.Name] = f
		}
	}
	f, ok := im.entries[p]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNoPackage, p)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("symbols: type information of %s: %w", p, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("symbols: type information of %s: %w", p, err)
	}
	pkg, err := gcexportdata.Read(bytes.NewReader(data), im.fset, im.imports, p)
	if err != nil {
		return nil, fmt.Errorf("symbols: type information of %s: %w", p, err)
	}
	return pkg, nil
}

// ImportPaths returns the import paths of the packages named name, for a
// hint on an undefined name (the short path alone when it stands for the
// full one).
func (im *Importer) ImportPaths(name string) []string {
	pathsOnce.Do(func() {
		byName = map[string][]string{}
		full := map[string]bool{}
		for _, f := range ShortPaths {
			full[f] = true
		}
		for _, p := range Packages() {
			if full[p] {
				continue
			}
			n := packageName(p)
			byName[n] = append(byName[n], p)
		}
	})
	return byName[name]
}

var (
	pathsOnce sync.Once
	byName    map[string][]string
)

// Available is the function Available, for the cell front end's Packages
// interface.
func (im *Importer) Available(p, name string) bool { return Available(p, name) }

// Available reports whether the interpreter has the package-level name of
// the package with import path p: a symbol of the compiled tables, or a
// function or type of yaegi's interpreted generic sources (cmp, maps,
// slices). Generic functions and types of compiled packages are never
// available: yaegi extract skips them.
func Available(p, name string) bool {
	if full, ok := ShortPaths[p]; ok {
		p = full
	}
	if names, ok := interpretedNames()[p]; ok {
		return names[name] && !brokenInterpreted[p+"."+name]
	}
	syms, ok := Symbols[p+"/"+packageName(p)]
	if !ok {
		return false
	}
	_, ok = syms[name]
	return ok
}

// Has reports whether cells can import the package with import path p (a
// short path such as "nlm" included): a compiled table or one of yaegi's
// interpreted generic sources.
func Has(p string) bool {
	if full, ok := ShortPaths[p]; ok {
		p = full
	}
	if Interpreted(p) {
		return true
	}
	_, ok := Symbols[p+"/"+packageName(p)]
	return ok
}

// Interpreted reports whether the package with import path p is one of
// yaegi's interpreted generic sources (cmp, maps, slices).
func Interpreted(p string) bool {
	_, ok := interpretedNames()[p]
	return ok
}

// packageName returns the package name of the table for import path p.
func packageName(p string) string {
	prefix := p + "/"
	for k := range Symbols {
		if strings.HasPrefix(k, prefix) && !strings.Contains(k[len(prefix):], "/") {
			return k[len(prefix):]
		}
	}
	return path.Base(p)
}

// brokenInterpreted are the functions of yaegi v0.16.1's interpreted
// generic sources that panic whatever their arguments ("index out of range
// [0] with length 0", checked with explicit type arguments inside a
// function): the cell front end rewrites the calls of all but Replace
// (kernel/internal/cell/slices.go) and refuses the other uses.
var brokenInterpreted = map[string]bool{
	"slices.Delete": true, "slices.DeleteFunc": true, "slices.Replace": true,
	"slices.Compact": true, "slices.CompactFunc": true, "slices.Concat": true,
	"maps.Clone": true,
}

var (
	interpOnce  sync.Once
	interpNames map[string]map[string]bool
)

// interpretedNames returns, for each package of yaegi's interpreted generic
// sources, its exported top-level names.
func interpretedNames() map[string]map[string]bool {
	interpOnce.Do(func() {
		interpNames = map[string]map[string]bool{}
		for _, src := range generic.Sources {
			f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
			if err != nil {
				continue
			}
			names := map[string]bool{}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && d.Name.IsExported() {
						names[d.Name.Name] = true
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() {
								names[s.Name.Name] = true
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.IsExported() {
									names[n.Name] = true
								}
							}
						}
					}
				}
			}
			interpNames[f.Name.Name] = names
		}
	})
	return interpNames
}
