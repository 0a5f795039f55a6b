package complete

import (
	"bytes"
	"go/ast"
	"go/printer"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gonlm/gonlm/kernel/internal/cell"
)

// Decl is a declaration made by an executed cell.
type Decl struct {
	// Name is the declared identifier.
	Name string
	// Kind is "func", "type", "var" or "const".
	Kind string
	// Source is the declaration as gofmt prints it (funcs without body).
	Source string
	// Doc is the declaration's doc comment, if any.
	Doc string
	// Methods are the methods declared on a type, by name.
	Methods map[string]*Decl
}

// Tracker remembers what executed cells declared that the interpreter does
// not list in Globals: imports (name → path), functions, types with their
// methods, and var/const declarations with their source. The session feeds
// it every cell that ran (Add), and resets it with the interpreter. It is safe
// for concurrent use.
type Tracker struct {
	mu      sync.Mutex
	imports map[string]string // import name → import path
	decls   map[string]*Decl
	varType map[string]string // global → name of its cell-declared type, when evident
	funcs   map[string]*ast.FuncType
	pkgName func(importPath string) string
}

// NewTracker returns an empty Tracker. Give it to New, which lets it name
// imports by the symbol tables' package names (import "math/rand/v2" binds
// rand); on its own it uses the import path's last element.
func NewTracker() *Tracker {
	return &Tracker{imports: map[string]string{}, decls: map[string]*Decl{}, varType: map[string]string{}, funcs: map[string]*ast.FuncType{}}
}

// Reset forgets everything (the interpreter was replaced).
func (t *Tracker) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.imports = map[string]string{}
	t.decls = map[string]*Decl{}
	t.varType = map[string]string{}
	t.funcs = map[string]*ast.FuncType{}
}

// Add records the imports and declarations of an executed cell. Later
// declarations of a name replace earlier ones, as they do in the interpreter.
func (t *Tracker) Add(c *cell.Cell) {
	if c == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, d := range c.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			t.addGen(c.Fset, d)
		case *ast.FuncDecl:
			t.addFunc(c.Fset, d)
		}
	}
	for _, s := range c.Stmts {
		switch s := s.(type) {
		case *ast.DeclStmt:
			if g, ok := s.Decl.(*ast.GenDecl); ok {
				t.addGen(c.Fset, g)
			}
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE || len(s.Lhs) != len(s.Rhs) {
				continue
			}
			for k, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					if tn := t.typeName(s.Rhs[k]); tn != "" {
						t.varType[id.Name] = tn
					} else {
						delete(t.varType, id.Name)
					}
				}
			}
		}
	}
}

// typeName returns the name of the cell-declared type of e when it is
// evident: T{...}, &T{...}, new(T), or a call of a cell func returning T
// or *T.
func (t *Tracker) typeName(e ast.Expr) string {
	named := func(x ast.Expr) string {
		if st, ok := x.(*ast.StarExpr); ok {
			x = st.X
		}
		if id, ok := x.(*ast.Ident); ok {
			if d, ok := t.decls[id.Name]; ok && d.Kind == "type" {
				return id.Name
			}
		}
		return ""
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return named(e.Type)
	case *ast.UnaryExpr:
		if c, ok := e.X.(*ast.CompositeLit); ok && e.Op == token.AND {
			return named(c.Type)
		}
	case *ast.CallExpr:
		id, ok := e.Fun.(*ast.Ident)
		if !ok {
			return ""
		}
		if id.Name == "new" && len(e.Args) == 1 {
			return named(e.Args[0])
		}
		if f, ok := t.funcs[id.Name]; ok && f.Results != nil && len(f.Results.List) == 1 {
			return named(f.Results.List[0].Type)
		}
	}
	return ""
}

// TypeOf returns the name of the cell-declared type of global name, when
// the statement that declared it made it evident (p := Pt{...}).
func (t *Tracker) TypeOf(name string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tn, ok := t.varType[name]
	return tn, ok
}

func (t *Tracker) addGen(fset *token.FileSet, g *ast.GenDecl) {
	for _, s := range g.Specs {
		switch s := s.(type) {
		case *ast.ImportSpec:
			p, err := strconv.Unquote(s.Path.Value)
			if err != nil {
				continue
			}
			name := ""
			if s.Name != nil {
				name = s.Name.Name
			} else if t.pkgName != nil {
				name = t.pkgName(p)
			} else {
				name = path.Base(p)
			}
			if name == "_" || name == "." {
				continue
			}
			t.imports[name] = p
		case *ast.TypeSpec:
			old := t.decls[s.Name.Name]
			d := &Decl{Name: s.Name.Name, Kind: "type", Source: "type " + gofmt(fset, s), Doc: docOf(s.Doc, g.Doc), Methods: map[string]*Decl{}}
			if old != nil && old.Kind == "type" {
				d.Methods = old.Methods
			}
			t.decls[d.Name] = d
		case *ast.ValueSpec:
			for _, n := range s.Names {
				if n.Name == "_" {
					continue
				}
				t.decls[n.Name] = &Decl{Name: n.Name, Kind: g.Tok.String(), Source: g.Tok.String() + " " + gofmt(fset, s), Doc: docOf(s.Doc, g.Doc)}
			}
		}
	}
}

func (t *Tracker) addFunc(fset *token.FileSet, f *ast.FuncDecl) {
	c := *f
	c.Body = nil
	c.Doc = nil
	d := &Decl{Name: f.Name.Name, Kind: "func", Source: gofmt(fset, &c), Doc: docOf(f.Doc)}
	if f.Recv == nil || len(f.Recv.List) == 0 {
		t.decls[d.Name] = d
		t.funcs[d.Name] = f.Type
		return
	}
	recv := f.Recv.List[0].Type
	for {
		switch r := recv.(type) {
		case *ast.StarExpr:
			recv = r.X
			continue
		case *ast.IndexExpr:
			recv = r.X
			continue
		case *ast.IndexListExpr:
			recv = r.X
			continue
		}
		break
	}
	id, ok := recv.(*ast.Ident)
	if !ok {
		return
	}
	typ := t.decls[id.Name]
	if typ == nil || typ.Kind != "type" {
		typ = &Decl{Name: id.Name, Kind: "type", Methods: map[string]*Decl{}}
		t.decls[id.Name] = typ
	}
	typ.Methods[d.Name] = d
}

// Imports returns a copy of the import name → path map.
func (t *Tracker) Imports() map[string]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	m := make(map[string]string, len(t.imports))
	for k, v := range t.imports {
		m[k] = v
	}
	return m
}

// Lookup returns the declaration of name, if a cell made one.
func (t *Tracker) Lookup(name string) (*Decl, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	d, ok := t.decls[name]
	return d, ok
}

// Decls returns the tracked declarations, sorted by name.
func (t *Tracker) Decls() []*Decl {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*Decl, 0, len(t.decls))
	for _, d := range t.decls {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// docOf returns the first non-empty comment group's text.
func docOf(gs ...*ast.CommentGroup) string {
	for _, g := range gs {
		if g != nil {
			if s := strings.TrimSpace(g.Text()); s != "" {
				return s
			}
		}
	}
	return ""
}

// gofmt formats a node as gofmt does.
func gofmt(fset *token.FileSet, n any) string {
	var b bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}
