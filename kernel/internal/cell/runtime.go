package cell

import (
	"fmt"
	"reflect"
)

// The compiled helpers that rewritten cells call through the session's
// _gonlm package (the session exposes them under these names; see the
// package documentation, "Rewrites").

// AssertTo is _gonlm.AssertTo: it sets *dst, dst a pointer to a variable
// of a compiled interface type, to v when v's dynamic type, a compiled
// type, implements that interface. Values of types declared in cells
// reach compiled code without their methods and never match here; the
// interpreted registries of the rewrite match them first.
func AssertTo(dst, v any) bool {
	if v == nil {
		return false
	}
	d := reflect.ValueOf(dst)
	if d.Kind() != reflect.Pointer || d.Elem().Kind() != reflect.Interface {
		return false
	}
	rv := reflect.ValueOf(v)
	if !rv.Type().Implements(d.Elem().Type()) {
		return false
	}
	d.Elem().Set(rv)
	return true
}

// NotInterpreted is _gonlm.NotInterpreted, for an assertion to an
// interface that a cell declared (or an interface literal) when v is none
// of the cells' types that implement it: it returns false, or panics with
// an explanation when v's dynamic type is a compiled type that has the
// interface's methods (yaegi v0.16.1 cannot make a value of an interface
// declared in a cell from a compiled value whose type the cell does not
// name).
func NotInterpreted(v any, iface string, methods ...string) bool {
	if v == nil || Lost(v, iface) {
		return false
	}
	t := reflect.TypeOf(v)
	for _, m := range methods {
		if _, ok := t.MethodByName(m); !ok {
			return false
		}
	}
	panic(fmt.Sprintf("cannot assert a value of the compiled type %s to %s, an interface declared in a cell: the interpreter (yaegi v0.16.1) cannot convert it; assert to %s first, or declare the interface's methods on a type of your own", t, iface, t))
}

// AssertFailed is _gonlm.AssertFailed: the panic value of a failed
// assertion x.(I) to an interface, with Go's message.
func AssertFailed(v any, iface string) error {
	if v == nil {
		return &assertError{"interface conversion: interface is nil, not " + iface}
	}
	return &assertError{fmt.Sprintf("interface conversion: %T is not %s", v, iface)}
}

// assertError is a failed type assertion; like Go's *runtime.TypeAssertionError
// it is a runtime error.
type assertError struct{ msg string }

func (e *assertError) Error() string { return e.msg }

// RuntimeError marks the error as a runtime error (runtime.Error).
func (e *assertError) RuntimeError() {}

// Unwrap is _gonlm.Unwrap: when v is one of yaegi's wrappers of a cell's
// value in a compiled interface (interp._error, whose first field IValue
// holds the value without its methods), it returns that value and true.
// A value of a type a cell declared becomes such a wrapper when it is
// converted to error, fmt.Stringer or another compiled interface.
func Unwrap(v any) (any, bool) {
	if v == nil {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || rv.NumField() == 0 || rv.Type().Field(0).Name != "IValue" {
		return nil, false
	}
	return rv.Field(0).Interface(), true
}

// Lost is _gonlm.Lost: it panics, with an explanation, when v is yaegi's
// wrapper of a value of a non-pointer type a cell declared (the wrapper
// keeps neither the value's type nor, for some types, the value itself,
// so no assertion of it can be decided), and returns false otherwise.
func Lost(v any, target string) bool {
	u, ok := Unwrap(v)
	if !ok || u == nil || reflect.TypeOf(u).Kind() == reflect.Pointer {
		return false
	}
	panic(&assertError{fmt.Sprintf("cannot tell whether this value is a %s: a value of a non-pointer type declared in a cell loses its type in the interpreter (yaegi v0.16.1) once it is an interface of a compiled package, such as error; give the type's methods pointer receivers and use a pointer (&T{...})", target)})
}

// ErrChildren is _gonlm.ErrChildren: what the Unwrap method of a compiled
// error returns (one error, or the list of a joined error). A cell's error
// reaches it as yaegi's wrapper, which has no Unwrap: the front end's walk
// asks the cells' types first.
func ErrChildren(e error) []error {
	switch x := e.(type) {
	case interface{ Unwrap() error }:
		if u := x.Unwrap(); u != nil {
			return []error{u}
		}
	case interface{ Unwrap() []error }:
		return x.Unwrap()
	}
	return nil
}

// ErrJoined is _gonlm.ErrJoined: whether a compiled error's Unwrap returns
// a list (errors.Unwrap returns nil for it).
func ErrJoined(e error) bool {
	_, ok := e.(interface{ Unwrap() []error })
	return ok
}

// ErrMatch is _gonlm.ErrMatch: errors.Is's test of one error of the tree,
// e == target (on what yaegi's wrappers hold: two conversions of one
// cell's error to error are two wrappers, which compiled == cannot
// compare), or a compiled Is method.
func ErrMatch(e, target error) (match bool) {
	a, b := bareValue(e), bareValue(target)
	if a != nil && b != nil && reflect.TypeOf(a) == reflect.TypeOf(b) && reflect.TypeOf(a).Comparable() {
		func() {
			defer func() { _ = recover() }() // an interface field holding an uncomparable value
			match = a == b
		}()
		if match {
			return true
		}
	}
	if x, ok := e.(interface{ Is(error) bool }); ok {
		return x.Is(target)
	}
	return false
}

// ErrAs is _gonlm.ErrAs: the As method of a compiled error.
func ErrAs(e error, target any) bool {
	if x, ok := e.(interface{ As(any) bool }); ok {
		return x.As(target)
	}
	return false
}

// bareValue returns what yaegi's wrapper v holds, or v.
func bareValue(v any) any {
	if u, ok := Unwrap(v); ok {
		return u
	}
	return v
}

// Same is _gonlm.Same: a == b for interface values that may hold yaegi's
// wrappers of the cells' values (comparing two wrappers panics in compiled
// code, "comparing uncomparable type interp._error", and a wrapper never
// equals the value it wraps): it compares what the wrappers hold. Like Go,
// it panics when both hold the same uncomparable type.
func Same(a, b any) bool {
	a, b = bareValue(a), bareValue(b)
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	return a == b
}
