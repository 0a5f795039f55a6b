package cell

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// Typed nils in compiled interfaces.
//
// A nil pointer of a type declared in a cell, stored in a variable of a
// compiled interface type (error, fmt.Stringer), is in Go a non-nil
// interface holding a nil pointer (err != nil, and err.Error() calls the
// method with a nil receiver); yaegi v0.16.1 stores a nil interface
// (interp/run.go genInterfaceWrapper: "if v.IsNil() { return
// reflect.New(typ).Elem() }"), so err == nil and the program silently
// takes the other branch. The front end cannot make the typed nil, so it
// guards the conversions it sees (return values, assignments, variable
// declarations and call arguments of a compiled interface type whose value
// is a pointer to a cell's type, other than &T{...} or new(T)): a nil
// pointer there panics with an explanation instead of becoming a nil
// interface.

// nilGuardTarget reports whether converting a value of type v to type t
// needs the guard.
func nilGuardTarget(v, t types.Type) bool {
	if v == nil || t == nil || !wrapsCellValues(t) {
		return false
	}
	p, ok := v.(*types.Pointer)
	return ok && isCellNamed(p.Elem())
}

// neverNil reports whether e is &T{...}, &x or new(T).
func neverNil(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.AND
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && id.Name == "new" {
			_, builtin := info.Uses[id].(*types.Builtin)
			return builtin
		}
	}
	return false
}

// guardNil wraps e (converted to the compiled interface t) in the guard.
func (r *rewriter) guardNil(e ast.Expr, t types.Type) {
	v := r.t.info.Types[e].Type
	if !nilGuardTarget(v, t) || neverNil(r.t.info, e) || r.t.info.Types[e].IsNil() {
		return
	}
	vs := r.typeString(v)
	msg := strconv.Quote("a nil " + goTypeName(v) + " becomes a nil " + goTypeName(t) + " in the interpreter (yaegi v0.16.1 has no typed nil in interfaces of compiled packages), where Go gives a non-nil " + goTypeName(t) + "; return or store nil itself, or a non-nil " + goTypeName(v))
	x := r.takeNode(e)
	// The guard returns the interface: yaegi passes the result of a call
	// on to a parameter without wrapping it.
	ts := r.typeString(t)
	r.replace(r.off(e.Pos()), r.off(e.End()), "func(_gonlm_p "+vs+") "+ts+" { if _gonlm_p == nil { panic("+msg+") }; return _gonlm_p }("+x+")")
}

// typedNils guards the conversions of node n (pass B; see above).
func (r *rewriter) typedNils(n ast.Node) {
	switch n := n.(type) {
	case *ast.ReturnStmt:
		sig := r.funcSig()
		if sig == nil || len(n.Results) != sig.Results().Len() {
			return
		}
		for k, e := range n.Results {
			r.guardNil(e, sig.Results().At(k).Type())
		}
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) {
			return
		}
		for k, e := range n.Rhs {
			r.guardNil(e, r.t.info.Types[n.Lhs[k]].Type)
		}
	case *ast.ValueSpec:
		if n.Type == nil || len(n.Values) != len(n.Names) {
			return
		}
		t := r.t.info.Types[n.Type].Type
		for _, e := range n.Values {
			r.guardNil(e, t)
		}
	case *ast.CallExpr:
		sig, ok := r.t.info.Types[n.Fun].Type.(*types.Signature)
		if !ok || n.Ellipsis.IsValid() {
			return
		}
		for k, e := range n.Args {
			var t types.Type
			switch np := sig.Params().Len(); {
			case sig.Variadic() && k >= np-1:
				t = sig.Params().At(np - 1).Type().(*types.Slice).Elem()
			case k < np:
				t = sig.Params().At(k).Type()
			}
			r.guardNil(e, t)
		}
	}
}

// funcSig returns the signature of the function around the node being
// rewritten (pass B), or nil at a cell's top level.
func (r *rewriter) funcSig() *types.Signature {
	for k := len(r.stack) - 1; k >= 0; k-- {
		switch n := r.stack[k].(type) {
		case *ast.FuncLit:
			s, _ := r.t.info.Types[n].Type.(*types.Signature)
			return s
		case *ast.FuncDecl:
			if fn, ok := r.t.info.Defs[n.Name].(*types.Func); ok {
				return fn.Type().(*types.Signature)
			}
			return nil
		}
	}
	return nil
}
