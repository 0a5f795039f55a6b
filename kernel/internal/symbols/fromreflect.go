package symbols

import (
	"go/constant"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"strings"
)

// TypesOf builds the type information of a package from its symbol table,
// for the tables that types.zip does not cover: tables a session is given at
// run time (the kernel's hook package, tables tests add). Named types of
// packages that im knows are im's (a func returning context.Context returns
// the context package's Context); other named types are made from their
// reflect types, methods included. The table holds what yaegi extract
// writes: functions, variables (addressable values), types (nil pointers to
// them), constants (go/constant values when untyped); interface wrappers
// (names starting with "_") are skipped.
func TypesOf(importPath, name string, table map[string]reflect.Value, im types.Importer) *types.Package {
	c := &fromReflect{pkg: types.NewPackage(importPath, name), im: im, named: map[reflect.Type]*types.Named{}}
	scope := c.pkg.Scope()
	for sym, v := range table {
		if strings.HasPrefix(sym, "_") || !v.IsValid() {
			continue
		}
		t := v.Type()
		switch {
		case t.Implements(constantValue):
			cv := v.Interface().(constant.Value)
			scope.Insert(types.NewConst(token.NoPos, c.pkg, sym, untyped(cv), cv))
		case t.Kind() == reflect.Pointer && v.IsNil() && !v.CanAddr():
			if n, ok := c.typ(t.Elem()).(*types.Named); ok && n.Obj().Pkg() == c.pkg {
				scope.Insert(n.Obj())
			} else {
				scope.Insert(types.NewTypeName(token.NoPos, c.pkg, sym, c.typ(t.Elem())))
			}
		case v.CanAddr():
			scope.Insert(types.NewVar(token.NoPos, c.pkg, sym, c.typ(t)))
		case t.Kind() == reflect.Func:
			scope.Insert(types.NewFunc(token.NoPos, c.pkg, sym, c.typ(t).(*types.Signature)))
		default:
			if cv := constOf(v); cv != nil {
				scope.Insert(types.NewConst(token.NoPos, c.pkg, sym, c.typ(t), cv))
			} else {
				scope.Insert(types.NewVar(token.NoPos, c.pkg, sym, c.typ(t)))
			}
		}
	}
	c.pkg.MarkComplete()
	return c.pkg
}

var constantValue = reflect.TypeFor[constant.Value]()

// untyped returns the untyped type of a constant's kind.
func untyped(v constant.Value) types.Type {
	switch v.Kind() {
	case constant.Bool:
		return types.Typ[types.UntypedBool]
	case constant.String:
		return types.Typ[types.UntypedString]
	case constant.Float:
		return types.Typ[types.UntypedFloat]
	case constant.Complex:
		return types.Typ[types.UntypedComplex]
	}
	return types.Typ[types.UntypedInt]
}

// constOf returns the value of a typed constant of a basic kind.
func constOf(v reflect.Value) constant.Value {
	switch v.Kind() {
	case reflect.Bool:
		return constant.MakeBool(v.Bool())
	case reflect.String:
		return constant.MakeString(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return constant.MakeInt64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return constant.MakeUint64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return constant.MakeFloat64(v.Float())
	}
	return nil
}

type fromReflect struct {
	pkg   *types.Package
	im    types.Importer
	named map[reflect.Type]*types.Named
}

var basics = map[reflect.Kind]types.BasicKind{
	reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8, reflect.Int16: types.Int16,
	reflect.Int32: types.Int32, reflect.Int64: types.Int64, reflect.Uint: types.Uint, reflect.Uint8: types.Uint8,
	reflect.Uint16: types.Uint16, reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64,
	reflect.Uintptr: types.Uintptr, reflect.Float32: types.Float32, reflect.Float64: types.Float64,
	reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128, reflect.String: types.String,
	reflect.UnsafePointer: types.UnsafePointer,
}

// typ converts a reflect type.
func (c *fromReflect) typ(t reflect.Type) types.Type {
	if t.Name() == "" || t.PkgPath() == "" {
		if t.Name() != "" {
			if obj := types.Universe.Lookup(t.Name()); obj != nil {
				return obj.Type() // int, string, error, ...
			}
		}
		return c.under(t)
	}
	if n, ok := c.named[t]; ok {
		return n
	}
	if c.im != nil && t.PkgPath() != c.pkg.Path() {
		if p, err := c.im.Import(t.PkgPath()); err == nil {
			if tn, ok := p.Scope().Lookup(t.Name()).(*types.TypeName); ok {
				return tn.Type()
			}
		}
	}
	pkg := c.pkg
	if t.PkgPath() != c.pkg.Path() {
		pkg = types.NewPackage(t.PkgPath(), path.Base(t.PkgPath()))
	}
	n := types.NewNamed(types.NewTypeName(token.NoPos, pkg, t.Name(), nil), nil, nil)
	c.named[t] = n
	n.SetUnderlying(c.under(t))
	if t.Kind() != reflect.Interface {
		seen := map[string]bool{}
		for _, mt := range []reflect.Type{t, reflect.PointerTo(t)} {
			var recv types.Type = n
			if mt != t {
				recv = types.NewPointer(n)
			}
			for i := range mt.NumMethod() {
				m := mt.Method(i)
				if seen[m.Name] || !m.IsExported() {
					continue
				}
				seen[m.Name] = true
				sig := c.signature(m.Type, 1, types.NewParam(token.NoPos, pkg, "", recv))
				n.AddMethod(types.NewFunc(token.NoPos, pkg, m.Name, sig))
			}
		}
	}
	return n
}

// under converts the structure of a reflect type.
func (c *fromReflect) under(t reflect.Type) types.Type {
	if k, ok := basics[t.Kind()]; ok {
		return types.Typ[k]
	}
	switch t.Kind() {
	case reflect.Pointer:
		return types.NewPointer(c.typ(t.Elem()))
	case reflect.Slice:
		return types.NewSlice(c.typ(t.Elem()))
	case reflect.Array:
		return types.NewArray(c.typ(t.Elem()), int64(t.Len()))
	case reflect.Map:
		return types.NewMap(c.typ(t.Key()), c.typ(t.Elem()))
	case reflect.Chan:
		dir := types.SendRecv
		switch t.ChanDir() {
		case reflect.SendDir:
			dir = types.SendOnly
		case reflect.RecvDir:
			dir = types.RecvOnly
		}
		return types.NewChan(dir, c.typ(t.Elem()))
	case reflect.Func:
		return c.signature(t, 0, nil)
	case reflect.Interface:
		var ms []*types.Func
		for i := range t.NumMethod() {
			m := t.Method(i)
			ms = append(ms, types.NewFunc(token.NoPos, c.pkg, m.Name, c.signature(m.Type, 0, nil)))
		}
		return types.NewInterfaceType(ms, nil).Complete()
	case reflect.Struct:
		var fs []*types.Var
		var tags []string
		for i := range t.NumField() {
			f := t.Field(i)
			pkg := c.pkg
			if f.PkgPath != "" {
				pkg = types.NewPackage(f.PkgPath, path.Base(f.PkgPath))
			}
			fs = append(fs, types.NewField(token.NoPos, pkg, f.Name, c.typ(f.Type), f.Anonymous))
			tags = append(tags, string(f.Tag))
		}
		return types.NewStruct(fs, tags)
	}
	return types.Typ[types.Invalid]
}

// signature converts a func type, skipping its first skip parameters (a
// method's receiver) and giving it receiver recv.
func (c *fromReflect) signature(t reflect.Type, skip int, recv *types.Var) *types.Signature {
	var ps, rs []*types.Var
	for i := skip; i < t.NumIn(); i++ {
		ps = append(ps, types.NewParam(token.NoPos, c.pkg, "", c.typ(t.In(i))))
	}
	for i := range t.NumOut() {
		rs = append(rs, types.NewParam(token.NoPos, c.pkg, "", c.typ(t.Out(i))))
	}
	return types.NewSignatureType(recv, nil, nil, types.NewTuple(ps...), types.NewTuple(rs...), t.IsVariadic())
}
