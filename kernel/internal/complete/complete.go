package complete

import (
	"go/constant"
	"go/scanner"
	"go/token"
	"path"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/gonlm/gonlm/kernel/internal/symbols"
)

// Env is the session's view of the interpreter's global variables and
// constants. *interp.Interpreter satisfies it (its Globals method); the
// session must not let Globals run while a cell writes globals, or wrap it.
type Env interface {
	// Globals returns the interpreter's global variables and constants with
	// their current values.
	Globals() map[string]reflect.Value
}

// Match is one completion candidate.
type Match struct {
	// Text replaces the code between Result.CursorStart and CursorEnd.
	Text string
	// Kind is what the candidate is: "function", "type", "variable",
	// "constant", "package", "module" (an import path), "keyword", "field"
	// or "method" (the names JupyterLab's completer shows as icons).
	Kind string
	// Signature is the candidate's type or signature, possibly "".
	Signature string
}

// Result is the answer to a complete_request.
type Result struct {
	// Matches are the candidates, sorted.
	Matches []Match
	// CursorStart and CursorEnd delimit, in Unicode code points as the
	// protocol counts them, the text the candidates replace.
	CursorStart, CursorEnd int
}

// Texts returns the candidates' texts (the reply's "matches").
func (r Result) Texts() []string {
	out := make([]string, len(r.Matches))
	for i, m := range r.Matches {
		out[i] = m.Text
	}
	return out
}

// Metadata returns the reply's "metadata": JupyterLab's
// "_jupyter_types_experimental" list with each candidate's kind and
// signature.
func (r Result) Metadata() map[string]any {
	items := make([]map[string]any, len(r.Matches))
	for i, m := range r.Matches {
		items[i] = map[string]any{"start": r.CursorStart, "end": r.CursorEnd, "text": m.Text, "type": m.Kind, "signature": m.Signature}
	}
	return map[string]any{"_jupyter_types_experimental": items}
}

// Completer answers complete_request and inspect_request.
type Completer struct {
	env     Env
	tracker *Tracker
	syms    map[string]map[string]reflect.Value // "path/name" → symbols
	paths   map[string]string                   // import path → key in syms
	names   map[string][]string                 // package name → import paths
}

// New returns a Completer over env (may be nil), the declarations tracker t
// (may be nil) and the symbol tables syms (nil means symbols.Symbols, the
// tables the session loads into the interpreter).
func New(env Env, t *Tracker, syms map[string]map[string]reflect.Value) *Completer {
	if syms == nil {
		syms = symbols.Symbols
	}
	if t == nil {
		t = NewTracker()
	}
	c := &Completer{env: env, tracker: t, syms: syms, paths: map[string]string{}, names: map[string][]string{}}
	for k := range syms {
		if k == "." || strings.HasPrefix(k, "gonlm/_gonlm") {
			continue
		}
		p, name := path.Dir(k), path.Base(k)
		c.paths[p] = k
		c.names[name] = append(c.names[name], p)
	}
	for _, ps := range c.names {
		sort.Strings(ps)
	}
	t.mu.Lock()
	t.pkgName = c.packageName
	t.mu.Unlock()
	return c
}

// packageName returns the package name of an import path (rand for
// math/rand/v2), or the path's last element if the path is unknown.
func (c *Completer) packageName(importPath string) string {
	if k, ok := c.paths[importPath]; ok {
		return path.Base(k)
	}
	return path.Base(importPath)
}

// importPath returns the import path that name refers to in a cell: an
// import recorded by the tracker, or else the only known package with that
// name (so that mat. completes before the import cell has run).
func (c *Completer) importPath(name string) (string, bool) {
	if p, ok := c.tracker.Imports()[name]; ok {
		return p, true
	}
	ps := c.names[name]
	if len(ps) == 0 {
		return "", false
	}
	// Several paths with one package name are one package when they share
	// a symbol table (a short path such as "nlm" and its full path).
	first := reflect.ValueOf(c.syms[c.paths[ps[0]]]).Pointer()
	for _, p := range ps[1:] {
		if reflect.ValueOf(c.syms[c.paths[p]]).Pointer() != first {
			return "", false
		}
	}
	return ps[0], true
}

// globals returns the environment's globals, or nil.
func (c *Completer) globals() map[string]reflect.Value {
	if c.env == nil {
		return nil
	}
	return c.env.Globals()
}

// runeToByte converts a cursor position in code points to a byte offset,
// clamped to the code.
func runeToByte(code string, cursor int) int {
	if cursor <= 0 {
		return 0
	}
	n := 0
	for i := range code {
		if n == cursor {
			return i
		}
		n++
	}
	return len(code)
}

// byteToRune converts a byte offset to a position in code points.
func byteToRune(code string, off int) int { return utf8.RuneCountInString(code[:off]) }

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// identStart returns the start of the identifier that ends at off.
func identStart(code string, off int) int {
	for off > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:off])
		if !isIdentRune(r) {
			break
		}
		off -= n
	}
	return off
}

// identEnd returns the end of the identifier that starts before or at off.
func identEnd(code string, off int) int {
	for off < len(code) {
		r, n := utf8.DecodeRuneInString(code[off:])
		if !isIdentRune(r) {
			break
		}
		off += n
	}
	return off
}

// chainBefore returns the selector chain a.b.c that ends just before the
// dot at code[dot], or nil when the operand is not a plain chain (a call,
// an index expression).
func chainBefore(code string, dot int) []string {
	var parts []string
	end := dot
	for {
		start := identStart(code, end)
		if start == end {
			return nil
		}
		if r, _ := utf8.DecodeRuneInString(code[start:]); unicode.IsDigit(r) {
			return nil
		}
		parts = append([]string{code[start:end]}, parts...)
		if start > 0 && code[start-1] == '.' {
			end = start - 1
			continue
		}
		return parts
	}
}

// Complete returns the completions at cursorPos (in code points) of code.
func (c *Completer) Complete(code string, cursorPos int) Result {
	off := runeToByte(code, cursorPos)
	if r, ok := c.completeImport(code, off); ok {
		return r
	}
	start := identStart(code, off)
	prefix := code[start:off]
	res := Result{CursorStart: byteToRune(code, start), CursorEnd: byteToRune(code, off)}
	var cands []Match
	if start > 0 && code[start-1] == '.' {
		chain := chainBefore(code, start-1)
		if chain == nil {
			return res
		}
		cands = c.members(chain)
	} else {
		if prefix == "" {
			return res // nothing typed: no flood of every name
		}
		cands = c.identifiers(code, start, off)
	}
	seen := map[string]bool{}
	for _, m := range cands {
		if strings.HasPrefix(m.Text, prefix) && !seen[m.Text] {
			seen[m.Text] = true
			res.Matches = append(res.Matches, m)
		}
	}
	if len(res.Matches) == 0 && prefix != "" {
		// Fall back to a case-insensitive prefix match (newd → NewDense).
		lp := strings.ToLower(prefix)
		for _, m := range cands {
			if strings.HasPrefix(strings.ToLower(m.Text), lp) && !seen[m.Text] {
				seen[m.Text] = true
				res.Matches = append(res.Matches, m)
			}
		}
	}
	sort.SliceStable(res.Matches, func(i, j int) bool { return res.Matches[i].Text < res.Matches[j].Text })
	return res
}

// completeImport completes an import path inside an import string.
func (c *Completer) completeImport(code string, off int) (Result, bool) {
	lineStart := strings.LastIndexByte(code[:off], '\n') + 1
	line := code[lineStart:off]
	q := strings.LastIndexByte(line, '"')
	if q < 0 || strings.Count(line, `"`)%2 == 0 {
		return Result{}, false
	}
	before := strings.TrimSpace(line[:q])
	inImport := false
	switch {
	case strings.HasPrefix(before, "import"):
		inImport = true
	default:
		// Inside an import ( ... ) block: the last "import (" before the
		// line is not closed.
		prev := code[:lineStart]
		if i := strings.LastIndex(prev, "import ("); i >= 0 && !strings.Contains(prev[i:], ")") {
			inImport = before == "" || isIdent(before)
		}
	}
	if !inImport {
		return Result{}, false
	}
	prefix := line[q+1:]
	start := lineStart + q + 1
	res := Result{CursorStart: byteToRune(code, start), CursorEnd: byteToRune(code, off)}
	for _, p := range symbols.Packages() {
		if _, ok := c.paths[p]; ok && strings.HasPrefix(p, prefix) {
			res.Matches = append(res.Matches, Match{Text: p, Kind: "module"})
		}
	}
	return res, true
}

func isIdent(s string) bool {
	for _, r := range s {
		if !isIdentRune(r) {
			return false
		}
	}
	return s != ""
}

// keywords and builtins of Go.
var (
	keywords = []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
		"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package",
		"range", "return", "select", "struct", "switch", "type", "var"}
	builtinFuncs = map[string]string{
		"append": "func append(slice []Type, elems ...Type) []Type", "cap": "func cap(v Type) int",
		"clear": "func clear[T ~[]Type | ~map[Type]Type1](t T)", "close": "func close(c chan<- Type)",
		"complex": "func complex(r, i FloatType) ComplexType", "copy": "func copy(dst, src []Type) int",
		"delete": "func delete(m map[Type]Type1, key Type)", "imag": "func imag(c ComplexType) FloatType",
		"len": "func len(v Type) int", "make": "func make(t Type, size ...IntegerType) Type",
		"max": "func max[T cmp.Ordered](x T, y ...T) T", "min": "func min[T cmp.Ordered](x T, y ...T) T",
		"new": "func new(Type) *Type", "panic": "func panic(v any)", "print": "func print(args ...Type)",
		"println": "func println(args ...Type)", "real": "func real(c ComplexType) FloatType",
		"recover": "func recover() any",
	}
	builtinTypes  = []string{"any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64", "int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"}
	builtinConsts = []string{"true", "false", "iota", "nil"}
)

// identifiers lists every name that may start at start: keywords, builtins,
// globals, tracked declarations, imported packages, names used in the code
// itself and the names of known packages.
func (c *Completer) identifiers(code string, start, off int) []Match {
	var out []Match
	for _, k := range keywords {
		out = append(out, Match{Text: k, Kind: "keyword"})
	}
	for k, sig := range builtinFuncs {
		out = append(out, Match{Text: k, Kind: "function", Signature: sig})
	}
	for _, k := range builtinTypes {
		out = append(out, Match{Text: k, Kind: "type"})
	}
	for _, k := range builtinConsts {
		out = append(out, Match{Text: k, Kind: "constant"})
	}
	for name, v := range c.globals() {
		if strings.HasPrefix(name, "_") {
			continue
		}
		out = append(out, Match{Text: name, Kind: "variable", Signature: typeString(v)})
	}
	for _, d := range c.tracker.Decls() {
		kind := map[string]string{"func": "function", "type": "type", "var": "variable", "const": "constant"}[d.Kind]
		out = append(out, Match{Text: d.Name, Kind: kind, Signature: firstLine(d.Source)})
	}
	for name, p := range c.tracker.Imports() {
		out = append(out, Match{Text: name, Kind: "package", Signature: p})
	}
	for _, w := range codeIdents(code, start, off) {
		out = append(out, Match{Text: w, Kind: "variable"})
	}
	for name, ps := range c.names {
		out = append(out, Match{Text: name, Kind: "package", Signature: strings.Join(ps, " ")})
	}
	return out
}

// codeIdents returns the identifiers of code, except the one being typed
// at [start, off) and those with a leading underscore.
func codeIdents(code string, start, off int) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(code))
	s.Init(f, []byte(code), func(token.Position, string) {}, 0)
	var out []string
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.IDENT || strings.HasPrefix(lit, "_") {
			continue
		}
		if o := f.Offset(pos); o == start && o+len(lit) >= off {
			continue
		}
		out = append(out, lit)
	}
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// members lists the members of the selector chain: a package's exported
// symbols, or the fields and methods of a global's value.
func (c *Completer) members(chain []string) []Match {
	globals := c.globals()
	if v, ok := globals[chain[0]]; ok {
		v, ok = walkFields(v, chain[1:])
		if !ok {
			return nil
		}
		out := valueMembers(v)
		if len(chain) == 1 {
			// Methods of a cell type are not visible through reflect.
			if tn, ok := c.tracker.TypeOf(chain[0]); ok {
				if d, ok := c.tracker.Lookup(tn); ok {
					for name, m := range d.Methods {
						out = append(out, Match{Text: name, Kind: "method", Signature: m.Source})
					}
				}
			}
		}
		return out
	}
	if d, ok := c.tracker.Lookup(chain[0]); ok && d.Kind == "type" && len(chain) == 1 {
		var out []Match
		for name, m := range d.Methods {
			out = append(out, Match{Text: name, Kind: "method", Signature: m.Source})
		}
		return out
	}
	p, ok := c.importPath(chain[0])
	if !ok {
		return nil
	}
	syms := c.syms[c.paths[p]]
	if len(chain) == 2 {
		// pkg.Type. → the type's methods (method expressions).
		if v, ok := syms[chain[1]]; ok && symKind(v) == "type" {
			t := v.Type().Elem()
			out := typeMethods(t)
			if t.Kind() != reflect.Interface {
				out = append(out, typeMethods(reflect.PointerTo(t))...)
			}
			return out
		}
		return nil
	}
	if len(chain) != 1 {
		return nil
	}
	out := make([]Match, 0, len(syms))
	for name, v := range syms {
		if strings.HasPrefix(name, "_") {
			continue
		}
		out = append(out, Match{Text: name, Kind: kindName(symKind(v)), Signature: symSignature(path.Base(p), name, v)})
	}
	return out
}

// walkFields follows struct fields (through pointers and interfaces) from v.
func walkFields(v reflect.Value, fields []string) (reflect.Value, bool) {
	for _, f := range fields {
		v = deref(v)
		if !v.IsValid() || v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		fv := v.FieldByName(f)
		if !fv.IsValid() {
			fv = v.FieldByName("X" + f) // yaegi's name for an unexported field of a cell type
		}
		if !fv.IsValid() {
			return reflect.Value{}, false
		}
		v = fv
	}
	return v, true
}

// deref follows non-nil pointers and interfaces.
func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && !v.IsNil() {
		v = v.Elem()
	}
	return v
}

// valueMembers lists the methods and fields of v.
func valueMembers(v reflect.Value) []Match {
	if !v.IsValid() {
		return nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	out := typeMethods(v.Type())
	if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface {
		// A global is addressable: pointer methods apply too.
		out = append(out, typeMethods(reflect.PointerTo(v.Type()))...)
	}
	s := deref(v)
	if s.IsValid() && s.Kind() == reflect.Struct {
		t := s.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name := f.Name
			if !f.IsExported() {
				continue
			}
			if t.Name() == "" && len(name) > 1 && name[0] == 'X' && unicode.IsLower(rune(name[1])) {
				name = name[1:] // yaegi exports a cell struct's field x as Xx
			}
			out = append(out, Match{Text: name, Kind: "field", Signature: f.Type.String()})
		}
	}
	return out
}

// typeMethods lists the exported methods of t, with their signatures
// (receiver removed).
func typeMethods(t reflect.Type) []Match {
	var out []Match
	for i := 0; i < t.NumMethod(); i++ {
		m := t.Method(i)
		if !m.IsExported() {
			continue
		}
		out = append(out, Match{Text: m.Name, Kind: "method", Signature: methodSig(t, m)})
	}
	return out
}

// methodSig formats a method's signature without its receiver.
func methodSig(t reflect.Type, m reflect.Method) string {
	ft := m.Type
	skip := 1
	if t.Kind() == reflect.Interface {
		skip = 0
	}
	var in []string
	for i := skip; i < ft.NumIn(); i++ {
		s := ft.In(i).String()
		if ft.IsVariadic() && i == ft.NumIn()-1 {
			s = "..." + ft.In(i).Elem().String()
		}
		in = append(in, s)
	}
	sig := "func(" + strings.Join(in, ", ") + ")"
	switch ft.NumOut() {
	case 0:
	case 1:
		sig += " " + ft.Out(0).String()
	default:
		var out []string
		for i := 0; i < ft.NumOut(); i++ {
			out = append(out, ft.Out(i).String())
		}
		sig += " (" + strings.Join(out, ", ") + ")"
	}
	return sig
}

var constantValue = reflect.TypeOf((*constant.Value)(nil)).Elem()

// symKind classifies a yaegi symbol table value: "func", "type", "var" or
// "const" (see the anatomy of `yaegi extract` output).
func symKind(v reflect.Value) string {
	switch {
	case !v.IsValid():
		return "const"
	case v.CanAddr():
		return "var"
	case v.Kind() == reflect.Pointer && v.IsNil():
		return "type"
	case v.Kind() == reflect.Func:
		return "func"
	}
	return "const"
}

// kindName maps a symbol kind to a completion kind.
func kindName(k string) string {
	return map[string]string{"func": "function", "type": "type", "var": "variable", "const": "constant"}[k]
}

// symSignature describes a package symbol for completion.
func symSignature(pkg, name string, v reflect.Value) string {
	switch symKind(v) {
	case "func":
		return v.Type().String()
	case "type":
		return "type " + pkg + "." + name + " " + underlying(v.Type().Elem())
	case "var":
		return v.Type().String()
	}
	if v.IsValid() && v.Type().Implements(constantValue) {
		return "untyped " + v.Interface().(constant.Value).ExactString()
	}
	if v.IsValid() {
		return v.Type().String()
	}
	return ""
}

// underlying names the kind of a type: "struct", "interface", "func", or
// the type itself for the rest.
func underlying(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Interface, reflect.Func, reflect.Map, reflect.Slice, reflect.Chan:
		return t.Kind().String()
	}
	return t.Kind().String()
}

// typeString returns the type of a global value for display.
func typeString(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return v.Elem().Type().String()
	}
	return v.Type().String()
}

// Resolver returns the cell.Resolver view of this completer: globals from
// Env, package members from the tracked imports and the symbol tables. Pass
// it in cell.Options so that range over an int global or an iterator is
// recognised.
func (c *Completer) Resolver() cell.Resolver { return resolver{c} }

type resolver struct{ c *Completer }

// GlobalType returns the type of a global variable or constant.
func (r resolver) GlobalType(name string) (reflect.Type, bool) {
	v, ok := r.c.globals()[name]
	if !ok || !v.IsValid() {
		return nil, false
	}
	if v.Type().Implements(constantValue) {
		return constType(v.Interface().(constant.Value))
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return v.Elem().Type(), true
	}
	return v.Type(), true
}

// MemberType returns the type of pkg.name: a function's signature, a
// variable's or typed constant's type, a named type itself, or the default
// type of an untyped constant.
func (r resolver) MemberType(pkg, name string) (reflect.Type, bool) {
	p, ok := r.c.importPath(pkg)
	if !ok {
		return nil, false
	}
	v, ok := r.c.syms[r.c.paths[p]][name]
	if !ok || !v.IsValid() {
		return nil, false
	}
	switch symKind(v) {
	case "type":
		return v.Type().Elem(), true
	case "const":
		if v.Type().Implements(constantValue) {
			return constType(v.Interface().(constant.Value))
		}
	}
	return v.Type(), true
}

// constType returns the default type of an untyped constant.
func constType(c constant.Value) (reflect.Type, bool) {
	switch c.Kind() {
	case constant.Int:
		return reflect.TypeOf(0), true
	case constant.Float:
		return reflect.TypeOf(0.0), true
	case constant.String:
		return reflect.TypeOf(""), true
	case constant.Bool:
		return reflect.TypeOf(false), true
	case constant.Complex:
		return reflect.TypeOf(complex128(0)), true
	}
	return nil, false
}
