package difftest

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Variant is a way of running a corpus program as notebook cells.
type Variant int

const (
	// Whole runs the file as it is, package clause and all, as one cell:
	// the interpreter runs func main once the cell's declarations are in.
	Whole Variant = iota
	// OneCell runs one cell: the imports, then every declaration but main,
	// then the statements of main's body at the cell's top level.
	OneCell
	// Split runs the imports in a cell, each other declaration in a cell of
	// its own, then each top-level statement of main's body in a cell of its
	// own, except where Go's meaning needs statements together (see Cells).
	Split
)

// Variants lists every variant, in the order the test runs them.
var Variants = []Variant{Whole, OneCell, Split}

// String names the variant as the test and the known-mismatch table do.
func (v Variant) String() string {
	switch v {
	case Whole:
		return "whole"
	case OneCell:
		return "cell"
	case Split:
		return "split"
	}
	return fmt.Sprintf("Variant(%d)", int(v))
}

// Cells returns the cells that run the program src (a package main file)
// in variant v.
//
// For Split, statements of main's body stay together in one cell where a
// cell boundary would change what Go means, under the notebook semantics
// the kernel implements:
//
//   - a defer or return at main's top level (outside function literals)
//     keeps its statement and all statements after it in one cell: a
//     deferred call at a cell's top level runs when the cell ends, and a
//     return at a cell's top level ends the cell (not the notebook);
//   - a goto at main's top level and its label are kept in one cell with
//     the statements between them.
//
// The methods of a generic type share its cell (the front end checks them
// with the type). Declarations run in source order, so a corpus program declares what a
// variable initialiser uses before it, as a notebook user would (Go's
// package initialisation orders them by dependency instead).
func Cells(src string, v Variant) ([]string, error) {
	if v == Whole {
		return []string{src}, nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "prog.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	text := func(from, to token.Pos) string {
		return strings.TrimSpace(src[fset.Position(from).Offset:fset.Position(to).Offset])
	}
	var imports []string
	var decls []ast.Decl
	var main *ast.FuncDecl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			imports = append(imports, text(declStart(g), g.End()))
			continue
		}
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			main = fd
			continue
		}
		decls = append(decls, d)
	}
	if main == nil || main.Body == nil {
		return nil, errors.New("no func main")
	}
	// A method of a generic type moves up to follow the type, and shares
	// its cell (the front end checks the methods of a generic type with
	// the type).
	decls = methodsWithTypes(decls)
	var declCells []string
	for i := 0; i < len(decls); {
		j := declGroupEnd(decls, i)
		for j < len(decls) && genericMethodOf(decls[j], decls[i:j]) {
			j = max(j+1, declGroupEnd(decls, j))
		}
		var group []string
		for _, d := range decls[i:j] {
			group = append(group, text(declStart(d), d.End()))
		}
		declCells = append(declCells, strings.Join(group, "\n\n"))
		i = j
	}
	stmts := main.Body.List
	var groups []string
	for i := 0; i < len(stmts); {
		j := groupEnd(stmts, i)
		groups = append(groups, text(stmts[i].Pos(), stmts[j-1].End()))
		i = j
	}
	parts := append([]string{strings.Join(imports, "\n")}, declCells...)
	if v == OneCell {
		parts = append(parts, strings.Join(groups, "\n"))
		return []string{strings.Join(nonEmpty(parts), "\n\n")}, nil
	}
	return nonEmpty(append(parts, groups...)), nil
}

// declStart is where a declaration starts, with its doc comment.
func declStart(d ast.Decl) token.Pos {
	switch d := d.(type) {
	case *ast.GenDecl:
		if d.Doc != nil {
			return d.Doc.Pos()
		}
	case *ast.FuncDecl:
		if d.Doc != nil {
			return d.Doc.Pos()
		}
	}
	return d.Pos()
}

// declGroupEnd returns the end (exclusive) of the group of declarations
// that starts at decls[i]: a declaration that mentions a name declared
// after it (mutually recursive functions, a method set declared before its
// type) shares a cell with that later declaration, since a cell can only
// use what earlier cells and the cell itself declare.
func declGroupEnd(decls []ast.Decl, i int) int {
	index := map[string]int{}
	for k, d := range decls {
		for _, n := range declNames(d) {
			index[n] = k
		}
	}
	end := i + 1
	for k := i; k < end; k++ {
		ast.Inspect(decls[k], func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if at, ok := index[id.Name]; ok && at+1 > end {
					end = at + 1
				}
			}
			return true
		})
	}
	return end
}

// methodsWithTypes returns decls with each method of a generic type moved
// right after the last of the type's declaration and the methods before it.
func methodsWithTypes(decls []ast.Decl) []ast.Decl {
	out := make([]ast.Decl, 0, len(decls))
	moved := map[int]bool{}
	for i, d := range decls {
		if moved[i] {
			continue
		}
		out = append(out, d)
		for k := i + 1; k < len(decls); k++ {
			if !moved[k] && genericMethodOf(decls[k], []ast.Decl{d}) {
				out = append(out, decls[k])
				moved[k] = true
			}
		}
	}
	return out
}

// genericMethodOf reports whether d is a method of a generic type declared
// in group.
func genericMethodOf(d ast.Decl, group []ast.Decl) bool {
	fd, ok := d.(*ast.FuncDecl)
	if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
		return false
	}
	t := fd.Recv.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	var id ast.Expr
	switch x := t.(type) {
	case *ast.IndexExpr:
		id = x.X
	case *ast.IndexListExpr:
		id = x.X
	default:
		return false
	}
	name, ok := id.(*ast.Ident)
	if !ok {
		return false
	}
	for _, g := range group {
		for _, n := range declNames(g) {
			if n == name.Name {
				return true
			}
		}
	}
	return false
}

// declNames returns the top-level names a declaration declares (for a
// method, the method's type name is not declared, so none).
func declNames(d ast.Decl) []string {
	var names []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			names = append(names, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				names = append(names, sp.Name.Name)
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					names = append(names, n.Name)
				}
			}
		}
	}
	return names
}

// groupEnd returns the end (exclusive) of the group of main's statements
// that starts at stmts[i]: one statement, or more for a top-level defer,
// return or goto (see Cells).
func groupEnd(stmts []ast.Stmt, i int) int {
	labels := map[string]int{}
	for k, s := range stmts {
		if l, ok := s.(*ast.LabeledStmt); ok {
			labels[l.Label.Name] = k
		}
	}
	end := i + 1
	for changed := true; changed; {
		changed = false
		for k := i; k < len(stmts); k++ {
			deferOrReturn, gotos := scan(stmts[k])
			if k < end && deferOrReturn {
				return len(stmts)
			}
			for _, g := range gotos {
				at, ok := labels[g]
				if !ok {
					continue
				}
				// A goto inside the group to a later label, or a later
				// goto back to a label inside the group, joins them.
				if k < end && at+1 > end {
					end, changed = at+1, true
				} else if k >= end && at >= i && at < end {
					end, changed = k+1, true
				}
			}
		}
	}
	return end
}

// scan reports whether s has a defer or return outside function literals,
// and the labels its goto statements (outside function literals) name.
func scan(s ast.Stmt) (deferOrReturn bool, gotos []string) {
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt, *ast.ReturnStmt:
			deferOrReturn = true
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				gotos = append(gotos, n.Label.Name)
			}
		}
		return true
	})
	return deferOrReturn, gotos
}

func nonEmpty(parts []string) []string {
	out := parts[:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}
