package cell

import (
	"go/ast"
	"go/token"
	"go/types"
)

// errors.Is, errors.As and errors.Unwrap with the cells' error types.
//
// yaegi v0.16.1 passes a cell's error to compiled code as a wrapper
// (interp._error) that has only the Error method and is not comparable:
// the compiled errors.Is neither calls a cell type's Is method nor finds a
// cell's error by ==, errors.Unwrap does not call its Unwrap method, and
// errors.As panics with a target of a cell's type or interface ("*target
// must be interface or implement error"). The front end writes these
// calls (always: a function may meet error types of later cells) as
// function literals that walk
// the error tree in interpreted code, as the errors package does (depth
// first: the error, then what its Unwrap method returns, a single error or
// a list), using the assertions of assert.go to find Is, As and Unwrap
// methods of the cells' types, and the compiled hooks _gonlm.ErrChildren
// (Unwrap of compiled errors), _gonlm.ErrMatch (== on what yaegi's
// wrappers hold, and compiled Is methods) and _gonlm.ErrAs (compiled As
// methods) for compiled errors.
//
// A non-pointer cell type wrapped by compiled code loses its type and
// methods in yaegi, so fmt.Errorf("%w", v) and errors.Join(v) with such a
// v are refused before the cell runs (see wrapChecks), with what to write
// instead.

// interface types of the methods the walk looks for.
var (
	errType       = types.Universe.Lookup("error").Type()
	unwrapperType = types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, "Unwrap",
		types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "", errType)), false))}, nil).Complete()
	multiUnwrapperType = types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, "Unwrap",
		types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "", types.NewSlice(errType))), false))}, nil).Complete()
	isType = types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, "Is",
		types.NewSignatureType(nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "", errType)), types.NewTuple(types.NewVar(token.NoPos, nil, "", types.Typ[types.Bool])), false))}, nil).Complete()
	asType = types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, "As",
		types.NewSignatureType(nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "", types.Universe.Lookup("any").Type())), types.NewTuple(types.NewVar(token.NoPos, nil, "", types.Typ[types.Bool])), false))}, nil).Complete()
)

// walkText returns the function literal that lists the error tree of its
// argument in the errors package's order.
func (r *rewriter) walkText() string {
	one := r.assertFuncHook(unwrapperType, true, "false")
	many := r.assertFuncHook(multiUnwrapperType, true, "false")
	return "func(_gonlm_e error) []error { var _gonlm_out []error; _gonlm_st := []error{_gonlm_e}; for len(_gonlm_st) > 0 { _gonlm_x := _gonlm_st[len(_gonlm_st)-1]; _gonlm_st = _gonlm_st[:len(_gonlm_st)-1]; if _gonlm_x == nil { continue }; _gonlm_out = append(_gonlm_out, _gonlm_x); var _gonlm_k []error; if _gonlm_u, _gonlm_ok := " + one + "(_gonlm_x); _gonlm_ok { _gonlm_k = []error{_gonlm_u.Unwrap()} } else if _gonlm_u, _gonlm_ok := " + many + "(_gonlm_x); _gonlm_ok { _gonlm_k = _gonlm_u.Unwrap() } else { _gonlm_k = _gonlm.ErrChildren(_gonlm_x) }; for _gonlm_i := len(_gonlm_k) - 1; _gonlm_i >= 0; _gonlm_i-- { _gonlm_st = append(_gonlm_st, _gonlm_k[_gonlm_i]) } }; return _gonlm_out }"
}

// errorsCall rewrites a call of errors.Is, errors.As or errors.Unwrap (see
// above).
func (r *rewriter) errorsCall(c *ast.CallExpr) {
	name, ok := calledFunc(r.t.info, c)
	if !ok || c.Ellipsis.IsValid() {
		return
	}
	var text string
	switch name {
	case "errors.Is":
		if len(c.Args) != 2 {
			return
		}
		is := r.assertFuncHook(isType, true, "false")
		text = "func(_gonlm_err, _gonlm_t error) bool { if _gonlm_err == nil || _gonlm_t == nil { return _gonlm_err == nil && _gonlm_t == nil }; for _, _gonlm_x := range " + r.walkText() + "(_gonlm_err) { if _gonlm.ErrMatch(_gonlm_x, _gonlm_t) { return true }; if _gonlm_m, _gonlm_ok := " + is + "(_gonlm_x); _gonlm_ok && _gonlm_m.Is(_gonlm_t) { return true } }; return false }"
	case "errors.Unwrap":
		if len(c.Args) != 1 {
			return
		}
		one := r.assertFuncHook(unwrapperType, true, "false")
		text = "func(_gonlm_err error) error { if _gonlm_err == nil { return nil }; if _gonlm_u, _gonlm_ok := " + one + "(_gonlm_err); _gonlm_ok { return _gonlm_u.Unwrap() }; if _gonlm_k := _gonlm.ErrChildren(_gonlm_err); len(_gonlm_k) == 1 && !_gonlm.ErrJoined(_gonlm_err) { return _gonlm_k[0] }; return nil }"
	case "errors.As":
		if len(c.Args) != 2 {
			return
		}
		pt, ok := r.t.info.Types[c.Args[1]].Type.(*types.Pointer)
		if !ok {
			return
		}
		target := pt.Elem()
		var match string
		switch {
		case nonEmptyInterface(target):
			match = r.assertFunc(target, true)
		case mentionsMain(target):
			match = r.concreteFunc(target, true)
		default:
			match = "func(_gonlm_v any) (" + r.typeString(target) + ", bool) { _gonlm_w, _gonlm_ok := _gonlm_v.(" + r.typeString(target) + "); return _gonlm_w, _gonlm_ok }"
		}
		as := r.assertFuncHook(asType, true, "false")
		text = "func(_gonlm_err error, _gonlm_t *" + r.typeString(target) + ") bool { if _gonlm_err == nil { return false }; for _, _gonlm_x := range " + r.walkText() + "(_gonlm_err) { if _gonlm_w, _gonlm_ok := " + match + "(_gonlm_x); _gonlm_ok { *_gonlm_t = _gonlm_w; return true }; if _gonlm_m, _gonlm_ok := " + as + "(_gonlm_x); _gonlm_ok && _gonlm_m.As(_gonlm_t) { return true }; if _gonlm.ErrAs(_gonlm_x, _gonlm_t) { return true } }; return false }"
	default:
		return
	}
	args := make([]string, len(c.Args))
	for k, a := range c.Args {
		args[k] = r.takeNode(a)
	}
	start, end := r.off(c.Pos()), r.off(c.End())
	r.take(start, end)
	text += "("
	for k, a := range args {
		if k > 0 {
			text += ", "
		}
		text += a
	}
	r.replace(start, end, text+")")
}

// wrapChecks refuses fmt.Errorf's %w and errors.Join of values of
// non-pointer types of the cells that implement error (see above).
func (ck *checker) wrapChecks(p *parsed, t *typed) {
	ast.Inspect(p.file, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		name, ok := calledFunc(t.info, c)
		if !ok {
			return true
		}
		var args []ast.Expr
		switch name {
		case "errors.As":
			if len(c.Args) != 2 {
				return true
			}
			if pt, ok := t.info.Types[c.Args[1]].Type.(*types.Pointer); ok && isCellNamed(pt.Elem()) && !types.IsInterface(pt.Elem()) {
				if types.Implements(pt.Elem(), errType.Underlying().(*types.Interface)) {
					nm := pt.Elem().(*types.Named).Obj().Name()
					ck.errorAt(p, c.Args[1].Pos(), "errors.As cannot find a %s: yaegi v0.16.1 keeps a value of a non-pointer type declared in a cell only as a wrapper without its type once it is an error; declare %s's methods with pointer receivers (func (e *%s) ...), make errors with &%s{...} and use a *%s target", nm, nm, nm, nm, nm)
				}
			}
			return true
		case "errors.Join":
			args = c.Args
		case "fmt.Errorf":
			if len(c.Args) < 2 {
				return true
			}
			tv := t.info.Types[c.Args[0]]
			vs, known := verbsOf(tv)
			for _, v := range vs {
				if v.c == 'w' && v.arg+1 < len(c.Args) {
					args = append(args, c.Args[v.arg+1])
				}
			}
			if !known {
				args = c.Args[1:]
			}
		}
		for _, a := range args {
			at := t.info.Types[a].Type
			if at == nil || !isCellNamed(at) || types.IsInterface(at) {
				continue
			}
			it := errType.Underlying().(*types.Interface)
			if types.Implements(at, it) {
				nm := at.(*types.Named).Obj().Name()
				ck.errorAt(p, a.Pos(), "%s would hide the %s it wraps: yaegi v0.16.1 passes a value of a non-pointer type declared in a cell to compiled code as a wrapper without its type and methods, so errors.Is, errors.As and errors.Unwrap could not find it; declare %s's methods with pointer receivers (func (e *%s) ...) and wrap &%s{...}", name, nm, nm, nm, nm)
			}
		}
		return true
	})
}

// deferPanics refuses a function whose deferred function literal panics
// while another of its deferred calls recovers: yaegi v0.16.1 stops
// running a frame's deferred calls at the first one that panics
// (interp/run.go runCfg), so the recovering one never runs and the panic
// reaches the cell, where Go recovers it.
func (ck *checker) deferPanics(p *parsed, t *typed) {
	check := func(body *ast.BlockStmt) {
		if body == nil {
			return
		}
		// In source order: a deferred literal that panics, deferred
		// after one that recovers (so it runs before it).
		var panics []ast.Node
		recovers := 0
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.DeferStmt:
				lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit)
				if !ok {
					return false
				}
				if recovers > 0 {
					ast.Inspect(lit.Body, func(m ast.Node) bool {
						switch m := m.(type) {
						case *ast.FuncLit:
							return false
						case *ast.CallExpr:
							if id, ok := ast.Unparen(m.Fun).(*ast.Ident); ok && id.Name == "panic" {
								if _, builtin := t.info.Uses[id].(*types.Builtin); builtin {
									panics = append(panics, m)
								}
							}
						}
						return true
					})
				}
				if callsRecover(t.info, lit.Body) {
					recovers++
				}
				return false
			}
			return true
		})
		if recovers > 0 && len(panics) > 0 {
			ck.errorAt(p, panics[0].Pos(), "a deferred function that panics while another deferred call of the same function recovers: the interpreter (yaegi v0.16.1) stops running the deferred calls at the first one that panics, so the recover would never run; recover inside the deferred function that panics, or return an error from it")
		}
	}
	ast.Inspect(p.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			check(n.Body) // a statement chunk's wrapper too: its body is the cell's top level
		case *ast.FuncLit:
			check(n.Body)
		}
		return true
	})
}
