package cell

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"strings"
)

// kind is the front end's coarse guess of an expression's type.
type kind int

const (
	kUnknown kind = iota
	kInt
	kFloat
	kString
	kBool
	kFunc
	kOther
)

// scope is what the front end knows about names: a flat map (no block
// scoping; a name given two different kinds becomes unknown) of the cell's
// own declarations, backed by earlier cells and the Resolver.
type scope struct {
	names    map[string]kind   // variables, constants and funcs
	results  map[string]kind   // func name → kind of its first result
	types    map[string]kind   // type name → kind of its underlying type
	generics map[string]bool   // generic func → has a type-set constraint
	top      map[string]bool   // names declared at the cell's top level
	fsig     map[string]string // name → printed func type of its value (func literals, func decls)
	fres     map[string]string // func name → printed func type of its first result, when a func type
	// rtypes holds the compiled types of the cell's own variables, where the
	// Resolver can derive them (v := m.Values(); r, c := v.Dims()); nil
	// where unknown or where one name is given two types.
	rtypes map[string]reflect.Type
	front  *Front
}

func newScope(f *Front) *scope {
	return &scope{names: map[string]kind{}, results: map[string]kind{}, types: map[string]kind{}, generics: map[string]bool{}, top: map[string]bool{}, fsig: map[string]string{}, fres: map[string]string{}, rtypes: map[string]reflect.Type{}, front: f}
}

// setType records the compiled type of the cell variable name (nil:
// unknown); a conflicting second type makes it unknown.
func (s *scope) setType(name string, t reflect.Type) {
	if name == "_" || name == "" {
		return
	}
	if old, ok := s.rtypes[name]; ok && old != t {
		t = nil
	}
	s.rtypes[name] = t
}

// typeOf returns the type a type expression denotes, for predeclared types
// and the compiled types the Resolver knows (*mat.Dense, []float64,
// nlm.Samples), or nil.
func (s *scope) typeOf(t ast.Expr) reflect.Type {
	switch t := t.(type) {
	case *ast.ParenExpr:
		return s.typeOf(t.X)
	case *ast.StarExpr:
		if e := s.typeOf(t.X); e != nil {
			return reflect.PointerTo(e)
		}
	case *ast.ArrayType:
		if e := s.typeOf(t.Elt); e != nil && t.Len == nil {
			return reflect.SliceOf(e)
		}
	case *ast.Ident:
		if _, shadowed := s.types[t.Name]; !shadowed {
			return predeclared[t.Name]
		}
	case *ast.SelectorExpr:
		if id, ok := t.X.(*ast.Ident); ok && s.front.opt.Resolver != nil {
			if rt, ok := s.front.opt.Resolver.MemberType(id.Name, t.Sel.Name); ok {
				return rt
			}
		}
	}
	return nil
}

// predeclared are the predeclared types typeOf knows.
var predeclared = map[string]reflect.Type{
	"int": reflect.TypeFor[int](), "int64": reflect.TypeFor[int64](), "float64": reflect.TypeFor[float64](),
	"float32": reflect.TypeFor[float32](), "string": reflect.TypeFor[string](), "bool": reflect.TypeFor[bool](),
	"byte": reflect.TypeFor[byte](), "rune": reflect.TypeFor[rune](), "error": reflect.TypeFor[error](),
}

// set records name with kind k; a conflicting second kind makes it unknown.
func (s *scope) set(name string, k kind) {
	if name == "_" || name == "" {
		return
	}
	if old, ok := s.names[name]; ok && old != k {
		k = kUnknown
	}
	s.names[name] = k
}

// lookup returns the kind of an identifier.
func (s *scope) lookup(name string) kind {
	if k, ok := s.names[name]; ok {
		return k
	}
	switch name {
	case "true", "false":
		return kBool
	case "nil":
		return kOther
	}
	if r := s.front.opt.Resolver; r != nil {
		if t, ok := r.GlobalType(name); ok && t != nil {
			return reflectKind(t)
		}
	}
	if k, ok := s.front.names[name]; ok {
		return k
	}
	return kUnknown
}

// reflectKind maps a reflect type to a kind.
func reflectKind(t reflect.Type) kind {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kInt
	case reflect.Float32, reflect.Float64:
		return kFloat
	case reflect.String:
		return kString
	case reflect.Bool:
		return kBool
	case reflect.Func:
		return kFunc
	}
	return kOther
}

// typeKind returns the kind of a type expression.
func (s *scope) typeKind(t ast.Expr) kind {
	switch t := t.(type) {
	case *ast.Ident:
		switch t.Name {
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune":
			return kInt
		case "float32", "float64":
			return kFloat
		case "string":
			return kString
		case "bool":
			return kBool
		}
		if k, ok := s.types[t.Name]; ok {
			return k
		}
		if k, ok := s.front.types()[t.Name]; ok {
			return k
		}
		return kUnknown
	case *ast.ParenExpr:
		return s.typeKind(t.X)
	case *ast.FuncType:
		return kFunc
	case *ast.SelectorExpr:
		// A compiled named type such as time.Duration: ask the resolver.
		if rt := s.typeOf(t); rt != nil {
			return reflectKind(rt)
		}
		return kUnknown
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.StructType, *ast.StarExpr, *ast.InterfaceType:
		return kOther
	}
	return kUnknown
}

// isConst reports whether e is built from numeric literals only.
func isConst(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.INT || e.Kind == token.FLOAT || e.Kind == token.CHAR
	case *ast.ParenExpr:
		return isConst(e.X)
	case *ast.UnaryExpr:
		return (e.Op == token.SUB || e.Op == token.ADD) && isConst(e.X)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO:
			return isConst(e.X) && isConst(e.Y)
		}
	}
	return false
}

// exprKind guesses the kind of e.
func (s *scope) exprKind(e ast.Expr) kind {
	k := s.exprKind1(e)
	if k == kUnknown {
		if t := s.rtype(e); t != nil {
			return reflectKind(t)
		}
	}
	return k
}

// rtype returns the reflect type of e when it can be derived from the
// Resolver: globals, package members, and fields, methods and calls reached
// from them (m.Dims(), m.RawMatrix().Rows). It returns nil otherwise.
func (s *scope) rtype(e ast.Expr) reflect.Type {
	r := s.front.opt.Resolver
	if r == nil {
		return nil
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return s.rtype(e.X)
	case *ast.Ident:
		if _, local := s.names[e.Name]; local {
			return s.rtypes[e.Name]
		}
		if t, ok := r.GlobalType(e.Name); ok {
			return t
		}
	case *ast.CompositeLit:
		return s.typeOf(e.Type)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			if lit, ok := e.X.(*ast.CompositeLit); ok {
				if t := s.typeOf(lit.Type); t != nil {
					return reflect.PointerTo(t)
				}
			}
		}
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if _, local := s.names[id.Name]; !local {
				if _, global := r.GlobalType(id.Name); !global {
					if t, ok := r.MemberType(id.Name, e.Sel.Name); ok {
						return t
					}
					return nil
				}
			}
		}
		return memberOf(s.rtype(e.X), e.Sel.Name)
	case *ast.CallExpr:
		ft := s.rtype(e.Fun)
		if ft != nil && ft.Kind() == reflect.Func && ft.NumOut() > 0 {
			return ft.Out(0)
		}
	}
	return nil
}

// memberOf returns the type of field or method name of a value of type t
// (methods as func types without the receiver), or nil.
func memberOf(t reflect.Type, name string) reflect.Type {
	if t == nil {
		return nil
	}
	for _, mt := range []reflect.Type{t, reflect.PointerTo(t)} {
		if m, ok := mt.MethodByName(name); ok {
			if mt.Kind() == reflect.Interface {
				return m.Type
			}
			in := make([]reflect.Type, 0, m.Type.NumIn())
			for i := 1; i < m.Type.NumIn(); i++ {
				in = append(in, m.Type.In(i))
			}
			out := make([]reflect.Type, 0, m.Type.NumOut())
			for i := 0; i < m.Type.NumOut(); i++ {
				out = append(out, m.Type.Out(i))
			}
			return reflect.FuncOf(in, out, m.Type.IsVariadic())
		}
	}
	st := t
	for st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		if f, ok := st.FieldByName(name); ok {
			return f.Type
		}
	}
	return nil
}

// resultKinds returns the kinds of the results of a call, when the
// Resolver types it (for x, y := m.Dims()).
func (s *scope) resultKinds(e ast.Expr) []kind {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return nil
	}
	ft := s.rtype(c.Fun)
	if ft == nil || ft.Kind() != reflect.Func {
		return nil
	}
	ks := make([]kind, ft.NumOut())
	for i := range ks {
		ks[i] = reflectKind(ft.Out(i))
	}
	return ks
}

// resultType returns the type of result k of call e, when the Resolver
// types the call, or nil.
func (s *scope) resultType(e ast.Expr, k int) reflect.Type {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return nil
	}
	ft := s.rtype(c.Fun)
	if ft == nil || ft.Kind() != reflect.Func || k >= ft.NumOut() {
		return nil
	}
	return ft.Out(k)
}

// exprKind1 is exprKind without the Resolver fallback.
func (s *scope) exprKind1(e ast.Expr) kind {
	switch e := e.(type) {
	case *ast.BasicLit:
		switch e.Kind {
		case token.INT, token.CHAR:
			return kInt
		case token.FLOAT:
			return kFloat
		case token.STRING:
			return kString
		}
		return kOther
	case *ast.Ident:
		return s.lookup(e.Name)
	case *ast.ParenExpr:
		return s.exprKind(e.X)
	case *ast.FuncLit:
		return kFunc
	case *ast.CompositeLit:
		return kOther
	case *ast.UnaryExpr:
		switch e.Op {
		case token.SUB, token.ADD, token.XOR:
			return s.exprKind(e.X)
		case token.NOT:
			return kBool
		case token.AND:
			return kOther
		}
		return kUnknown
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return kBool
		case token.SHL, token.SHR:
			return s.exprKind(e.X)
		}
		x, y := s.exprKind(e.X), s.exprKind(e.Y)
		// An untyped constant takes the other operand's kind.
		switch {
		case isConst(e.X) && !isConst(e.Y):
			if x == kFloat && y == kInt {
				return kUnknown // 1.5 * n: only valid if n is not an int
			}
			return y
		case isConst(e.Y) && !isConst(e.X):
			if y == kFloat && x == kInt {
				return kUnknown
			}
			return x
		case x == y:
			return x
		case x == kFloat && y == kInt && isConst(e.Y), y == kFloat && x == kInt && isConst(e.X):
			return kFloat
		}
		return kUnknown
	case *ast.CallExpr:
		return s.callKind(e)
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok && s.lookup(x.Name) == kUnknown {
			if r := s.front.opt.Resolver; r != nil {
				if t, ok := r.MemberType(x.Name, e.Sel.Name); ok && t != nil {
					return reflectKind(t)
				}
			}
		}
	}
	return kUnknown
}

// callKind guesses the kind of a call's (first) result.
func (s *scope) callKind(c *ast.CallExpr) kind {
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		if _, local := s.names[fn.Name]; !local {
			switch fn.Name {
			case "len", "cap", "copy":
				return kInt
			case "min", "max":
				for _, a := range c.Args {
					if k := s.exprKind(a); k != kUnknown && !isConst(a) {
						return k
					}
				}
				if len(c.Args) > 0 {
					return s.exprKind(c.Args[0])
				}
			case "real", "imag":
				return kFloat
			}
		}
		if k := s.typeKind(fn); k != kUnknown {
			return k // a conversion such as int(x)
		}
		if k, ok := s.results[fn.Name]; ok {
			return k
		}
		if k, ok := s.front.results()[fn.Name]; ok {
			return k
		}
	case *ast.FuncLit:
		if fn.Type.Results != nil && len(fn.Type.Results.List) > 0 {
			return s.typeKind(fn.Type.Results.List[0].Type)
		}
	case *ast.ParenExpr:
		return s.typeKind(fn.X)
	case *ast.SelectorExpr:
		x, ok := fn.X.(*ast.Ident)
		if !ok || s.lookup(x.Name) != kUnknown {
			return kUnknown
		}
		if r := s.front.opt.Resolver; r != nil {
			if t, ok := r.MemberType(x.Name, fn.Sel.Name); ok && t != nil {
				if t.Kind() == reflect.Func && t.NumOut() > 0 {
					return reflectKind(t.Out(0))
				}
				if t.Kind() != reflect.Func {
					return reflectKind(t) // a conversion to a compiled named type
				}
			}
		}
	}
	return kUnknown
}

// learnTopLevel collects the kinds of every name the cell declares (at any
// depth: the scope is flat) and the generic functions it declares.
func (f *Front) learnTopLevel(c *Cell) *scope {
	s := newScope(f)
	// Types first, so that var x myint is typed.
	for _, d := range c.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			for _, sp := range g.Specs {
				ts := sp.(*ast.TypeSpec)
				s.types[ts.Name.Name] = s.typeKind(ts.Type)
			}
		}
	}
	for _, d := range c.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			s.set(fd.Name.Name, kFunc)
			s.top[fd.Name.Name] = true
			s.fsig[fd.Name.Name] = exprString(fd.Type)
			if fd.Type.Results != nil && len(fd.Type.Results.List) == 1 {
				if rt, ok := fd.Type.Results.List[0].Type.(*ast.FuncType); ok {
					s.fres[fd.Name.Name] = exprString(rt)
				}
			}
			if fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
				s.results[fd.Name.Name] = s.typeKind(fd.Type.Results.List[0].Type)
			}
			if fd.Type.TypeParams != nil {
				s.generics[fd.Name.Name] = hasTypeSet(fd.Type.TypeParams)
			}
		}
	}
	visit := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for k, name := range n.Names {
				if ft, ok := n.Type.(*ast.FuncType); ok {
					s.fsig[name.Name] = exprString(ft)
				} else if len(n.Values) == len(n.Names) {
					if fl, ok := n.Values[k].(*ast.FuncLit); ok {
						s.fsig[name.Name] = exprString(fl.Type)
					}
				}
				switch {
				case n.Type != nil:
					s.set(name.Name, s.typeKind(n.Type))
					s.setType(name.Name, s.typeOf(n.Type))
				case len(n.Values) == len(n.Names):
					s.set(name.Name, s.exprKind(n.Values[k]))
					s.setType(name.Name, s.rtype(n.Values[k]))
				default:
					s.set(name.Name, kUnknown)
					s.setType(name.Name, nil)
				}
			}
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				break
			}
			for k, l := range n.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				switch ks := s.resultKinds(n.Rhs[0]); {
				case len(n.Rhs) == len(n.Lhs):
					s.set(id.Name, s.exprKind(n.Rhs[k]))
					s.setType(id.Name, s.rtype(n.Rhs[k]))
					if fl, ok := n.Rhs[k].(*ast.FuncLit); ok {
						s.fsig[id.Name] = exprString(fl.Type)
					}
				case len(n.Rhs) == 1 && len(ks) == len(n.Lhs):
					s.set(id.Name, ks[k])
					s.setType(id.Name, s.resultType(n.Rhs[0], k))
				default:
					s.set(id.Name, kUnknown)
					s.setType(id.Name, nil)
				}
			}
		case *ast.FuncType:
			for _, fl := range []*ast.FieldList{n.Params, n.Results} {
				if fl == nil {
					continue
				}
				for _, fld := range fl.List {
					for _, name := range fld.Names {
						s.set(name.Name, s.typeKind(fld.Type))
						s.setType(name.Name, s.typeOf(fld.Type))
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				xk := s.exprKind(n.X)
				if id, ok := n.Key.(*ast.Ident); ok {
					if xk == kInt || xk == kOther || xk == kString {
						s.set(id.Name, kInt) // int, index of slice/array/string; map keys are a guess
					} else {
						s.set(id.Name, kUnknown)
					}
					s.setType(id.Name, nil)
				}
				if id, ok := n.Value.(*ast.Ident); ok {
					s.set(id.Name, kUnknown)
					s.setType(id.Name, nil)
				}
			}
		}
		return true
	}
	for _, d := range c.Decls {
		if g, ok := d.(*ast.GenDecl); ok && (g.Tok == token.VAR || g.Tok == token.CONST) {
			for _, sp := range g.Specs {
				for _, n := range sp.(*ast.ValueSpec).Names {
					s.top[n.Name] = true
				}
			}
		}
		ast.Inspect(d, visit)
	}
	for _, st := range c.Stmts {
		if a, ok := st.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
			for _, l := range a.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					s.top[id.Name] = true
				}
			}
		}
		ast.Inspect(st, visit)
	}
	return s
}

// hasTypeSet reports whether a type parameter list has a constraint other
// than any or comparable (an interface with a type set, e.g. ~int | ~float64,
// or a named constraint such as cmp.Ordered).
func hasTypeSet(tp *ast.FieldList) bool {
	for _, f := range tp.List {
		switch c := f.Type.(type) {
		case *ast.Ident:
			if c.Name != "any" && c.Name != "comparable" {
				return true
			}
		case *ast.InterfaceType:
			if c.Methods != nil {
				for _, m := range c.Methods.List {
					if len(m.Names) == 0 { // an embedded element: a type set
						return true
					}
				}
			}
		default:
			return true
		}
	}
	return false
}

// learnGenerics remembers the cell's generic functions for later cells.
func (f *Front) learnGenerics(c *Cell) {
	for _, d := range c.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			if fd.Type.TypeParams != nil {
				f.generics[fd.Name.Name] = hasTypeSet(fd.Type.TypeParams)
			} else {
				delete(f.generics, fd.Name.Name)
			}
		}
	}
}

// yieldParams returns the printed parameter types of the yield function of
// the iterator e (a func(yield func(T...) bool)), when they are known.
func (s *scope) yieldParams(e ast.Expr) ([]string, bool) {
	if t := s.rtype(e); t != nil {
		if t.Kind() != reflect.Func || t.NumIn() != 1 || t.In(0).Kind() != reflect.Func {
			return nil, false
		}
		y := t.In(0)
		if y.NumOut() != 1 || y.Out(0).Kind() != reflect.Bool || y.NumIn() > 2 {
			return nil, false
		}
		out := make([]string, y.NumIn())
		for i := range out {
			out[i] = y.In(i).String()
		}
		return out, true
	}
	var sig string
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return yieldOf(e.Type)
	case *ast.Ident:
		sig = s.fsig[e.Name]
		if sig == "" {
			sig = s.front.fsig[e.Name]
		}
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok {
			sig = s.fres[id.Name]
			if sig == "" {
				sig = s.front.fres[id.Name]
			}
		}
	}
	if sig == "" {
		return nil, false
	}
	x, err := parser.ParseExpr(sig)
	if err != nil {
		return nil, false
	}
	ft, ok := x.(*ast.FuncType)
	if !ok {
		return nil, false
	}
	return yieldOf(ft)
}

// yieldOf returns the yield parameter types of an iterator func type.
func yieldOf(ft *ast.FuncType) ([]string, bool) {
	if ft.Params == nil || len(ft.Params.List) != 1 || len(ft.Params.List[0].Names) > 1 {
		return nil, false
	}
	y, ok := ft.Params.List[0].Type.(*ast.FuncType)
	if !ok || y.Results == nil || len(y.Results.List) != 1 {
		return nil, false
	}
	var out []string
	for _, f := range y.Params.List {
		t := exprString(f.Type)
		if t == "" {
			return nil, false
		}
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for range n {
			out = append(out, t)
		}
	}
	if len(out) > 2 {
		return nil, false
	}
	return out, true
}

// exprString prints a type expression.
func exprString(e ast.Expr) string {
	var b strings.Builder
	if err := printer.Fprint(&b, token.NewFileSet(), e); err != nil {
		return ""
	}
	return b.String()
}
