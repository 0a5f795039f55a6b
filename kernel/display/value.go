package display

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
)

// Limits of the Go-syntax text of a value (see [goText]).
const (
	valueTextMax  = 4 << 10 // bytes of the whole text
	valueElems    = 10      // elements shown of a slice, array or map
	valueDepth    = 3       // composite levels shown below the top
	valueStrBytes = 200     // bytes shown of a nested string
	valueStringer = 120     // a nested String() longer than this is cut
)

// goText formats v as Go shows a value to a reader, for values no other rule
// of [Render] covers:
//
//   - composite values in Go syntax with field names and the package-qualified
//     type: nlm.Dynamics{T: 0.5, Dt: 0.01, NoOnsager: false, Threads: 0},
//     []int{1, 2, 3}, map[string]int{"a": 1};
//   - pointers followed one level (&nlm.Dynamics{…}); a pointer below a
//     pointer shows its type only (&mat.Dense{…}), a nested matrix its shape;
//   - nested values with a String or Error method as that text, nested
//     strings quoted;
//   - at most 10 elements of a slice, array or map, 3 levels of nesting and
//     4 KB in all, each cut marked with what was left out (… 990 more).
//
// Fields of struct types from packages are shown when exported (… stands for
// the others); fields of types declared in cells all are, by the names the
// cell gave them (yaegi exports an unexported field x as Xx).
func goText(v any) string {
	f := &valueFormatter{}
	f.value(reflect.ValueOf(v), 0, false, true)
	out := f.b.String()
	if f.cut {
		out += fmt.Sprintf(" … (cut at %d KB)", valueTextMax>>10)
	}
	return out
}

type valueFormatter struct {
	b   strings.Builder
	cut bool
}

func (f *valueFormatter) full() bool {
	if f.b.Len() >= valueTextMax {
		f.cut = true
		return true
	}
	return false
}

func (f *valueFormatter) str(s string) {
	if !f.full() {
		f.b.WriteString(s)
	}
}

// value writes v. depth counts composite levels, followed whether a pointer
// was followed on the way here, top whether v is the value shown.
func (f *valueFormatter) value(v reflect.Value, depth int, followed, top bool) {
	if f.full() {
		return
	}
	if !v.IsValid() {
		f.str("nil")
		return
	}
	if !top {
		if s, ok := nestedText(v); ok {
			f.str(s)
			return
		}
	}
	t := v.Type()
	switch v.Kind() {
	case reflect.Bool:
		f.str(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.str(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.str(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32:
		f.str(strconv.FormatFloat(v.Float(), 'g', -1, 32))
	case reflect.Float64:
		f.str(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.Complex64, reflect.Complex128:
		f.str(fmt.Sprint(v.Complex()))
	case reflect.String:
		f.str(quoteCut(v.String()))
	case reflect.Pointer:
		switch {
		case v.IsNil():
			f.str("nil")
		case followed || depth > valueDepth:
			f.str("&" + typeName(t.Elem()) + "{…}")
		default:
			f.str("&")
			f.value(v.Elem(), depth, true, false)
		}
	case reflect.Interface:
		if v.IsNil() {
			f.str("nil")
			return
		}
		f.value(v.Elem(), depth, followed, false)
	case reflect.Struct:
		f.structValue(v, depth, followed)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			f.str(typeName(t) + "(nil)")
			return
		}
		f.str(typeName(t) + "{")
		if depth >= valueDepth && v.Len() > 0 {
			f.str(fmt.Sprintf("… %d elements}", v.Len()))
			return
		}
		n := min(v.Len(), valueElems)
		for i := 0; i < n; i++ {
			if i > 0 {
				f.str(", ")
			}
			f.value(v.Index(i), depth+1, followed, false)
		}
		if v.Len() > n {
			f.str(fmt.Sprintf(", … %d more", v.Len()-n))
		}
		f.str("}")
	case reflect.Map:
		if v.IsNil() {
			f.str(typeName(t) + "(nil)")
			return
		}
		f.str(typeName(t) + "{")
		if depth >= valueDepth && v.Len() > 0 {
			f.str(fmt.Sprintf("… %d entries}", v.Len()))
			return
		}
		keys := v.MapKeys()
		sortKeys(keys)
		n := min(len(keys), valueElems)
		for i, k := range keys[:n] {
			if i > 0 {
				f.str(", ")
			}
			f.value(k, depth+1, followed, false)
			f.str(": ")
			f.value(v.MapIndex(k), depth+1, followed, false)
		}
		if len(keys) > n {
			f.str(fmt.Sprintf(", … %d more", len(keys)-n))
		}
		f.str("}")
	case reflect.Func:
		if v.IsNil() {
			f.str("nil")
			return
		}
		f.str(typeName(t) + " {…}")
	case reflect.Chan:
		if v.IsNil() {
			f.str("nil")
			return
		}
		f.str(fmt.Sprintf("%s (len %d, cap %d)", typeName(t), v.Len(), v.Cap()))
	default:
		f.str(fmt.Sprintf("<%s>", t))
	}
}

func (f *valueFormatter) structValue(v reflect.Value, depth int, followed bool) {
	t := v.Type()
	cellType := t.Name() == "" // yaegi's types declared in cells are unnamed
	f.str(typeName(t) + "{")
	if depth >= valueDepth {
		f.str("…}")
		return
	}
	n, hidden := 0, false
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name := sf.Name
		if !sf.IsExported() && !cellType {
			hidden = true
			continue
		}
		if cellType {
			name = cellFieldName(name)
		}
		if n > 0 {
			f.str(", ")
		}
		n++
		if sf.Anonymous && !cellType {
			name = baseTypeName(sf.Type)
		}
		f.str(name + ": ")
		f.value(v.Field(i), depth+1, followed, false)
		if f.full() {
			return
		}
	}
	if hidden {
		if n > 0 {
			f.str(", ")
		}
		f.str("…")
	}
	f.str("}")
}

// nestedText shows a nested value by its String or Error method, or a
// matrix by its shape; ok is false for other values.
func nestedText(v reflect.Value) (s string, ok bool) {
	if !v.CanInterface() {
		return "", false
	}
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return "", false
	}
	x := v.Interface()
	defer func() {
		if r := recover(); r != nil {
			s, ok = fmt.Sprintf("<%s: String panicked: %v>", v.Type(), r), true
		}
	}()
	switch x := x.(type) {
	case mat.Matrix:
		r, c := x.Dims()
		return fmt.Sprintf("%s(%d×%d)", v.Type(), r, c), true
	case error:
		return cutText(x.Error()), true
	case fmt.Stringer:
		return cutText(x.String()), true
	}
	return "", false
}

// typeName is t as a reader writes it: nlm.Dynamics, []float64, map[string]int;
// a struct type declared in a cell (unnamed for yaegi) is left out.
func typeName(t reflect.Type) string {
	if t.Kind() == reflect.Struct && t.Name() == "" {
		return ""
	}
	s := t.String()
	if strings.Contains(s, "struct {") {
		// A composite of a cell's struct type: keep its outer form.
		switch t.Kind() {
		case reflect.Slice:
			return "[]" + typeName(t.Elem())
		case reflect.Array:
			return fmt.Sprintf("[%d]%s", t.Len(), typeName(t.Elem()))
		case reflect.Pointer:
			return "*" + typeName(t.Elem())
		case reflect.Map:
			return "map[" + typeName(t.Key()) + "]" + typeName(t.Elem())
		}
	}
	return s
}

// baseTypeName is the name an embedded field of type t goes by.
func baseTypeName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

// cellFieldName undoes yaegi's renaming of the unexported field x of a cell
// type to Xx (an exported field named like Xmin shows as min).
func cellFieldName(name string) string {
	if len(name) > 1 && name[0] == 'X' {
		r, _ := utf8.DecodeRuneInString(name[1:])
		if unicode.IsLower(r) || r == '_' {
			return name[1:]
		}
	}
	return name
}

// quoteCut quotes s as Go does, cut after valueStrBytes bytes with its length.
func quoteCut(s string) string {
	if len(s) <= valueStrBytes {
		return strconv.Quote(s)
	}
	cut := valueStrBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(s[:cut]), len(s))
}

// cutText cuts a nested String() result to one line of valueStringer bytes.
func cutText(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if len(s) > valueStringer {
		cut := valueStringer
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// sortKeys orders map keys as fmt does for the kinds maps usually have.
func sortKeys(keys []reflect.Value) {
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		switch a.Kind() {
		case reflect.String:
			return a.String() < b.String()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return a.Int() < b.Int()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return a.Uint() < b.Uint()
		case reflect.Float32, reflect.Float64:
			return a.Float() < b.Float()
		case reflect.Bool:
			return !a.Bool() && b.Bool()
		}
		return fmt.Sprint(a) < fmt.Sprint(b)
	})
}
