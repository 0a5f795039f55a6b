package cell

import (
	"go/types"
	"sort"
	"sync"
)

// Record is the one record of what the cells that ran declared: every
// top-level name of the interpreter's main package with its go/types object
// (a *types.Var with its type, *types.Const with its value, *types.TypeName,
// *types.Func, or *types.PkgName for an import), and the name the object has
// in the interpreter when the front end had to rename it (see "Renaming" in
// the package doc). The type checker checks every cell against it; the
// completer reads it. A later declaration of a name replaces the earlier one.
//
// A Record is safe for concurrent use: the session's executing goroutine
// updates it while completion requests read it.
type Record struct {
	mu      sync.RWMutex
	entries map[string]Entry
	dots    []*types.Package // packages imported with import . "path"
	// methods holds every method cells declared, by receiver type and
	// name.
	methods map[*types.TypeName]map[string]method
}

// method is a method declaration of a chunk.
type method struct {
	recv   *types.TypeName
	name   string
	source string // the whole declaration
	decl   string // without its body
	doc    string
}

// Method is a method that a cell declared.
type Method struct {
	// Name is the method's name.
	Name string
	// Source is the declaration without its body.
	Source string
	// Doc is its doc comment, if any.
	Doc string
}

// Entry is one top-level name of the record.
type Entry struct {
	// Obj is the declared object. For imports, Obj is a *types.PkgName
	// whose Imported() is the package.
	Obj types.Object
	// Interp is the name of the object in the interpreter ("" when it is
	// Obj.Name()).
	Interp string
	// Source is the declaration as written in its cell (a func without
	// its body; for x := expr, "x := expr"), for inspection.
	Source string
	// Doc is the declaration's doc comment, if any.
	Doc string
}

// InterpName returns the name of the entry's object in the interpreter.
func (e Entry) InterpName() string {
	if e.Interp != "" {
		return e.Interp
	}
	return e.Obj.Name()
}

func newRecord() *Record {
	return &Record{entries: map[string]Entry{}, methods: map[*types.TypeName]map[string]method{}}
}

// Methods returns the methods cells declared on type t, sorted by name.
func (r *Record) Methods(t *types.TypeName) []Method {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Method, 0, len(r.methods[t]))
	for _, m := range r.methods[t] {
		out = append(out, Method{Name: m.name, Source: m.decl, Doc: m.doc})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// methodSource returns the source of the method name of type recv that a
// cell declared ("" if none did).
func (r *Record) methodSource(recv *types.TypeName, name string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.methods[recv][name].source
}

// Lookup returns the entry of a top-level name.
func (r *Record) Lookup(name string) (Entry, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.entries[name]
	return e, ok
}

// Entries returns the entries sorted by name.
func (r *Record) Entries() []Entry {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Entry, 0, len(r.entries))
	for _, e := range r.entries {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Obj.Name() < out[j].Obj.Name() })
	return out
}

// Imports returns the import name → import path map of the record.
func (r *Record) Imports() map[string]string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	m := map[string]string{}
	for name, e := range r.entries {
		if pn, ok := e.Obj.(*types.PkgName); ok {
			m[name] = pn.Imported().Path()
		}
	}
	return m
}

// set records the declarations of a chunk that ran.
func (r *Record) set(es map[string]Entry, dots []*types.Package, ms []method) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for name, e := range es {
		r.entries[name] = e
	}
	r.dots = append(r.dots, dots...)
	for _, m := range ms {
		if r.methods[m.recv] == nil {
			r.methods[m.recv] = map[string]method{}
		}
		if _, ok := r.methods[m.recv][m.name]; !ok {
			r.methods[m.recv][m.name] = m // yaegi keeps the first
		}
	}
}

// snapshot returns a copy of the entries and dot imports, for checking a
// cell against them.
func (r *Record) snapshot() (map[string]Entry, []*types.Package) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	m := make(map[string]Entry, len(r.entries))
	for k, v := range r.entries {
		m[k] = v
	}
	return m, append([]*types.Package(nil), r.dots...)
}
