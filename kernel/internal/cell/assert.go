package cell

import (
	"go/ast"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// Type assertions and type switches to interfaces.
//
// yaegi v0.16.1 gets them wrong in many ways: a type switch case error
// does not match the error errors.New made when the operand is an any; an
// assertion of an any holding a cell's value to a cell's interface, or to
// error or fmt.Stringer, is false, gives a nil value ("reflect: Method on
// nil interface value") or silently ends the function. Assertions to
// concrete types, and comma-ok assertions of an any to *T, work. So the
// front end writes every assertion to a non-empty interface I as a
// function literal that tries, in order:
//
//   - the cells' named types that implement I (T and *T), through a
//     registry of I: a global slice of functions
//     func(v any, dst any) bool { w, ok := v.(T); if ok { *dst.(*I) = w }; return ok },
//     one per type, which grows when a later cell declares a type (or a
//     method) that implements I, so an assertion in a function declared
//     before the type sees it;
//   - for a compiled interface I (error, fmt.Stringer, io.Reader), the
//     compiled _gonlm.AssertTo, which sets a variable of type I to v when
//     v's compiled dynamic type implements I; for an interface a cell
//     declared, _gonlm.NotInterpreted, which refuses at run time (with an
//     explanation) a compiled value that has I's methods, since the
//     interpreter cannot make such an I.
//
//	v, ok := x.(I)  →  v, ok := func(_gonlm_v any) (I, bool) { var _gonlm_x I; for _, _gonlm_f := range _gonlm_reg1 { if _gonlm_f(_gonlm_v, &_gonlm_x) { return _gonlm_x, true } }; return _gonlm_x, _gonlm.AssertTo(&_gonlm_x, _gonlm_v) }(x)
//
// A type switch with an interface case becomes an expression switch whose
// cases test the types in order, each clause binding its variable:
//
//	switch x := v.(type) { case int: A; case error: B; default: C }
//	→ switch _tv1_ := v; { case func() bool { _, ok := _tv1_.(int); return ok }(): x := _tv1_.(int); A
//	                       case func() bool { _, ok := ASSERT_error(_tv1_); return ok }(): x, _ := ASSERT_error(_tv1_); B
//	                       default: x := _tv1_; C }
//
// (break still leaves the switch). Local types (declared inside
// functions) and generic types are not in the registries.

// ifaceReg is the registry of the cells' types that implement one
// interface.
type ifaceReg struct {
	name  string
	iface types.Type
	// alias names an interface literal (type _gonlm_iN = interface{...},
	// declared with the registry): yaegi v0.16.1 treats two literals of
	// the same interface as different types, so *dst.(*interface{...})
	// fails; "" for a named interface.
	alias   string
	literal string // the literal, as the alias's declaration writes it
	// ran is set once the chunk declaring the registry ran; done holds
	// the types whose registrations ran.
	ran  bool
	done map[regKey]bool
}

// regKey is a registered type: a named type of the cells, or a pointer to
// it.
type regKey struct {
	tn  *types.TypeName
	ptr bool
}

// registry returns the registry of interface t, creating it (declared by
// a helper chunk of the cell) if none exists.
func (f *Front) registry(t types.Type, h *helperSet, literal string) *ifaceReg {
	for _, g := range f.regs {
		if types.Identical(g.iface, t) {
			if !g.ran && !h.declares(g) {
				h.regs = append(h.regs, g)
			}
			return g
		}
	}
	f.seq++
	g := &ifaceReg{name: "_gonlm_reg" + strconv.Itoa(f.seq), iface: t, done: map[regKey]bool{}}
	if _, named := t.(*types.Named); !named && !mentionsMain(t) {
		g.alias, g.literal = "_gonlm_i"+strconv.Itoa(f.seq), literal
	}
	f.regs = append(f.regs, g)
	h.regs = append(h.regs, g)
	return g
}

func (h *helperSet) declares(g *ifaceReg) bool {
	for _, x := range h.regs {
		if x == g {
			return true
		}
	}
	return false
}

// mentionsMain reports whether t names a type of the cells (package main).
func mentionsMain(t types.Type) bool {
	found := false
	var walk func(t types.Type)
	seen := map[types.Type]bool{}
	walk = func(t types.Type) {
		if found || t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Named:
			if t.Obj().Pkg() != nil && t.Obj().Pkg().Path() == "main" {
				found = true
			}
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Signature:
			for i := range t.Params().Len() {
				walk(t.Params().At(i).Type())
			}
			for i := range t.Results().Len() {
				walk(t.Results().At(i).Type())
			}
		case *types.Interface:
			for i := range t.NumMethods() {
				walk(t.Method(i).Type())
			}
		case *types.Struct:
			for i := range t.NumFields() {
				walk(t.Field(i).Type())
			}
		}
	}
	walk(t)
	return found
}

// ifaceText returns how the interpreter's source names the interface of
// registry g.
func (r *rewriter) ifaceText(g *ifaceReg) string {
	if g.alias != "" {
		return g.alias
	}
	return r.typeString(g.iface)
}

// nonEmptyInterface reports whether t is an interface type with methods
// (not a type parameter).
func nonEmptyInterface(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := t.(*types.TypeParam); ok {
		return false
	}
	it, ok := t.Underlying().(*types.Interface)
	return ok && !it.Empty() && it.IsMethodSet()
}

// compiledInterface reports whether t is an interface of a compiled
// package (or error): a variable of it is a real Go interface in yaegi,
// which compiled code can set.
func compiledInterface(t types.Type) bool {
	switch t := t.(type) {
	case *types.Named:
		return t.Obj().Pkg() == nil || t.Obj().Pkg().Path() != "main"
	case *types.Alias:
		return compiledInterface(types.Unalias(t))
	}
	return false
}

// goTypeName is Go's name for t in runtime messages (main.Named, error).
func goTypeName(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// assertFunc returns the text of the function literal that asserts its
// argument to interface t: comma-ok (results (T, bool)) or not (result T,
// panicking as Go does).
func (r *rewriter) assertFunc(t types.Type, commaOK bool) string {
	return r.assertFuncHook(t, commaOK, "")
}

// assertFuncHook is assertFunc with hook (when not "") as the test for
// values that no registry matches.
func (r *rewriter) assertFuncHook(t types.Type, commaOK bool, hook string) string {
	reg := r.front.registry(t, r.helpers, r.typeString(t))
	ts := r.ifaceText(reg)
	switch {
	case hook != "":
	case compiledInterface(t):
		hook = "(_gonlm.AssertTo(&_gonlm_x, _gonlm_v) || _gonlm.Lost(_gonlm_v, " + strconv.Quote(goTypeName(t)) + "))"
	default:
		it := t.Underlying().(*types.Interface)
		ms := make([]string, it.NumMethods())
		for i := range ms {
			ms[i] = strconv.Quote(it.Method(i).Name())
		}
		hook = "_gonlm.NotInterpreted(_gonlm_v, " + strconv.Quote(goTypeName(t)) + ", " + strings.Join(ms, ", ") + ")"
	}
	loop := "var _gonlm_x " + ts + "; for _, _gonlm_f := range " + reg.name + " { if _gonlm_f(_gonlm_v, &_gonlm_x) { return _gonlm_x"
	if commaOK {
		return "func(_gonlm_v any) (" + ts + ", bool) { " + loop + ", true } }; return _gonlm_x, " + hook + " }"
	}
	return "func(_gonlm_v any) " + ts + " { " + loop + " } }; if " + hook + " { return _gonlm_x }; panic(_gonlm.AssertFailed(_gonlm_v, " + strconv.Quote(goTypeName(t)) + ")) }"
}

// unwrapAssert returns the statements that assert _gonlm_v to the cell
// type ts into _gonlm_w, _gonlm_ok, also when _gonlm_v is yaegi's wrapper
// of the value in a compiled interface (the wrapper holds the value
// without its type: the assertion is then structural, as yaegi's own).
// yaegi's comma-ok assertion to a concrete type compares reflect types,
// so a type of the cells shares its matches with the types of the same
// representation (an any holding 2 asserts to type K int): a
// limitation the rewrite keeps (a type switch, exact in yaegi for the
// values it keeps typed, loses the type of values passed as any
// parameters).
func unwrapAssert(ts string) string {
	return "_gonlm_w, _gonlm_ok := _gonlm_v.(" + ts + "); if !_gonlm_ok { if _gonlm_u, _gonlm_wr := _gonlm.Unwrap(_gonlm_v); _gonlm_wr { _gonlm_w, _gonlm_ok = _gonlm_u.(" + ts + ") } }"
}

// lostValue checks, before the cell runs, an assertion of an operand of
// type s to t: yaegi v0.16.1 wraps a value of a non-pointer type a cell
// declared when it becomes a compiled interface (error) and cannot assert
// it back (the wrapper holds neither its type nor, for some types, its
// value): x.(T) and case T are refused for such a T.
func (r *rewriter) lostValue(n ast.Node, s, t types.Type) error {
	if !wrapsCellValues(s) {
		return nil
	}
	if nonEmptyInterface(t) {
		// An interface: refused when a non-pointer type of the cells
		// is in s and may be in t.
		si, _ := s.Underlying().(*types.Interface)
		ti, _ := t.Underlying().(*types.Interface)
		if si == nil || ti == nil || types.Implements(types.NewPointer(types.NewStruct(nil, nil)), ti) {
			return nil
		}
		for _, view := range []map[string]Entry{r.front.view, r.t.defs} {
			for _, e := range view {
				tn, ok := e.Obj.(*types.TypeName)
				if !ok || tn.Pkg() == nil || tn.Pkg().Path() != "main" || types.IsInterface(tn.Type()) {
					continue
				}
				if n, ok := tn.Type().(*types.Named); !ok || n.TypeParams().Len() > 0 {
					continue
				}
				if types.Implements(tn.Type(), si) && types.Implements(tn.Type(), ti) && !types.Implements(si, ti) {
					name := tn.Name()
					return r.errorAt(n, "the interpreter cannot tell whether a value of the interface %s satisfies %s when it holds a %s: yaegi v0.16.1 keeps a value of a non-pointer type declared in a cell only as a wrapper without its type and other methods once it is in an interface of a compiled package; declare %s's methods with pointer receivers (func (e *%s) ...) and make values with &%s{...}", goTypeName(s), goTypeName(t), name, name, name, name)
				}
			}
		}
		return nil
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "main" || types.IsInterface(t) {
		return nil
	}
	if it, ok := s.Underlying().(*types.Interface); ok && types.Implements(t, it) {
		name := named.Obj().Name()
		return r.errorAt(n, "the interpreter cannot assert a value of the interface %s back to %s: yaegi v0.16.1 keeps a value of a non-pointer type declared in a cell only as a wrapper without its type once it is in an interface of a compiled package; declare %s's methods with pointer receivers (func (e *%s) ...), make values with &%s{...} and assert to *%s", goTypeName(s), name, name, name, name, name)
	}
	return nil
}

// concreteFunc returns the function literal that asserts its argument to
// the cell type t (not an interface), comma-ok or not, seeing through
// yaegi's wrappers (yaegi asserts an error holding a cell's value to the
// value's type only for pointer types, and never in a type switch).
func (r *rewriter) concreteFunc(t types.Type, commaOK bool) string {
	ts := r.typeString(t)
	if commaOK {
		return "func(_gonlm_v any) (" + ts + ", bool) { " + unwrapAssert(ts) + "; return _gonlm_w, _gonlm_ok }"
	}
	return "func(_gonlm_v any) " + ts + " { " + unwrapAssert(ts) + "; if !_gonlm_ok { _ = _gonlm_v.(" + ts + ") }; return _gonlm_w }"
}

// wrapsCellValues reports whether values of operand type t may be yaegi's
// wrappers of cell values: t is an interface of a compiled package.
func wrapsCellValues(t types.Type) bool {
	return t != nil && types.IsInterface(t) && compiledInterface(t) && nonEmptyInterface(t)
}

// typeAssert rewrites x.(I), I a non-empty interface (see above).
func (r *rewriter) typeAssert(n *ast.TypeAssertExpr, parent ast.Node) error {
	if n.Type == nil {
		return nil // x.(type) of a type switch
	}
	t := r.t.info.Types[n.Type].Type
	if err := r.lostValue(n, r.t.info.Types[n.X].Type, t); err != nil {
		return err
	}
	concrete := !types.IsInterface(t) && mentionsMain(t) && wrapsCellValues(r.t.info.Types[n.X].Type)
	if !nonEmptyInterface(t) && !concrete {
		return nil
	}
	commaOK := false
	switch p := parent.(type) {
	case *ast.AssignStmt:
		commaOK = len(p.Lhs) == 2 && len(p.Rhs) == 1 && p.Rhs[0] == n
	case *ast.ValueSpec:
		commaOK = len(p.Names) == 2 && len(p.Values) == 1 && p.Values[0] == n
	}
	x := r.takeNode(n.X)
	start, end := r.off(n.Pos()), r.off(n.End())
	r.take(start, end)
	if concrete {
		r.replace(start, end, r.concreteFunc(t, commaOK)+"("+x+")")
		return nil
	}
	r.replace(start, end, r.assertFunc(t, commaOK)+"("+x+")")
	return nil
}

// typeSwitch rewrites a type switch that has a case of a non-empty
// interface type into an expression switch (see above).
func (r *rewriter) typeSwitch(n *ast.TypeSwitchStmt, parent ast.Node) error {
	var ta0 *ast.TypeAssertExpr
	switch a := n.Assign.(type) {
	case *ast.AssignStmt:
		ta0, _ = a.Rhs[0].(*ast.TypeAssertExpr)
	case *ast.ExprStmt:
		ta0, _ = a.X.(*ast.TypeAssertExpr)
	}
	if ta0 == nil {
		return nil
	}
	// yaegi matches no case of a cell's type when the operand is a
	// compiled interface (error).
	wrapped := wrapsCellValues(r.t.info.Types[ta0.X].Type)
	needed := false
	for _, s := range n.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			if err := r.lostValue(e, r.t.info.Types[ta0.X].Type, r.t.info.Types[e].Type); err != nil {
				return err
			}
		}
	}
	for _, s := range n.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			if tv := r.t.info.Types[e]; !tv.IsNil() && (nonEmptyInterface(tv.Type) || wrapped && mentionsMain(tv.Type)) {
				needed = true
			}
		}
	}
	if !needed {
		return nil
	}
	var bind *ast.Ident
	var ta *ast.TypeAssertExpr
	switch a := n.Assign.(type) {
	case *ast.AssignStmt:
		bind = a.Lhs[0].(*ast.Ident)
		ta = a.Rhs[0].(*ast.TypeAssertExpr)
	case *ast.ExprStmt:
		ta = a.X.(*ast.TypeAssertExpr)
	default:
		return nil
	}
	if n.Init != nil && isLabeled(parent) {
		return r.errorAt(n, "the interpreter cannot run this labeled type switch with an init statement and an interface case (yaegi v0.16.1 gets type switches to interfaces wrong, and the front end rewrites them); move the init statement before the switch")
	}
	tv := r.fresh("tv")
	x := r.takeNode(ta.X)
	header := "switch " + tv + " := " + x + "; {"
	if n.Init != nil {
		header = "{ " + r.takeNode(n.Init) + "; " + header
		r.insert(r.off(n.End()), " }")
	}
	hs, he := r.off(n.Switch), r.off(n.Body.Lbrace)+1
	r.take(hs, he)
	r.replace(hs, he, header)
	for _, s := range n.Body.List {
		cc := s.(*ast.CaseClause)
		var tests []string
		var single types.Type
		for _, e := range cc.List {
			tve := r.t.info.Types[e]
			switch t := tve.Type; {
			case tve.IsNil():
				tests = append(tests, tv+" == nil")
			case nonEmptyInterface(t):
				tests = append(tests, "func() bool { _, _gonlm_ok := "+r.assertFunc(t, true)+"("+tv+"); return _gonlm_ok }()")
			case types.IsInterface(t):
				tests = append(tests, tv+" != nil")
			case wrapped && mentionsMain(t):
				tests = append(tests, "func() bool { _, _gonlm_ok := "+r.concreteFunc(t, true)+"("+tv+"); return _gonlm_ok }()")
			default:
				tests = append(tests, "func() bool { _, _gonlm_ok := "+tv+".("+r.typeString(t)+"); return _gonlm_ok }()")
			}
			if len(cc.List) == 1 && !tve.IsNil() {
				single = tve.Type
			}
		}
		text := "default:"
		if cc.List != nil {
			// One expression: yaegi evaluates only the first of a
			// case's list in a switch without a tag.
			text = "case " + strings.Join(tests, " || ") + ":"
		}
		if bind != nil {
			if obj := r.t.info.Implicits[cc]; obj != nil {
				name := r.interpName(bind, obj)
				switch {
				case single == nil:
					text += " " + name + " := " + tv + ";"
				case nonEmptyInterface(single):
					text += " " + name + ", _ := " + r.assertFunc(single, true) + "(" + tv + ");"
				case types.IsInterface(single):
					text += " var " + name + " " + r.typeString(single) + " = " + tv + ";"
				case wrapped && mentionsMain(single):
					text += " " + name + ", _ := " + r.concreteFunc(single, true) + "(" + tv + ");"
				default:
					text += " " + name + " := " + tv + ".(" + r.typeString(single) + ");"
				}
			}
		}
		cs, ce := r.off(cc.Case), r.off(cc.Colon)+1
		r.take(cs, ce)
		r.replace(cs, ce, text)
	}
	return nil
}

// registrations returns the statements that add to the registries the
// types of view (the record plus the cell's chunks so far) that implement
// their interfaces and are not registered yet (pending: registered by
// earlier registrations of this cell).
func (r *rewriter) registrations(view map[string]Entry, regs []*ifaceReg, pending map[*ifaceReg]map[regKey]bool) (string, map[*ifaceReg][]regKey) {
	var names []string
	for name, e := range view {
		tn, ok := e.Obj.(*types.TypeName)
		if !ok || tn.Pkg() == nil || tn.Pkg().Path() != "main" {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 || types.IsInterface(named) {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	added := map[*ifaceReg][]regKey{}
	for _, g := range regs {
		it, _ := g.iface.Underlying().(*types.Interface)
		if it == nil {
			continue
		}
		for _, name := range names {
			named := view[name].Obj.(*types.TypeName).Type()
			tn := view[name].Obj.(*types.TypeName)
			for _, ptr := range []bool{false, true} {
				t, key := named, regKey{tn, ptr}
				if ptr {
					t = types.NewPointer(named)
				}
				if !types.Implements(t, it) || g.done[key] || pending[g][key] {
					continue
				}
				if pending[g] == nil {
					pending[g] = map[regKey]bool{}
				}
				pending[g][key] = true
				added[g] = append(added[g], key)
				ts, is := r.typeString(t), r.ifaceText(g)
				b.WriteString(g.name + " = append(" + g.name + ", func(_gonlm_v any, _gonlm_d any) bool { " + unwrapAssert(ts) + "; if _gonlm_ok { *_gonlm_d.(*" + is + ") = _gonlm_w }; return _gonlm_ok }); ")
			}
		}
	}
	return b.String(), added
}
