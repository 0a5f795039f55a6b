package cell

import (
	"go/types"
	"strconv"
	"strings"
)

// typeString prints t as Go source that means t in the interpreter's
// source of the chunk being rewritten: packages by the name the cell (or
// an earlier one) imported them under, or a helper import; types of cells
// by their name in the interpreter.
func (r *rewriter) typeString(t types.Type) string {
	var b strings.Builder
	r.writeType(&b, t)
	return b.String()
}

// qualify returns the name under which the interpreter's source of the chunk
// can refer to package pkg ("" for the cells' own package main).
func (r *rewriter) qualify(pkg *types.Package) string {
	if pkg == nil || pkg.Path() == "main" {
		return ""
	}
	for _, s := range r.file.Imports {
		if pn := r.pkgNameOf(s); pn != nil && pn.Imported().Path() == pkg.Path() {
			return r.t.interpOf(pn)
		}
	}
	scope := r.t.pkg.Scope()
	best := ""
	for _, name := range scope.Names() {
		if pn, ok := scope.Lookup(name).(*types.PkgName); ok && pn.Imported().Path() == pkg.Path() {
			if n := r.t.interpOf(pn); best == "" || n == pkg.Name() {
				best = n
			}
		}
	}
	if best != "" {
		return best
	}
	if r.helpers.imports == nil {
		r.helpers.imports = map[string]string{}
	}
	name, ok := r.helpers.imports[pkg.Path()]
	if !ok {
		name = "_gonlm_" + strings.Map(func(c rune) rune {
			if c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				return c
			}
			return '_'
		}, pkg.Path())
		r.helpers.imports[pkg.Path()] = name
	}
	return name
}

// interpOf returns the name of obj in the interpreter.
func (t *typed) interpOf(obj types.Object) string {
	if n, ok := t.interp[obj]; ok {
		return n
	}
	return obj.Name()
}

func (r *rewriter) writeTypeName(b *strings.Builder, obj *types.TypeName, args *types.TypeList) {
	if q := r.qualify(obj.Pkg()); q != "" && obj.Parent() == obj.Pkg().Scope() {
		b.WriteString(q)
		b.WriteByte('.')
		b.WriteString(obj.Name())
	} else {
		b.WriteString(r.t.interpOf(obj))
	}
	if args.Len() > 0 {
		b.WriteByte('[')
		for i := range args.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			r.writeType(b, args.At(i))
		}
		b.WriteByte(']')
	}
}

func (r *rewriter) writeType(b *strings.Builder, t types.Type) {
	switch t := t.(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.UntypedInt:
			b.WriteString("int")
		case types.UntypedFloat:
			b.WriteString("float64")
		case types.UntypedRune:
			b.WriteString("rune")
		case types.UntypedString:
			b.WriteString("string")
		case types.UntypedBool:
			b.WriteString("bool")
		case types.UntypedComplex:
			b.WriteString("complex128")
		default:
			b.WriteString(t.Name())
		}
	case *types.Named:
		if pkg := t.Obj().Pkg(); pkg != nil && pkg.Path() == "iter" && t.TypeArgs().Len() > 0 {
			// iter.Seq and iter.Seq2 are generic types of a compiled
			// package, which yaegi v0.16.1 cannot have: their values
			// (made by the helpers of slices.go, or by compiled
			// functions) are written as their function types.
			r.writeType(b, t.Underlying())
			return
		}
		r.writeTypeName(b, t.Obj(), t.TypeArgs())
	case *types.Alias:
		if t.Obj().Pkg() == nil {
			b.WriteString(t.Obj().Name()) // any, byte, rune
			return
		}
		r.writeTypeName(b, t.Obj(), t.TypeArgs())
	case *types.TypeParam:
		b.WriteString(r.t.interpOf(t.Obj()))
	case *types.Pointer:
		b.WriteByte('*')
		r.writeType(b, t.Elem())
	case *types.Slice:
		b.WriteString("[]")
		r.writeType(b, t.Elem())
	case *types.Array:
		b.WriteString("[" + strconv.FormatInt(t.Len(), 10) + "]")
		r.writeType(b, t.Elem())
	case *types.Map:
		b.WriteString("map[")
		r.writeType(b, t.Key())
		b.WriteByte(']')
		r.writeType(b, t.Elem())
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			b.WriteString("chan<- ")
		case types.RecvOnly:
			b.WriteString("<-chan ")
		default:
			b.WriteString("chan ")
		}
		if c, ok := t.Elem().(*types.Chan); ok && c.Dir() == types.RecvOnly && t.Dir() != types.RecvOnly {
			b.WriteByte('(')
			r.writeType(b, t.Elem())
			b.WriteByte(')')
			return
		}
		r.writeType(b, t.Elem())
	case *types.Signature:
		b.WriteString("func")
		r.writeSignature(b, t)
	case *types.Struct:
		b.WriteString("struct{")
		for i := range t.NumFields() {
			if i > 0 {
				b.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				b.WriteString(f.Name())
				b.WriteByte(' ')
			}
			r.writeType(b, f.Type())
			if tag := t.Tag(i); tag != "" {
				b.WriteByte(' ')
				b.WriteString(strconv.Quote(tag))
			}
		}
		b.WriteByte('}')
	case *types.Interface:
		if t.Empty() {
			b.WriteString("interface{}")
			return
		}
		b.WriteString("interface{")
		n := 0
		for i := range t.NumExplicitMethods() {
			if n > 0 {
				b.WriteString("; ")
			}
			n++
			m := t.ExplicitMethod(i)
			b.WriteString(m.Name())
			r.writeSignature(b, m.Type().(*types.Signature))
		}
		for i := range t.NumEmbeddeds() {
			if n > 0 {
				b.WriteString("; ")
			}
			n++
			r.writeType(b, t.EmbeddedType(i))
		}
		b.WriteByte('}')
	case *types.Union:
		for i := range t.Len() {
			if i > 0 {
				b.WriteString(" | ")
			}
			if t.Term(i).Tilde() {
				b.WriteByte('~')
			}
			r.writeType(b, t.Term(i).Type())
		}
	case *types.Tuple:
		b.WriteByte('(')
		for i := range t.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			r.writeType(b, t.At(i).Type())
		}
		b.WriteByte(')')
	default:
		b.WriteString(t.String())
	}
}

// writeSignature writes a signature's parameters and results.
func (r *rewriter) writeSignature(b *strings.Builder, s *types.Signature) {
	b.WriteByte('(')
	for i := range s.Params().Len() {
		if i > 0 {
			b.WriteString(", ")
		}
		t := s.Params().At(i).Type()
		if s.Variadic() && i == s.Params().Len()-1 {
			b.WriteString("...")
			t = t.(*types.Slice).Elem()
		}
		r.writeType(b, t)
	}
	b.WriteByte(')')
	switch s.Results().Len() {
	case 0:
	case 1:
		b.WriteByte(' ')
		r.writeType(b, s.Results().At(0).Type())
	default:
		b.WriteByte(' ')
		r.writeType(b, s.Results())
	}
}
