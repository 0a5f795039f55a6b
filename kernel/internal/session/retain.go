package session

import (
	"errors"
	"reflect"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// yaegi v0.16.1 keeps two records for its debugger that grow with every Eval
// and are never read otherwise: Interpreter.roots, the root node of every
// AST it compiled (ast.go, appended at the end of Interpreter.ast; read only
// in debugger.go), and scope.child, every block scope ever opened under a
// package scope (scope.go push; read only by debugger.go's scanScope). They
// hold each cell's whole AST and its scopes: about 2.5 KiB of heap per
// trivial cell (1+1), 25 MiB after 10 000 cells, and resident memory grows
// about twice that with the garbage collector's headroom.
//
// The kernel does not use yaegi's debugger, so after each cell debugRecords
// empties both. They are unexported, so it reaches them through reflect and
// unsafe, after checking that their types are what v0.16.1 declares; if they
// are not (another yaegi version), it does nothing.
//
// What yaegi still keeps per cell, and we cannot free: the token.File of each
// Eval in its FileSet (positions of code defined in a cell are looked up
// there when it panics later) and the global frame's slots for the cell's
// temporaries: about 0.5 KiB per trivial cell.
type debugRecords struct {
	roots  reflect.Value // Interpreter.roots, a []*node, settable
	scopes reflect.Value // Interpreter.scopes, a map[string]*scope
}

// newDebugRecords locates i's debugger records.
func newDebugRecords(i *interp.Interpreter) (*debugRecords, error) {
	v := reflect.ValueOf(i).Elem()
	roots, scopes := v.FieldByName("roots"), v.FieldByName("scopes")
	if !roots.IsValid() || roots.Kind() != reflect.Slice || roots.Type().Elem().Kind() != reflect.Pointer {
		return nil, errors.New("yaegi's Interpreter has no roots []*node")
	}
	if !scopes.IsValid() || scopes.Kind() != reflect.Map || scopes.Type().Elem().Kind() != reflect.Pointer {
		return nil, errors.New("yaegi's Interpreter has no scopes map[string]*scope")
	}
	child, ok := scopes.Type().Elem().Elem().FieldByName("child")
	if !ok || child.Type.Kind() != reflect.Slice || child.Type.Elem() != scopes.Type().Elem() {
		return nil, errors.New("yaegi's scope has no child []*scope")
	}
	return &debugRecords{roots: settable(roots), scopes: settable(scopes)}, nil
}

// settable returns v (an unexported field of an addressable struct) as a
// value that can be set.
func settable(v reflect.Value) reflect.Value {
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// release empties the records. It must not run while the interpreter
// compiles (the session calls it under runMu, where every Eval happens).
func (d *debugRecords) release() {
	if d == nil {
		return
	}
	d.roots.SetZero()
	iter := d.scopes.MapRange()
	for iter.Next() {
		sc := iter.Value()
		if sc.IsNil() {
			continue
		}
		settable(sc.Elem().FieldByName("child")).SetZero()
	}
}
