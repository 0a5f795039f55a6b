// Command gendocs writes the documentation index that kernel/complete embeds
// for inspect_request: the doc comments and declarations of the exported
// identifiers of the packages named on the command line, read with go/doc
// from their sources (located with `go list -json`).
//
// Usage (from kernel/complete, through its go:generate line):
//
//	go run ./internal/gendocs -o docs.json.gz <import paths...>
//
// The output is gzip-compressed JSON: an Index (see kernel/complete) mapping
// "importpath" to the package synopsis and "importpath.Name" /
// "importpath.Type.Method" to {Decl, Doc}. It is deterministic (sorted keys,
// no timestamps), so regenerating an unchanged tree changes nothing.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Entry is one documented identifier.
type Entry struct {
	// Decl is the declaration: a func signature without body, a type
	// declaration, or a var/const spec group.
	Decl string `json:"d,omitempty"`
	// Doc is the raw doc comment text (go/doc's Doc field).
	Doc string `json:"c,omitempty"`
}

// listed is the part of `go list -json` output gendocs reads.
type listed struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
}

func main() {
	out := flag.String("o", "docs.json.gz", "output file")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "gendocs: no packages; usage: gendocs -o docs.json.gz importpath...")
		os.Exit(2)
	}
	idx := map[string]Entry{}
	for _, p := range flag.Args() {
		if err := addPackage(idx, p); err != nil {
			fmt.Fprintf(os.Stderr, "gendocs: %s: %v (skipped)\n", p, err)
		}
	}
	data, err := json.Marshal(idx) // map keys are sorted: deterministic
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
	if err := zw.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
	fmt.Printf("gendocs: %d entries, %d bytes JSON, %d bytes gzip -> %s\n", len(idx), len(data), buf.Len(), *out)
}

// addPackage documents one package into idx.
func addPackage(idx map[string]Entry, path string) error {
	raw, err := exec.Command("go", "list", "-json", path).Output()
	if err != nil {
		return fmt.Errorf("go list: %w", err)
	}
	var l listed
	if err := json.Unmarshal(raw, &l); err != nil {
		return err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range l.GoFiles {
		af, err := parser.ParseFile(fset, filepath.Join(l.Dir, f), nil, parser.ParseComments)
		if err != nil {
			return err
		}
		files = append(files, af)
	}
	p, err := doc.NewFromFiles(fset, files, l.ImportPath)
	if err != nil {
		return err
	}
	idx[l.ImportPath] = Entry{Decl: "package " + p.Name + ` // import "` + l.ImportPath + `"`, Doc: p.Doc}
	for _, f := range p.Funcs {
		addFunc(idx, fset, l.ImportPath+"."+f.Name, f)
	}
	for _, v := range append(p.Consts, p.Vars...) {
		addValue(idx, fset, l.ImportPath, v)
	}
	for _, t := range p.Types {
		key := l.ImportPath + "." + t.Name
		idx[key] = Entry{Decl: node(fset, t.Decl), Doc: t.Doc}
		for _, f := range t.Funcs { // constructors are listed under their type
			addFunc(idx, fset, l.ImportPath+"."+f.Name, f)
		}
		for _, m := range t.Methods {
			addFunc(idx, fset, key+"."+m.Name, m)
		}
		for _, v := range append(t.Consts, t.Vars...) {
			addValue(idx, fset, l.ImportPath, v)
		}
	}
	return nil
}

// addFunc records a func or method with its signature (body removed).
func addFunc(idx map[string]Entry, fset *token.FileSet, key string, f *doc.Func) {
	d := *f.Decl
	d.Body = nil
	d.Doc = nil
	idx[key] = Entry{Decl: node(fset, &d), Doc: f.Doc}
}

// addValue records each name of a var or const group under the group's
// declaration and doc (a name's own line comment is kept in the decl).
func addValue(idx map[string]Entry, fset *token.FileSet, path string, v *doc.Value) {
	decl := node(fset, v.Decl)
	for _, n := range v.Names {
		if !ast.IsExported(n) {
			continue
		}
		d := decl
		if strings.Count(d, "\n") > 30 { // a long group: show only this name's spec
			d = specOf(fset, v.Decl, n)
		}
		idx[path+"."+n] = Entry{Decl: d, Doc: v.Doc}
	}
}

// specOf prints the spec of name inside a var/const group.
func specOf(fset *token.FileSet, g *ast.GenDecl, name string) string {
	for _, s := range g.Specs {
		vs, ok := s.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for _, n := range vs.Names {
			if n.Name == name {
				return g.Tok.String() + " " + node(fset, vs)
			}
		}
	}
	return node(fset, g)
}

// node prints an AST node as gofmt would, without doc comments.
func node(fset *token.FileSet, n any) string {
	if g, ok := n.(*ast.GenDecl); ok {
		c := *g
		c.Doc = nil
		n = &c
	}
	var b bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}
