package complete

import (
	"go/types"
	"strings"

	"github.com/gonlm/gonlm/kernel/internal/cell"
)

// Decl is a declaration made by an executed cell.
type Decl struct {
	// Name is the declared identifier.
	Name string
	// Kind is "func", "type", "var" or "const".
	Kind string
	// Source is the declaration as written in its cell (funcs without
	// body; for x := expr, that statement).
	Source string
	// Doc is the declaration's doc comment, if any.
	Doc string
	// Methods are the methods declared on a type, by name.
	Methods map[string]*Decl
}

// Tracker is the completer's view of what executed cells declared that the
// interpreter does not list in Globals: imports (name → path), functions,
// types with their methods, and var/const declarations with their source.
// It reads the cell front end's Record, the one record of those
// declarations (with their go/types objects), so it is current as soon as a
// chunk ran. It is safe for concurrent use.
type Tracker struct {
	rec *cell.Record
}

// NewTracker returns the Tracker of rec (nil: a Tracker that knows nothing,
// for completion without a front end).
func NewTracker(rec *cell.Record) *Tracker { return &Tracker{rec: rec} }

// Imports returns the import name → path map of the imports cells made
// (the kernel's own, named _gonlm..., left out).
func (t *Tracker) Imports() map[string]string {
	if t.rec == nil {
		return map[string]string{}
	}
	m := t.rec.Imports()
	for name := range m {
		if strings.HasPrefix(name, "_gonlm") {
			delete(m, name)
		}
	}
	return m
}

// kind names the kind of a record entry's object ("" for imports).
func kind(obj types.Object) string {
	switch obj.(type) {
	case *types.Func:
		return "func"
	case *types.TypeName:
		return "type"
	case *types.Var:
		return "var"
	case *types.Const:
		return "const"
	}
	return ""
}

// decl returns the Decl of a record entry.
func (t *Tracker) decl(e cell.Entry) *Decl {
	d := &Decl{Name: e.Obj.Name(), Kind: kind(e.Obj), Source: e.Source, Doc: e.Doc}
	if tn, ok := e.Obj.(*types.TypeName); ok {
		d.Methods = map[string]*Decl{}
		for _, m := range t.rec.Methods(tn) {
			d.Methods[m.Name] = &Decl{Name: m.Name, Kind: "func", Source: m.Source, Doc: m.Doc}
		}
	}
	return d
}

// Lookup returns the declaration of name, if a cell made one.
func (t *Tracker) Lookup(name string) (*Decl, bool) {
	if t.rec == nil {
		return nil, false
	}
	e, ok := t.rec.Lookup(name)
	if !ok || kind(e.Obj) == "" {
		return nil, false
	}
	return t.decl(e), true
}

// Decls returns the tracked declarations, sorted by name.
func (t *Tracker) Decls() []*Decl {
	if t.rec == nil {
		return nil
	}
	var out []*Decl
	for _, e := range t.rec.Entries() {
		if kind(e.Obj) != "" {
			out = append(out, t.decl(e))
		}
	}
	return out
}

// TypeOf returns the name of the cell-declared type of global name (or of
// what it points to), from the checker's type of the variable.
func (t *Tracker) TypeOf(name string) (string, bool) {
	if t.rec == nil {
		return "", false
	}
	e, ok := t.rec.Lookup(name)
	if !ok {
		return "", false
	}
	v, ok := e.Obj.(*types.Var)
	if !ok {
		return "", false
	}
	typ := v.Type()
	if p, ok := typ.(*types.Pointer); ok {
		typ = p.Elem()
	}
	n, ok := typ.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" {
		return "", false
	}
	// The type the name refers to now, if it is still that type.
	if cur, ok := t.rec.Lookup(n.Obj().Name()); ok && cur.Obj == n.Obj() {
		return n.Obj().Name(), true
	}
	return "", false
}
