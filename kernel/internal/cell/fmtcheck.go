package cell

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"
)

// Values of cell types in compiled fmt, log, reflect and encoding.
//
// yaegi v0.16.1 builds the reflect types of the cells' types with
// reflect.StructOf and friends: without methods, without names (a
// main.Point is a struct { X int; Y int }, a main.Kind an int), and with
// unexported fields exported as X+name. Compiled code sees them so. For a
// value passed directly to fmt's and log's functions (and json.Marshal's),
// yaegi wraps it with its String, Error, Format, GoString (MarshalJSON)
// methods (session/maptypes.go); nested in a struct, slice, map or behind
// a pointer, fmt does not see them. So, for calls of fmt, log, reflect and
// encoding/json, encoding/xml with arguments of the cells' types, the
// front end
//
//   - writes %T of an argument whose static type is not an interface as
//     Go's name of that type (%T → %s, x → "main.Kind");
//   - formats a pointer with a String or Error method (and no Format or
//     GoString), passed directly, as that method's result (Go calls it
//     also on a nil pointer; yaegi passed a nil interface);
//   - refuses, before the cell runs, what it cannot write so: %T of an
//     interface that a cell type implements, %#v of values of cell types,
//     %+v of a struct with unexported fields, a value whose nested parts
//     have String, Error, Format or GoString methods, reflect of a value of
//     a cell type, and json or xml of a struct with unexported fields (not
//     tagged "-") or with nested Marshal methods.
//
// Values held in interfaces (an any holding a []Temp) are not seen before
// running: their nested methods are still lost.

// fmtFunc describes a function of fmt or log whose arguments are printed:
// the index of its format argument (-1: Print-like) and of the first
// printed argument.
type fmtFunc struct{ format, first int }

var fmtFuncs = map[string]fmtFunc{
	"fmt.Print": {-1, 0}, "fmt.Println": {-1, 0}, "fmt.Sprint": {-1, 0}, "fmt.Sprintln": {-1, 0},
	"fmt.Fprint": {-1, 1}, "fmt.Fprintln": {-1, 1}, "fmt.Append": {-1, 1}, "fmt.Appendln": {-1, 1},
	"fmt.Printf": {0, 1}, "fmt.Sprintf": {0, 1}, "fmt.Errorf": {0, 1}, "fmt.Fprintf": {1, 2}, "fmt.Appendf": {1, 2},
	"log.Print": {-1, 0}, "log.Println": {-1, 0}, "log.Fatal": {-1, 0}, "log.Fatalln": {-1, 0}, "log.Panic": {-1, 0}, "log.Panicln": {-1, 0},
	"log.Printf": {0, 1}, "log.Fatalf": {0, 1}, "log.Panicf": {0, 1},
}

// calledFunc returns "pkg.Name" of the package-level function c calls.
func calledFunc(info *types.Info, c *ast.CallExpr) (string, bool) {
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Type().(*types.Signature).Recv() != nil {
		return "", false
	}
	return fn.Pkg().Path() + "." + fn.Name(), true
}

// verb is a formatting directive of a constant format string.
type verb struct {
	start, end int  // the directive's bytes in the format
	c          byte // the verb letter
	plus, hash bool
	arg        int // the argument it formats (from 0, after the format)
}

// verbs parses a format string; ok is false when it uses argument indexes
// or * (the directives' arguments are then not known).
func verbs(f string) (vs []verb, ok bool) {
	arg := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		v := verb{start: i}
		i++
		for ; i < len(f) && strings.IndexByte("+-# 0", f[i]) >= 0; i++ {
			v.plus = v.plus || f[i] == '+'
			v.hash = v.hash || f[i] == '#'
		}
		for ; i < len(f) && (f[i] >= '0' && f[i] <= '9' || f[i] == '.'); i++ {
		}
		if i >= len(f) {
			break
		}
		if f[i] == '*' || f[i] == '[' {
			return nil, false
		}
		if f[i] == '%' {
			continue
		}
		v.c, v.end, v.arg = f[i], i+1, arg
		arg++
		vs = append(vs, v)
	}
	return vs, true
}

// fmtMethod reports whether t's method set has a method fmt calls.
func fmtMethod(t types.Type) bool {
	ms := types.NewMethodSet(t)
	for _, name := range []string{"String", "Error", "Format", "GoString"} {
		if sel := ms.Lookup(nil, name); sel != nil {
			return true
		}
	}
	return false
}

// isCellNamed reports whether t is a named type a cell declared.
func isCellNamed(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main"
}

// nestedMethods returns a cell type with a method fmt calls that fmt meets
// inside a value of type t (not t itself), or nil: exported struct fields,
// elements of slices, arrays and maps, and what a pointer points to.
func nestedMethods(t types.Type) types.Type {
	seen := map[types.Type]bool{}
	var walk func(t types.Type, depth int) types.Type
	walk = func(t types.Type, depth int) types.Type {
		if seen[t] {
			return nil
		}
		seen[t] = true
		if fmtMethod(t) {
			if depth > 0 && mentionsMain(t) {
				return t
			}
			return nil
		}
		switch u := t.Underlying().(type) {
		case *types.Struct:
			for i := range u.NumFields() {
				if f := u.Field(i); f.Exported() {
					if x := walk(f.Type(), depth+1); x != nil {
						return x
					}
				}
			}
		case *types.Slice:
			return walk(u.Elem(), depth+1)
		case *types.Array:
			return walk(u.Elem(), depth+1)
		case *types.Map:
			if x := walk(u.Key(), depth+1); x != nil {
				return x
			}
			return walk(u.Elem(), depth+1)
		case *types.Pointer:
			return walk(u.Elem(), depth+1)
		}
		return nil
	}
	return walk(t, 0)
}

// unexportedField returns a struct type of the cells reachable in t that
// has an unexported field (not tagged with "-" for key, "" for any tag),
// and the field, or nil.
func unexportedField(t types.Type, key string) (types.Type, string) {
	seen := map[types.Type]bool{}
	var owner types.Type
	var field string
	var walk func(t types.Type) bool
	walk = func(t types.Type) bool {
		if seen[t] {
			return false
		}
		seen[t] = true
		switch u := t.Underlying().(type) {
		case *types.Struct:
			for i := range u.NumFields() {
				f := u.Field(i)
				tag := reflectTag(u.Tag(i), key)
				if !f.Exported() && mentionsMain(t) && (key == "" || tag != "-") {
					owner, field = t, f.Name()
					return true
				}
				if f.Exported() && walk(f.Type()) {
					return true
				}
			}
		case *types.Slice:
			return walk(u.Elem())
		case *types.Array:
			return walk(u.Elem())
		case *types.Map:
			return walk(u.Key()) || walk(u.Elem())
		case *types.Pointer:
			return walk(u.Elem())
		}
		return false
	}
	if walk(t) {
		return owner, field
	}
	return nil, ""
}

// reflectTag returns the value of key in a struct tag, up to a comma.
func reflectTag(tag, key string) string {
	if key == "" {
		return ""
	}
	v := lookupTag(tag, key)
	if i := strings.IndexByte(v, ','); i >= 0 {
		v = v[:i]
	}
	return v
}

// lookupTag is reflect.StructTag.Get.
func lookupTag(tag, key string) string {
	for tag != "" {
		i := 0
		for i < len(tag) && tag[i] == ' ' {
			i++
		}
		tag = tag[i:]
		if tag == "" {
			break
		}
		i = 0
		for i < len(tag) && tag[i] > ' ' && tag[i] != ':' && tag[i] != '"' {
			i++
		}
		if i == 0 || i+1 >= len(tag) || tag[i] != ':' || tag[i+1] != '"' {
			break
		}
		name := tag[:i]
		tag = tag[i+1:]
		i = 1
		for i < len(tag) && tag[i] != '"' {
			if tag[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(tag) {
			break
		}
		q := tag[:i+1]
		tag = tag[i+1:]
		if name == key {
			v, err := strconv.Unquote(q)
			if err != nil {
				break
			}
			return v
		}
	}
	return ""
}

// implementedByCells reports whether a named type of the cells (in view)
// implements the interface t.
func implementedByCells(t types.Type, views ...map[string]Entry) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for _, view := range views {
		for _, e := range view {
			tn, ok := e.Obj.(*types.TypeName)
			if !ok || !isCellNamed(tn.Type()) || types.IsInterface(tn.Type()) {
				continue
			}
			if types.Implements(tn.Type(), it) || types.Implements(types.NewPointer(tn.Type()), it) {
				return true
			}
		}
	}
	return false
}

// fmtChecks refuses the calls of fmt, log, reflect and encoding whose
// output would differ (see above).
func (ck *checker) fmtChecks(p *parsed, t *typed) {
	ast.Inspect(p.file, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		name, ok := calledFunc(t.info, c)
		if !ok {
			return true
		}
		if f, ok := fmtFuncs[name]; ok {
			ck.fmtCall(p, t, c, name, f)
			return true
		}
		switch {
		case strings.HasPrefix(name, "reflect."):
			for _, a := range c.Args {
				if at := t.info.Types[a].Type; at != nil && mentionsMain(at) {
					ck.errorAt(p, a.Pos(), "%s cannot see the cells' type %s: yaegi v0.16.1 builds it with reflect.StructOf, without its name, its methods, and with its unexported fields exported as X+name; use reflect on types of compiled packages, or describe the type yourself", name, goTypeName(at))
					return true
				}
			}
		case name == "encoding/json.Marshal" || name == "encoding/json.MarshalIndent" || name == "encoding/json.Unmarshal" ||
			name == "encoding/xml.Marshal" || name == "encoding/xml.MarshalIndent" || name == "encoding/xml.Unmarshal":
			key := "json"
			if strings.HasPrefix(name, "encoding/xml") {
				key = "xml"
			}
			for _, a := range c.Args {
				at := t.info.Types[a].Type
				if at == nil {
					continue
				}
				if owner, field := unexportedField(at, key); owner != nil {
					ck.errorAt(p, a.Pos(), "%s would see the unexported field %s of %s: yaegi v0.16.1 exports it as X%s; export it, or tag it `%s:\"-\"`", strings.TrimPrefix(name, "encoding/"), field, goTypeName(owner), field, key)
					return true
				}
				if nt := nestedMarshal(at); nt != nil {
					ck.errorAt(p, a.Pos(), "%s cannot call the marshalling methods of %s inside a %s: yaegi v0.16.1 passes values of the cells' types to compiled code without their methods (only a value passed directly is wrapped); marshal that part yourself", strings.TrimPrefix(name, "encoding/"), goTypeName(nt), goTypeName(at))
					return true
				}
			}
		}
		return true
	})
}

// nestedMarshal returns a cell type with a Marshal or Unmarshal method
// nested in t, or nil.
func nestedMarshal(t types.Type) types.Type {
	has := func(t types.Type) bool {
		ms := types.NewMethodSet(t)
		for _, m := range []string{"MarshalJSON", "MarshalText", "UnmarshalJSON", "UnmarshalText", "MarshalXML", "UnmarshalXML"} {
			if ms.Lookup(nil, m) != nil {
				return true
			}
		}
		return false
	}
	seen := map[types.Type]bool{}
	var walk func(t types.Type, depth int) types.Type
	walk = func(t types.Type, depth int) types.Type {
		if seen[t] {
			return nil
		}
		seen[t] = true
		if depth > 0 && mentionsMain(t) && (has(t) || has(types.NewPointer(t))) {
			return t
		}
		switch u := t.Underlying().(type) {
		case *types.Struct:
			for i := range u.NumFields() {
				if x := walk(u.Field(i).Type(), depth+1); x != nil {
					return x
				}
			}
		case *types.Slice:
			return walk(u.Elem(), depth+1)
		case *types.Array:
			return walk(u.Elem(), depth+1)
		case *types.Map:
			return walk(u.Elem(), depth+1)
		case *types.Pointer:
			return walk(u.Elem(), depth)
		}
		return nil
	}
	return walk(t, 0)
}

// verbsOf returns the verbs of a constant format; known is false when the
// format is not a constant or uses argument indexes or *.
func verbsOf(tv types.TypeAndValue) ([]verb, bool) {
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil, false
	}
	return verbs(constant.StringVal(tv.Value))
}

// fmtCall checks one call of a function of fmt or log.
func (ck *checker) fmtCall(p *parsed, t *typed, c *ast.CallExpr, name string, f fmtFunc) {
	if c.Ellipsis.IsValid() {
		return // the arguments are in a slice
	}
	var vs []verb
	known := true
	if f.format >= 0 {
		if f.format >= len(c.Args) {
			return
		}
		tv := t.info.Types[c.Args[f.format]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			known = false
		} else {
			vs, known = verbs(constant.StringVal(tv.Value))
		}
	}
	for k := f.first; k < len(c.Args); k++ {
		a := c.Args[k]
		at := t.info.Types[a].Type
		if at == nil {
			continue
		}
		// The verbs formatting this argument.
		var its []verb
		if f.format < 0 {
			its = []verb{{c: 'v'}}
		} else if known {
			for _, v := range vs {
				if v.arg == k-f.first {
					its = append(its, v)
				}
			}
		} else {
			its = []verb{{c: 'v'}, {c: 'T'}}
		}
		what := strings.TrimPrefix(name, "fmt.")
		for _, v := range its {
			switch {
			case v.c == 'T':
				if types.IsInterface(at) && !t.info.Types[a].IsNil() && (at.Underlying().(*types.Interface).Empty() || implementedByCells(at, ck.view, t.defs)) && len(ck.cellTypes(t)) > 0 {
					ck.errorAt(p, a.Pos(), "%%T of a %s in %s: when it holds a value of a type declared in a cell, the interpreter prints its own name of the type (yaegi v0.16.1 builds the cells' types without names: struct { ... } for main.T); print the type's name yourself", goTypeName(at), what)
					return
				}
				if !known && mentionsMain(at) {
					ck.errorAt(p, a.Pos(), "the format of this %s call is not a constant, and %%T of %s would print the interpreter's name of the type (yaegi v0.16.1 builds the cells' types without names); use a constant format", what, goTypeName(at))
					return
				}
			case v.c == 'v' && v.hash:
				if mentionsMain(at) && !(isCellNamed(at) && basicUnderlying(at)) {
					ck.errorAt(p, a.Pos(), "%%#v of a %s in %s would print the interpreter's types (struct { ... } for main.T; yaegi v0.16.1 builds the cells' types without names); use %%+v or %%v", goTypeName(at), what)
					return
				}
			}
			if v.c == 'v' && v.plus || v.c == 'v' && v.hash {
				if owner, field := unexportedField(at, ""); owner != nil {
					ck.errorAt(p, a.Pos(), "%%+v of a %s in %s would name the unexported field %s as X%s (yaegi v0.16.1 exports the unexported fields of the cells' structs); use %%v, or export the field", goTypeName(at), what, field, field)
					return
				}
			}
			if strings.IndexByte("vsqxX", v.c) >= 0 {
				if nt := nestedMethods(at); nt != nil {
					ck.errorAt(p, a.Pos(), "%s cannot call the methods of %s (String, Error, Format) inside a %s: yaegi v0.16.1 passes values of the cells' types to compiled code without their methods (only a value passed directly is wrapped); format the parts yourself, e.g. in a loop calling String", what, goTypeName(nt), goTypeName(at))
					return
				}
			}
		}
	}
}

// basicUnderlying reports whether t's underlying type is a basic type.
func basicUnderlying(t types.Type) bool {
	_, ok := t.Underlying().(*types.Basic)
	return ok
}

// cellTypes returns the named types the cells declared (record and chunk).
func (ck *checker) cellTypes(t *typed) []types.Type {
	var out []types.Type
	for _, view := range []map[string]Entry{ck.view, t.defs} {
		for _, e := range view {
			if tn, ok := e.Obj.(*types.TypeName); ok && isCellNamed(tn.Type()) && !types.IsInterface(tn.Type()) {
				out = append(out, tn.Type())
			}
		}
	}
	return out
}

// fmtRewrite writes %T of arguments of the cells' types, whose static
// type is not an interface, as Go's name of the type, and formats a nil
// pointer with a String or Error method passed directly with that method
// (see above).
func (r *rewriter) fmtRewrite(c *ast.CallExpr) {
	name, ok := calledFunc(r.t.info, c)
	if !ok || c.Ellipsis.IsValid() {
		return
	}
	f, ok := fmtFuncs[name]
	if !ok {
		return
	}
	var vs []verb
	var format string
	if f.format >= 0 {
		if f.format >= len(c.Args) {
			return
		}
		tv := r.t.info.Types[c.Args[f.format]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			return
		}
		format = constant.StringVal(tv.Value)
		if vs, ok = verbs(format); !ok {
			return
		}
	}
	newFormat := format
	changed := false
	for i := len(vs) - 1; i >= 0; i-- {
		v := vs[i]
		k := f.first + v.arg
		if v.c != 'T' || k >= len(c.Args) {
			continue
		}
		at := r.t.info.Types[c.Args[k]].Type
		if at == nil || types.IsInterface(at) || !mentionsMain(at) {
			continue
		}
		newFormat = newFormat[:v.end-1] + "s" + newFormat[v.end:]
		changed = true
		a := c.Args[k]
		text := r.takeNode(a)
		r.replace(r.off(a.Pos()), r.off(a.End()), "func() string { _ = "+text+"; return "+strconv.Quote(goTypeName(at))+" }()")
	}
	if changed {
		fa := c.Args[f.format]
		r.take(r.off(fa.Pos()), r.off(fa.End()))
		r.replace(r.off(fa.Pos()), r.off(fa.End()), strconv.Quote(newFormat))
	}
	// Nil pointers with String or Error methods, passed directly.
	for k := f.first; k < len(c.Args); k++ {
		a := c.Args[k]
		at := r.t.info.Types[a].Type
		pt, ok := at.(*types.Pointer)
		if !ok || !isCellNamed(pt.Elem()) || r.t.info.Types[a].IsNil() {
			continue
		}
		method := ""
		ms := types.NewMethodSet(at)
		if ms.Lookup(nil, "Format") != nil || ms.Lookup(nil, "GoString") != nil {
			continue
		}
		if ms.Lookup(nil, "Error") != nil {
			method = "Error"
		} else if ms.Lookup(nil, "String") != nil {
			method = "String"
		}
		if method == "" {
			continue
		}
		if f.format >= 0 {
			stringVerb := true
			for _, v := range vs {
				if v.arg == k-f.first && strings.IndexByte("vsqxX", v.c) < 0 {
					stringVerb = false
				}
			}
			if !stringVerb {
				continue
			}
		}
		text := r.takeNode(a)
		ts := r.typeString(at)
		// The method's result, as fmt would print it (a nil pointer whose
		// method panics prints <nil>).
		r.replace(r.off(a.Pos()), r.off(a.End()), "func(_gonlm_p "+ts+") (_gonlm_r any) { if _gonlm_p != nil { return _gonlm_p."+method+"() }; defer func() { if recover() != nil { _gonlm_r = nil } }(); return _gonlm_p."+method+"() }("+text+")")
	}
}
