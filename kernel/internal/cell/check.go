package cell

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// Packages gives the type checker the compiled packages cells may import,
// and says which of their members the interpreter really has.
// *symbols.Importer implements it.
type Packages interface {
	types.ImporterFrom
	// Available reports whether the interpreter has the package-level name
	// of the package with import path path.
	Available(path, name string) bool
}

// typed is a chunk with its type information.
type typed struct {
	p    *parsed
	pkg  *types.Package
	info *types.Info
	// top is the scope of the chunk's top-level names: the wrapper
	// function's scope for a statement chunk, the package scope for a
	// declaration chunk.
	top *types.Scope
	// body is the wrapper's body (statement chunks).
	body *ast.BlockStmt
	// defs are the chunk's top-level declarations, for the record.
	defs map[string]Entry
	dots []*types.Package
	// interp maps objects whose name in the interpreter differs from their
	// Go name to that name: renamed redefinitions and declarations of
	// earlier chunks, and this chunk's renamed nested declarations.
	interp map[types.Object]string
	// methods are the methods the chunk declares.
	methods []method
	// dupImports are imports that repeat an earlier import of the same
	// chunk (same name, same path): not checked, and blanked.
	dupImports map[*ast.ImportSpec]bool
}

// ErrorList is the list of errors of a cell that did not type-check, in
// cell order. It is returned by Front.Parse as an error.
type ErrorList []*Error

// Error returns the errors, one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the errors, so that errors.As finds the first *Error.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// checker holds the state of checking one cell.
type checker struct {
	f     *Front
	src   string
	view  map[string]Entry // the record plus the declarations of the cell's earlier chunks
	dots  []*types.Package
	errs  ErrorList
	names map[string]bool // every identifier of the cell, so fresh names avoid them
}

// check type-checks the chunks of a cell in order, each against the record
// and the declarations of the chunks before it.
func (f *Front) check(src string, c *Cell, ps []parsed) ([]*typed, error) {
	view, dots := f.rec.snapshot()
	ck := &checker{f: f, src: src, view: view, dots: dots, names: map[string]bool{}}
	for k := range ps {
		ast.Inspect(ps[k].file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				ck.names[id.Name] = true
			}
			return true
		})
	}
	out := make([]*typed, len(ps))
	for k := range ps {
		t := ck.chunk(&ps[k])
		out[k] = t
		for name, e := range t.defs {
			ck.view[name] = e
		}
		ck.dots = append(ck.dots, t.dots...)
	}
	if len(ck.errs) > 0 {
		sort.SliceStable(ck.errs, func(i, j int) bool {
			a, b := ck.errs[i], ck.errs[j]
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Col < b.Col
		})
		return nil, ck.errs
	}
	return out, nil
}

// errorAt records an error at p in chunk p.
func (ck *checker) errorAt(p *parsed, pos token.Pos, format string, args ...any) {
	line, col := p.cellPos(ck.f.fset, pos)
	ck.errs = append(ck.errs, &Error{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// cellPos returns the cell line and column of pos in the chunk's file.
func (p *parsed) cellPos(fset *token.FileSet, pos token.Pos) (line, col int) {
	ps := fset.Position(pos)
	line, col = ps.Line, ps.Column
	if line == 1 {
		col -= p.off
	}
	if col < 1 {
		col = 1
	}
	return line, col
}

// fresh returns a name for a renamed object that no identifier of the cell
// and no record entry uses: base, an underscore and a number, so that an
// exported name stays exported.
func (ck *checker) fresh(base string) string {
	for {
		ck.f.seq++
		n := base + "_" + strconv.Itoa(ck.f.seq)
		if _, taken := ck.view[n]; !taken && !ck.names[n] {
			ck.names[n] = true
			return n
		}
	}
}

// importName returns the name an import spec binds, asking the importer for
// the package name when the spec has none ("" when the package cannot be
// imported: the checker reports that).
func (ck *checker) importName(s *ast.ImportSpec) (name, path string) {
	path, err := strconv.Unquote(s.Path.Value)
	if err != nil {
		return "", ""
	}
	if s.Name != nil {
		return s.Name.Name, path
	}
	pkg, err := ck.f.pkgs.ImportFrom(path, "", 0)
	if err != nil {
		return "", path
	}
	return pkg.Name(), path
}

// recvBase returns the base type name of a method receiver type expression.
func recvBase(e ast.Expr) (*ast.Ident, bool) {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x, true
		default:
			return nil, false
		}
	}
}

// chunk type-checks one chunk.
func (ck *checker) chunk(p *parsed) *typed {
	f := ck.f
	t := &typed{p: p, defs: map[string]Entry{}, interp: map[types.Object]string{}}
	t.pkg = types.NewPackage("main", "main")
	t.info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Instances:  map[*ast.Ident]types.Instance{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
	}

	// The names the chunk declares at top level hide the record's.
	declared := map[string]bool{}
	file := ck.withoutRepeatedImports(p, t)
	var extMethods []*ast.FuncDecl // methods of types of earlier chunks
	if p.ch.Kind == Decls {
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					if d.Name.Name != "_" && d.Name.Name != "init" {
						declared[d.Name.Name] = true
					}
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ImportSpec:
						if name, _ := ck.importName(s); name != "" && name != "_" && name != "." {
							declared[name] = true
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							declared[n.Name] = true
						}
					case *ast.TypeSpec:
						declared[s.Name.Name] = true
					}
				}
			}
		}
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
				if base, ok := recvBase(fd.Recv.List[0].Type); ok && !declared[base.Name] {
					if e, ok := ck.view[base.Name]; ok {
						if _, isType := e.Obj.(*types.TypeName); isType {
							extMethods = append(extMethods, fd)
						}
					}
				}
			}
		}
	}
	scope := t.pkg.Scope()
	for name, e := range ck.view {
		if declared[name] {
			continue
		}
		obj := e.Obj
		if pn, ok := obj.(*types.PkgName); ok {
			obj = types.NewPkgName(token.NoPos, t.pkg, name, pn.Imported())
			if e.Interp != "" {
				t.interp[obj] = e.Interp
			}
		}
		scope.Insert(obj)
	}
	for _, d := range ck.dots {
		for _, name := range d.Scope().Names() {
			if obj := d.Scope().Lookup(name); obj.Exported() && !declared[name] && scope.Lookup(name) == nil {
				scope.Insert(obj)
			}
		}
	}
	for _, e := range ck.view {
		if e.Interp != "" {
			t.interp[e.Obj] = e.Interp
		}
	}

	// Methods of types declared by earlier chunks: go/types attaches
	// methods only to types declared in the package being checked, so the
	// front end adds them to the earlier type itself and checks each body
	// as a function whose first parameter is the receiver.
	if len(extMethods) > 0 {
		file = ck.methodsOfEarlierTypes(p, t, file, extMethods)
	}

	if p.ch.Kind == Stmts {
		fd := file.Decls[0].(*ast.FuncDecl)
		t.body = fd.Body
		// The wrapper is checked as func _(); a cell may declare main.
		wrapper := *fd
		wrapper.Name = &ast.Ident{NamePos: fd.Name.NamePos, Name: "_"}
		file = &ast.File{Package: file.Package, Name: file.Name, Decls: []ast.Decl{&wrapper}}
	}

	var terrs []types.Error
	imp := &recordingImporter{Packages: f.pkgs, errs: map[string]error{}}
	conf := types.Config{
		Importer:                 imp,
		DisableUnusedImportCheck: true, // notebook leniency: imports are cell-wide
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) {
				terrs = append(terrs, te)
			}
		},
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				ck.errorAt(p, file.Pos(), "internal error of the type checker: %v", r)
			}
		}()
		_ = types.NewChecker(&conf, f.fset, t.pkg, t.info).Files([]*ast.File{file})
	}()

	if t.body != nil {
		t.top = t.info.Scopes[file.Decls[0].(*ast.FuncDecl).Type]
	} else {
		t.top = scope
	}
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && callsRecover(t.info, fd.Body) {
			if fn, ok := t.info.Defs[fd.Name].(*types.Func); ok {
				f.recovers[fn] = true
			}
		}
	}
	ck.report(p, t, terrs, imp.errs)
	ck.availability(p, t)
	ck.collect(p, t)
	if len(ck.errs) == 0 {
		ck.fmtChecks(p, t)
		ck.wrapChecks(p, t)
		ck.deferPanics(p, t)
	}
	return t
}

// withoutRepeatedImports returns the chunk's file without the imports that
// repeat an earlier import of the chunk under the same name (notebook
// leniency: cells import packages again and again, as a cell run twice
// does, and a run of declarations may repeat one; Go refuses that in one
// file). They are recorded in t.dupImports for the rewriter to blank.
func (ck *checker) withoutRepeatedImports(p *parsed, t *typed) *ast.File {
	file := p.file
	if p.ch.Kind != Decls || len(file.Imports) < 2 {
		return file
	}
	seen := map[string]bool{}
	for _, s := range file.Imports {
		name, path := ck.importName(s)
		if name == "" || name == "_" || name == "." {
			continue
		}
		if seen[name+" "+path] {
			if t.dupImports == nil {
				t.dupImports = map[*ast.ImportSpec]bool{}
			}
			t.dupImports[s] = true
		}
		seen[name+" "+path] = true
	}
	if len(t.dupImports) == 0 {
		return file
	}
	nf := *file
	nf.Decls, nf.Imports = nil, nil
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			nf.Decls = append(nf.Decls, d)
			continue
		}
		ng := *g
		ng.Specs = nil
		for _, sp := range g.Specs {
			if !t.dupImports[sp.(*ast.ImportSpec)] {
				ng.Specs = append(ng.Specs, sp)
				nf.Imports = append(nf.Imports, sp.(*ast.ImportSpec))
			}
		}
		if len(ng.Specs) > 0 {
			nf.Decls = append(nf.Decls, &ng)
		}
	}
	return &nf
}

// methodsOfEarlierTypes adds the methods of types of earlier chunks that
// the chunk declares to those types, and returns the file to check, in
// which each such method is a function func _(recv, params) results.
func (ck *checker) methodsOfEarlierTypes(p *parsed, t *typed, file *ast.File, methods []*ast.FuncDecl) *ast.File {
	// A scratch package with the record's names, to evaluate signatures in.
	scratch := types.NewPackage("main", "main")
	for _, e := range ck.view {
		obj := e.Obj
		if pn, ok := obj.(*types.PkgName); ok {
			obj = types.NewPkgName(token.NoPos, scratch, pn.Name(), pn.Imported())
		}
		scratch.Scope().Insert(obj)
	}
	for _, s := range file.Imports {
		name, path := ck.importName(s)
		if name == "" || name == "_" || name == "." {
			continue
		}
		if pkg, err := ck.f.pkgs.ImportFrom(path, "", 0); err == nil && scratch.Scope().Lookup(name) == nil {
			scratch.Scope().Insert(types.NewPkgName(token.NoPos, scratch, name, pkg))
		}
	}
	replace := map[ast.Decl]ast.Decl{}
	for _, fd := range methods {
		base, _ := recvBase(fd.Recv.List[0].Type)
		tn := ck.view[base.Name].Obj.(*types.TypeName)
		named, ok := tn.Type().(*types.Named)
		if !ok {
			ck.errorAt(p, base.Pos(), "cannot define new methods on non-local type %s", base.Name)
			replace[fd] = nil
			continue
		}
		// The function the body is checked as: the receiver becomes the
		// first parameter, and a generic type's receiver type parameters
		// (s *Stack[T]) the function's type parameters, constrained as
		// the type's are.
		params := &ast.FieldList{Opening: fd.Type.Params.Opening, Closing: fd.Type.Params.Closing}
		params.List = namedFields(append([]*ast.Field{fd.Recv.List[0]}, fd.Type.Params.List...))
		ft := &ast.FuncType{Func: fd.Type.Func, Params: params, Results: fd.Type.Results}
		if n := named.TypeParams().Len(); n > 0 {
			tparams, ok := ck.recvTypeParams(fd, named, t.pkg)
			if !ok {
				ck.errorAt(p, fd.Recv.Pos(), "the receiver of a method of the generic type %s must list its %d type parameters", base.Name, n)
				replace[fd] = nil
				continue
			}
			ft.TypeParams = tparams
		}
		fn := &ast.FuncDecl{Doc: fd.Doc, Name: &ast.Ident{NamePos: fd.Name.NamePos, Name: "_"}, Type: ft, Body: fd.Body}
		replace[fd] = fn

		// The method's signature, evaluated in the scratch package.
		sig, ok := funcSignature(ck.f.fset, scratch, ft)
		if !ok || sig.Params().Len() < 1 {
			continue // the checker reports the error on fn
		}
		// A method of that name declared on the type itself (a promoted
		// one may be overridden), or a field at depth 0.
		if obj, index, _ := types.LookupFieldOrMethod(named, true, t.pkg, fd.Name.Name); obj != nil && len(index) == 1 {
			if _, isVar := obj.(*types.Var); isVar {
				ck.errorAt(p, fd.Name.Pos(), "field and method with the same name %s", fd.Name.Name)
				continue
			}
		}
		declared := false
		for i := range named.NumMethods() {
			if named.Method(i).Name() == fd.Name.Name {
				declared = true
			}
		}
		if declared {
			if ck.f.rec.methodSource(tn, fd.Name.Name) == ck.nodeSource(p, fd) {
				continue // the same method again: nothing to do
			}
			ck.errorAt(p, fd.Name.Pos(), "method %s.%s already declared in an earlier cell, and the interpreter cannot replace a method (yaegi v0.16.1 keeps the first): run the cell that declares type %s again, then this one", base.Name, fd.Name.Name, base.Name)
			continue
		}
		// A generic function's signature becomes the method's with fresh
		// receiver type parameters.
		var rtparams []*types.TypeParam
		if tps := sig.TypeParams(); tps.Len() > 0 {
			targs := make([]types.Type, tps.Len())
			for i := range tps.Len() {
				tp := tps.At(i)
				rtparams = append(rtparams, types.NewTypeParam(types.NewTypeName(tp.Obj().Pos(), tn.Pkg(), tp.Obj().Name(), nil), tp.Constraint()))
				targs[i] = rtparams[i]
			}
			inst, err := types.Instantiate(nil, sig, targs, false)
			if err != nil {
				continue
			}
			sig = inst.(*types.Signature)
		}
		recv := sig.Params().At(0)
		var ps []*types.Var
		for i := 1; i < sig.Params().Len(); i++ {
			ps = append(ps, sig.Params().At(i))
		}
		var rs []*types.Var
		for i := 0; i < sig.Results().Len(); i++ {
			rs = append(rs, sig.Results().At(i))
		}
		msig := types.NewSignatureType(types.NewParam(recv.Pos(), t.pkg, recv.Name(), recv.Type()), rtparams, nil,
			types.NewTuple(ps...), types.NewTuple(rs...), sig.Variadic())
		mfn := types.NewFunc(fd.Name.Pos(), tn.Pkg(), fd.Name.Name, msig)
		named.AddMethod(mfn)
		if fd.Body != nil && callsRecoverByName(fd.Body) {
			ck.f.recovers[mfn] = true
		}
	}
	nf := &ast.File{Package: file.Package, Name: file.Name, Imports: file.Imports}
	for _, d := range file.Decls {
		if r, ok := replace[d]; ok {
			if r != nil {
				nf.Decls = append(nf.Decls, r)
			}
			continue
		}
		nf.Decls = append(nf.Decls, d)
	}
	return nf
}

// recvTypeParams returns the type parameter list of the function a method
// of the generic type named is checked as: the names the receiver gives
// the type's parameters (s *Stack[T] names T), each constrained by the
// type's constraint printed as pkg sees it.
func (ck *checker) recvTypeParams(fd *ast.FuncDecl, named *types.Named, pkg *types.Package) (*ast.FieldList, bool) {
	rt := ast.Unparen(fd.Recv.List[0].Type)
	if st, ok := rt.(*ast.StarExpr); ok {
		rt = ast.Unparen(st.X)
	}
	var idx []ast.Expr
	switch x := rt.(type) {
	case *ast.IndexExpr:
		idx = []ast.Expr{x.Index}
	case *ast.IndexListExpr:
		idx = x.Indices
	}
	if len(idx) != named.TypeParams().Len() {
		return nil, false
	}
	qualify := func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		for _, name := range pkg.Scope().Names() {
			if pn, ok := pkg.Scope().Lookup(name).(*types.PkgName); ok && pn.Imported() == p {
				return name
			}
		}
		return p.Name()
	}
	fl := &ast.FieldList{}
	for i, e := range idx {
		id, ok := e.(*ast.Ident)
		if !ok {
			return nil, false
		}
		c, err := parser.ParseExprFrom(ck.f.fset, "", types.TypeString(named.TypeParams().At(i).Constraint(), qualify), parser.SkipObjectResolution)
		if err != nil {
			return nil, false
		}
		fl.List = append(fl.List, &ast.Field{Names: []*ast.Ident{{NamePos: id.NamePos, Name: id.Name}}, Type: c})
	}
	return fl, true
}

// funcSignature returns the signature of a function with type ft, checked
// in pkg's scope (a generic one has type parameters).
func funcSignature(fset *token.FileSet, pkg *types.Package, ft *ast.FuncType) (sig *types.Signature, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	name := &ast.Ident{Name: "_gonlm_sig"}
	file := &ast.File{Name: &ast.Ident{Name: "main"}, Decls: []ast.Decl{&ast.FuncDecl{Name: name, Type: ft}}}
	scratch := types.NewPackage("main", "main")
	for _, n := range pkg.Scope().Names() {
		obj := pkg.Scope().Lookup(n)
		if pn, ok := obj.(*types.PkgName); ok {
			obj = types.NewPkgName(token.NoPos, scratch, n, pn.Imported())
		}
		scratch.Scope().Insert(obj)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Error: func(error) {}}
	_ = types.NewChecker(&conf, fset, scratch, info).Files([]*ast.File{file})
	fn, _ := info.Defs[name].(*types.Func)
	if fn == nil {
		return nil, false
	}
	sig, ok = fn.Type().(*types.Signature)
	return sig, ok
}

// namedFields returns fields with every unnamed field named _ when some
// field is named (a parameter list cannot mix both: func (T) M(x int)
// checked as func _(T, x int) would not parse); the fields are copies.
func namedFields(fields []*ast.Field) []*ast.Field {
	named := false
	for _, f := range fields {
		if len(f.Names) > 0 {
			named = true
		}
	}
	if !named {
		return fields
	}
	out := make([]*ast.Field, len(fields))
	for i, f := range fields {
		if len(f.Names) == 0 {
			c := *f
			c.Names = []*ast.Ident{{NamePos: f.Type.Pos(), Name: "_"}}
			f = &c
		}
		out[i] = f
	}
	return out
}

// report converts the checker's errors into cell errors, dropping the ones
// notebook cells are excused from: unused variables declared at the cell's
// top level, and the "is not used" of the last expression statement (the
// cell's value, shown as its result).
func (ck *checker) report(p *parsed, t *typed, terrs []types.Error, importErrs map[string]error) {
	var lastExpr token.Pos = token.NoPos
	if t.body != nil && len(t.body.List) > 0 {
		if es, ok := t.body.List[len(t.body.List)-1].(*ast.ExprStmt); ok {
			lastExpr = es.X.Pos()
		}
	}
	for _, te := range terrs {
		if t.top != nil && strings.HasPrefix(te.Msg, "declared and not used: ") {
			name := strings.TrimPrefix(te.Msg, "declared and not used: ")
			if obj := t.top.Lookup(name); obj != nil && obj.Pos() == te.Pos {
				continue
			}
		}
		if te.Pos == lastExpr && strings.HasSuffix(te.Msg, " is not used") {
			continue
		}
		// Each chunk is checked as its own package main, and go/types
		// compares packages by identity here: a positional literal of a
		// struct type of an earlier chunk would be refused for setting its
		// unexported fields. All cells are one package.
		if strings.HasPrefix(te.Msg, "implicit assignment to unexported field ") && strings.Contains(te.Msg, " in struct literal of type main.") {
			continue
		}
		if msg, ok := importMessage(te.Msg, importErrs); ok {
			ck.errorAt(p, te.Pos, "%s", msg)
			continue
		}
		ck.errorAt(p, te.Pos, "%s%s", cleanMsg(te.Msg), ck.importHint(te.Msg))
	}
}

// recordingImporter keeps the errors of the imports that failed, so that
// the cell error says what the importer said (which packages cells can
// import instead) rather than go/types' "could not import P (reason)".
type recordingImporter struct {
	Packages
	errs map[string]error
}

// ImportFrom implements types.ImporterFrom.
func (r *recordingImporter) ImportFrom(path, dir string, mode types.ImportMode) (*types.Package, error) {
	pkg, err := r.Packages.ImportFrom(path, dir, mode)
	if err != nil {
		r.errs[path] = err
	}
	return pkg, err
}

// Import implements types.Importer.
func (r *recordingImporter) Import(path string) (*types.Package, error) {
	return r.ImportFrom(path, "", 0)
}

// importMessage returns the importer's error for go/types' message "could
// not import PATH (...)".
func importMessage(msg string, errs map[string]error) (string, bool) {
	rest, ok := strings.CutPrefix(msg, "could not import ")
	if !ok {
		return "", false
	}
	for path, err := range errs {
		if strings.HasPrefix(rest, path+" (") {
			return err.Error(), true
		}
	}
	return "", false
}

// importHint suggests the import for "undefined: name" when name is the
// name of a package cells can import.
func (ck *checker) importHint(msg string) string {
	name, ok := strings.CutPrefix(msg, "undefined: ")
	if !ok {
		return ""
	}
	h, ok := ck.f.pkgs.(interface{ ImportPaths(name string) []string })
	if !ok {
		return ""
	}
	paths := h.ImportPaths(name)
	if len(paths) == 0 || len(paths) > 3 {
		return ""
	}
	q := make([]string, len(paths))
	for i, p := range paths {
		q[i] = strconv.Quote(p)
	}
	return " (import " + strings.Join(q, " or ") + ")"
}

// cleanMsg removes the package qualifier "main." that go/types puts on the
// types of earlier cells (each chunk is checked as its own package main, as
// the compiler would name them in a single file).
func cleanMsg(msg string) string {
	if !strings.Contains(msg, "main.") {
		return msg
	}
	var b strings.Builder
	for i := 0; i < len(msg); i++ {
		if strings.HasPrefix(msg[i:], "main.") && (i == 0 || !isIdentByte(msg[i-1])) {
			i += len("main.") - 1
			continue
		}
		b.WriteByte(msg[i])
	}
	return b.String()
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '.' || c == '"' || c == '/' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// availability reports uses of package members that type-check against the
// Go release's API but that the interpreter does not have: generic
// functions and types of compiled packages (yaegi extract skips them), and
// the functions of slices, maps and cmp that yaegi's interpreted Go 1.22
// sources lack.
func (ck *checker) availability(p *parsed, t *typed) {
	type use struct {
		id  *ast.Ident
		obj types.Object
	}
	// Calls of the members of slices that the rewriter replaces
	// (slices.go) are available.
	rewritten := map[*ast.Ident]bool{}
	ast.Inspect(p.file, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if h, id, _ := slicesTarget(t.info, c); h != nil {
				rewritten[id] = true
			}
		}
		return true
	})
	var uses []use
	for id, obj := range t.info.Uses {
		if rewritten[id] {
			continue
		}
		pkg := obj.Pkg()
		if pkg == nil || pkg.Path() == "main" || obj.Parent() != pkg.Scope() {
			continue
		}
		if _, ok := obj.(*types.PkgName); ok {
			continue
		}
		if ck.f.pkgs.Available(pkg.Path(), obj.Name()) {
			continue
		}
		uses = append(uses, use{id, obj})
	}
	sort.Slice(uses, func(i, j int) bool { return uses[i].id.Pos() < uses[j].id.Pos() })
	for _, u := range uses {
		pkg := u.obj.Pkg()
		what := pkg.Name() + "." + u.obj.Name()
		switch {
		case interpretedGeneric[pkg.Path()]:
			ck.errorAt(p, u.id.Pos(), "%s is not available in the interpreter: its %s package is yaegi v0.16.1's interpreted copy of part of Go 1.22's, which lacks %s or fails on it%s", what, pkg.Name(), u.obj.Name(), alternative(pkg.Path(), u.obj.Name()))
		case isGeneric(u.obj):
			ck.errorAt(p, u.id.Pos(), "%s is generic, and the interpreter cannot use generic functions or types of compiled packages (yaegi v0.16.1 extracts only non-generic symbols)%s", what, alternative(pkg.Path(), u.obj.Name()))
		default:
			ck.errorAt(p, u.id.Pos(), "%s is not available in the interpreter (it is not in the kernel's symbol tables)", what)
		}
	}
}

// interpretedGeneric are the packages yaegi provides as interpreted generic
// sources.
var interpretedGeneric = map[string]bool{"slices": true, "maps": true, "cmp": true}

// isGeneric reports whether obj is a generic function or type.
func isGeneric(obj types.Object) bool {
	switch o := obj.(type) {
	case *types.Func:
		return o.Type().(*types.Signature).TypeParams().Len() > 0
	case *types.TypeName:
		if n, ok := o.Type().(*types.Named); ok {
			return n.TypeParams().Len() > 0
		}
		if a, ok := o.Type().(*types.Alias); ok {
			return a.TypeParams().Len() > 0
		}
	}
	return false
}

// alternative suggests what to use instead of an unavailable member.
func alternative(path, name string) string {
	if slicesHelpers[path+"."+name] != nil {
		return "; the kernel rewrites calls of " + path + "." + name + " with concrete types, not its uses as a value (call it in a function literal) nor its calls in generic functions (write a loop, or sort.Slice, there)"
	}
	switch path + "." + name {
	case "reflect.TypeFor":
		return "; use reflect.TypeOf((*T)(nil)).Elem()"
	case "slices.Replace":
		return "; use a loop with append"
	}
	return ""
}

// collect computes the chunk's record entries and the names its objects
// have in the interpreter.
func (ck *checker) collect(p *parsed, t *typed) {
	// renameTop renames a new top-level object when the interpreter cannot
	// replace the earlier entry of that name: yaegi v0.16.1 keeps the first
	// declaration of a type, and fails on an import under a name already
	// taken, or on a declaration under an import's name.
	renameTop := func(obj types.Object) {
		old, ok := ck.view[obj.Name()]
		if !ok {
			return
		}
		_, oldType := old.Obj.(*types.TypeName)
		oldPkg, oldIsPkg := old.Obj.(*types.PkgName)
		switch obj := obj.(type) {
		case *types.TypeName:
			if oldType || oldIsPkg {
				t.interp[obj] = ck.fresh(obj.Name())
			}
		case *types.PkgName:
			if oldIsPkg && oldPkg.Imported().Path() == obj.Imported().Path() {
				if old.Interp != "" {
					t.interp[obj] = old.Interp
				}
				return
			}
			t.interp[obj] = ck.fresh(obj.Name())
		default:
			if oldIsPkg {
				t.interp[obj] = ck.fresh(obj.Name())
			}
		}
	}
	add := func(obj types.Object, source, doc string) {
		if obj == nil || obj.Name() == "_" {
			return
		}
		renameTop(obj)
		t.defs[obj.Name()] = Entry{Obj: obj, Interp: t.interp[obj], Source: source, Doc: doc}
	}
	if t.body == nil {
		for _, d := range p.file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					add(t.info.Defs[d.Name], ck.declSource(p, d), docText(d.Doc))
				} else if base, ok := recvBase(d.Recv.List[0].Type); ok {
					tn, _ := t.info.Uses[base].(*types.TypeName)
					if tn == nil {
						tn, _ = ck.view[base.Name].Obj.(*types.TypeName)
					}
					if tn != nil {
						t.methods = append(t.methods, method{recv: tn, name: d.Name.Name, source: ck.nodeSource(p, d), decl: ck.declSource(p, d), doc: docText(d.Doc)})
					}
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ImportSpec:
						obj := t.info.Defs[s.Name]
						if s.Name == nil {
							obj = t.info.Implicits[s]
						}
						if s.Name != nil && s.Name.Name == "." {
							if pkg, err := ck.f.pkgs.ImportFrom(strings.Trim(s.Path.Value, "\"`"), "", 0); err == nil {
								t.dots = append(t.dots, pkg)
							}
							continue
						}
						add(obj, "", "")
					case *ast.ValueSpec:
						for _, n := range s.Names {
							add(t.info.Defs[n], d.Tok.String()+" "+ck.nodeSource(p, s), docText(s.Doc, d.Doc))
						}
					case *ast.TypeSpec:
						add(t.info.Defs[s.Name], "type "+ck.nodeSource(p, s), docText(s.Doc, d.Doc))
					}
				}
			}
		}
		return
	}
	// A statement chunk declares the names of its top-level statements.
	for _, st := range t.body.List {
		src := ck.nodeSource(p, st)
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					if obj := t.info.Defs[id]; obj != nil {
						add(obj, src, "")
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := st.Decl.(*ast.GenDecl); ok {
				for _, s := range g.Specs {
					switch s := s.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							add(t.info.Defs[n], src, docText(s.Doc, g.Doc))
						}
					case *ast.TypeSpec:
						add(t.info.Defs[s.Name], src, docText(s.Doc, g.Doc))
					}
				}
			}
		}
	}
}

// nodeSource returns the cell text of a node of chunk p.
func (ck *checker) nodeSource(p *parsed, n ast.Node) string {
	start := ck.f.fset.Position(n.Pos()).Offset - p.off
	end := ck.f.fset.Position(n.End()).Offset - p.off
	if start < 0 || end > len(p.ch.body) || start > end {
		return ""
	}
	return p.ch.body[start:end]
}

// declSource returns a func declaration without its body.
func (ck *checker) declSource(p *parsed, d *ast.FuncDecl) string {
	end := d.End()
	if d.Body != nil {
		end = d.Body.Lbrace
	}
	start := ck.f.fset.Position(d.Pos()).Offset - p.off
	stop := ck.f.fset.Position(end).Offset - p.off
	if start < 0 || stop > len(p.ch.body) || start > stop {
		return ""
	}
	return strings.TrimSpace(p.ch.body[start:stop])
}

// docText returns the first non-empty comment group's text.
func docText(gs ...*ast.CommentGroup) string {
	for _, g := range gs {
		if g != nil {
			if s := strings.TrimSpace(g.Text()); s != "" {
				return s
			}
		}
	}
	return ""
}

// callsRecoverByName reports whether body calls a function named recover
// (outside nested function literals), before it is type-checked.
func callsRecoverByName(body *ast.BlockStmt) bool {
	return outsideLits(body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(c.Fun).(*ast.Ident)
		return ok && id.Name == "recover"
	})
}

// outsideLits reports whether f holds for a node of root outside the
// function literals nested in it (their bodies belong to other functions).
func outsideLits(root ast.Node, f func(ast.Node) bool) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit || found {
			return false
		}
		found = f(n)
		return !found
	})
	return found
}
