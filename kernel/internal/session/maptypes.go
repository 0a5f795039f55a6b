package session

import (
	"encoding"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// stdMapTypes tells yaegi which interfaces the values that cells pass to
// fmt's, log's and encoding's functions should be wrapped in, so that those
// functions see the methods of cell-defined types: String, Error, Format and
// GoString for fmt and log, MarshalJSON / MarshalText and their inverses for
// encoding/json and encoding/xml.
//
// yaegi builds the reflect types of cell-defined types without methods, so
// compiled code sees a Temp (a float64 with a String method) as a plain
// float64. For the functions listed here yaegi passes a top-level argument
// whose type implements one of the interfaces as a wrapper that has the
// method (the first interface in the list that the type implements wins).
// yaegi's own stdlib package registers this table; the kernel generates its
// own symbol tables, so it registers it here. It must be loaded before the
// table holding "fmt/fmt": yaegi's Use then copies the fmt and log entries to
// the interpreter's redirected Print* functions.
//
// The order is fmt's: Format first, then Error before String (for a type
// with both, %v uses Error). A String or GoString method gets one of the
// wrappers below instead of yaegi's generated one, so that the wrapped value
// prints as fmt prints the original: with its GoString (or without methods)
// for %#v, with String for %v, %s, %q, %x, %X, as itself for other verbs.
// tables are the symbol tables, where yaegi's generated wrappers are found.
//
// Values nested in other values (a slice of Temp, a struct field) reach fmt
// without their methods: yaegi cannot wrap them (see the known differences
// in package difftest). %T names yaegi's types (struct { X int }, not
// main.Point).
func stdMapTypes(tables []interp.Exports) interp.Exports {
	fmtTypes := []reflect.Type{
		reflect.TypeFor[fmt.Formatter](),
		reflect.TypeFor[error](),
		reflect.TypeFor[fmt.Stringer](),
		reflect.TypeFor[fmt.GoStringer](),
	}
	mt := map[reflect.Value][]reflect.Type{}
	for _, f := range []any{
		fmt.Errorf, fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf, fmt.Println,
		fmt.Sprint, fmt.Sprintf, fmt.Sprintln, fmt.Append, fmt.Appendf, fmt.Appendln,
		log.Fatal, log.Fatalf, log.Fatalln, log.Panic, log.Panicf, log.Panicln,
		log.Print, log.Printf, log.Println,
	} {
		mt[reflect.ValueOf(f)] = fmtTypes
	}
	marshal := []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()}
	unmarshal := []reflect.Type{reflect.TypeFor[json.Unmarshaler](), reflect.TypeFor[encoding.TextUnmarshaler]()}
	mt[reflect.ValueOf(json.Marshal)] = marshal
	mt[reflect.ValueOf(json.MarshalIndent)] = marshal
	mt[reflect.ValueOf(json.Unmarshal)] = unmarshal
	mt[reflect.ValueOf(xml.Marshal)] = []reflect.Type{reflect.TypeFor[xml.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()}
	mt[reflect.ValueOf(xml.Unmarshal)] = []reflect.Type{reflect.TypeFor[xml.Unmarshaler](), reflect.TypeFor[encoding.TextUnmarshaler]()}
	// yaegi wraps a value in the first of the composed wrappers registered
	// under the generated wrapper whose methods the value's type has all of.
	for _, t := range tables {
		if p := t["fmt/fmt"]; p != nil {
			if w, ok := p["_Stringer"]; ok {
				mt[w] = []reflect.Type{reflect.TypeFor[fmtStringGoString](), reflect.TypeFor[fmtString]()}
			}
			if w, ok := p["_GoStringer"]; ok {
				mt[w] = []reflect.Type{reflect.TypeFor[fmtGoString]()}
			}
		}
	}
	return interp.Exports{".": {"MapTypes": reflect.ValueOf(mt)}}
}

// The wrappers of cell values with String and GoString methods. As yaegi's
// generated wrappers, they hold the value (IValue) and one function per
// method (W + the method's name); they implement fmt.Formatter.
type (
	fmtString struct {
		IValue  any
		WString func() string
	}
	fmtGoString struct {
		IValue    any
		WGoString func() string
	}
	fmtStringGoString struct {
		IValue    any
		WGoString func() string
		WString   func() string
	}
)

func (w fmtString) String() string     { return w.WString() }
func (w fmtGoString) GoString() string { return w.WGoString() }
func (w fmtStringGoString) String() string {
	return w.WString()
}
func (w fmtStringGoString) GoString() string { return w.WGoString() }

func (w fmtString) Format(f fmt.State, verb rune) { formatMethods(f, verb, w.IValue, w.WString, nil) }
func (w fmtGoString) Format(f fmt.State, verb rune) {
	formatMethods(f, verb, w.IValue, nil, w.WGoString)
}
func (w fmtStringGoString) Format(f fmt.State, verb rune) {
	formatMethods(f, verb, w.IValue, w.WString, w.WGoString)
}

// formatMethods prints v for verb as fmt prints a value whose String (str)
// and GoString (gostr) methods are given (nil when absent).
func formatMethods(f fmt.State, verb rune, v any, str, gostr func() string) {
	switch {
	case verb == 'v' && f.Flag('#'):
		if gostr != nil {
			io.WriteString(f, gostr())
			return
		}
		fmt.Fprintf(f, fmt.FormatString(f, verb), v)
	case str != nil && (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X'):
		fmt.Fprintf(f, fmt.FormatString(f, verb), str())
	default:
		fmt.Fprintf(f, fmt.FormatString(f, verb), v)
	}
}
