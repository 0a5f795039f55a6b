package cell

import (
	"go/ast"
	"go/types"
	"strings"
)

// Calls of the members of package slices that yaegi v0.16.1 lacks.
//
// yaegi v0.16.1 provides slices as an interpreted copy of Go 1.22's
// slices.go only: sort.go and zsortanyfunc.go are left out of its sources
// ("FIXME(marc): support the following"), so Sort, SortFunc,
// SortStableFunc, IsSorted, IsSortedFunc, Min, MinFunc, Max, MaxFunc,
// BinarySearch and BinarySearchFunc do not exist in the interpreter, and
// the compiled tables cannot have them (yaegi extract skips generic
// functions). A call of one of them becomes a call of an interpreted
// generic helper (declared by a helper chunk, as _gonlm_min is) with its
// type arguments written out, slices.Sort(xs) → _gonlm_slicesSort[float32](xs):
//
//   - The sorts call compiled sort.Slice and sort.SliceStable with a less
//     function over the elements: Go's sort.Slice and slices.SortFunc (and
//     sort.SliceStable and slices.SortStableFunc) are generated from one
//     template (sort/gen_sort_variants.go), so they make the same
//     comparisons and swaps in the same order and leave equal elements
//     where Go leaves them. slices.Sort's less is cmp.Less, x < y with NaNs
//     first; for []int, []float64 and []string it is the compiled sort.Ints,
//     sort.Float64s and sort.Strings, which are slices.Sort.
//   - Min and Max are Go's loop, m = min(m, x[i]), with the builtin's
//     semantics written out: a NaN anywhere gives NaN, and for floats
//     min(-0, +0) is -0 and max(-0, +0) is +0 (math.Signbit). An empty
//     slice panics with Go's message ("slices.Max: empty list").
//   - The others are Go's loops.
//
// The slice goes to the helper as []E (converted when its type is a named
// slice type; the elements are shared, as in Go); each argument is
// evaluated once, in order, as in the call it replaces. A negative zero
// keeps its sign: the elements are read from the slice (yaegi v0.16.1 loses
// the sign of a -0 float argument of a declared function).
//
// A member used as a value (f := slices.Sort[[]int]), or called with a type
// parameter among its type arguments (in a generic function of a cell), is
// still refused before the cell runs (check.go, availability).

// slicesHelper is the interpreted replacement of one member of slices.
type slicesHelper struct {
	name string // the helper function
	src  string // its declaration
	// float is the helper for floating-point elements, when their
	// semantics differ (NaN, -0).
	float *slicesHelper
	// fast are compiled functions equal to the member for element types
	// int, float64 and string (sort.Ints is slices.Sort).
	fast map[types.BasicKind]string
	// imports the helper's source uses: path → name (see qualify).
	imports []string
}

// slicesHelpers are the helpers by member name.
var slicesHelpers = map[string]*slicesHelper{
	"Sort": {
		name:    "_gonlm_slicesSort",
		src:     `func _gonlm_slicesSort[E any](x []E) { _gonlm_sort.Slice(x, func(i, j int) bool { return x[i] != x[i] && x[j] == x[j] || x[i] < x[j] }) }`,
		fast:    map[types.BasicKind]string{types.Int: "_gonlm_sort.Ints", types.Float64: "_gonlm_sort.Float64s", types.String: "_gonlm_sort.Strings"},
		imports: []string{"sort"},
	},
	"SortFunc": {
		name:    "_gonlm_slicesSortFunc",
		src:     `func _gonlm_slicesSortFunc[E any](x []E, cmp func(a, b E) int) { _gonlm_sort.Slice(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 }) }`,
		imports: []string{"sort"},
	},
	"SortStableFunc": {
		name:    "_gonlm_slicesSortStableFunc",
		src:     `func _gonlm_slicesSortStableFunc[E any](x []E, cmp func(a, b E) int) { _gonlm_sort.SliceStable(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 }) }`,
		imports: []string{"sort"},
	},
	"IsSorted": {
		name: "_gonlm_slicesIsSorted",
		src:  `func _gonlm_slicesIsSorted[E any](x []E) bool { for i := len(x) - 1; i > 0; i-- { if x[i] != x[i] && x[i-1] == x[i-1] || x[i] < x[i-1] { return false } }; return true }`,
	},
	"IsSortedFunc": {
		name: "_gonlm_slicesIsSortedFunc",
		src:  `func _gonlm_slicesIsSortedFunc[E any](x []E, cmp func(a, b E) int) bool { for i := len(x) - 1; i > 0; i-- { if cmp(x[i], x[i-1]) < 0 { return false } }; return true }`,
	},
	"Min": {
		name: "_gonlm_slicesMin",
		src:  `func _gonlm_slicesMin[E any](x []E) E { if len(x) < 1 { panic("slices.Min: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { if x[i] < m { m = x[i] } }; return m }`,
		float: &slicesHelper{
			name:    "_gonlm_slicesMinFloat",
			src:     `func _gonlm_slicesMinFloat[E any](x []E) E { if len(x) < 1 { panic("slices.Min: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { v := x[i]; if v != v || v < m || v == m && v == 0 && _gonlm_math.Signbit(float64(v)) { m = v } }; return m }`,
			imports: []string{"math"},
		},
	},
	"Max": {
		name: "_gonlm_slicesMax",
		src:  `func _gonlm_slicesMax[E any](x []E) E { if len(x) < 1 { panic("slices.Max: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { if x[i] > m { m = x[i] } }; return m }`,
		float: &slicesHelper{
			name:    "_gonlm_slicesMaxFloat",
			src:     `func _gonlm_slicesMaxFloat[E any](x []E) E { if len(x) < 1 { panic("slices.Max: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { v := x[i]; if v != v || v > m || v == m && v == 0 && _gonlm_math.Signbit(float64(m)) { m = v } }; return m }`,
			imports: []string{"math"},
		},
	},
	"MinFunc": {
		name: "_gonlm_slicesMinFunc",
		src:  `func _gonlm_slicesMinFunc[E any](x []E, cmp func(a, b E) int) E { if len(x) < 1 { panic("slices.MinFunc: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { if cmp(x[i], m) < 0 { m = x[i] } }; return m }`,
	},
	"MaxFunc": {
		name: "_gonlm_slicesMaxFunc",
		src:  `func _gonlm_slicesMaxFunc[E any](x []E, cmp func(a, b E) int) E { if len(x) < 1 { panic("slices.MaxFunc: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { if cmp(x[i], m) > 0 { m = x[i] } }; return m }`,
	},
	"BinarySearch": {
		name: "_gonlm_slicesBinarySearch",
		src:  `func _gonlm_slicesBinarySearch[E any](x []E, target E) (int, bool) { n := len(x); i, j := 0, n; for i < j { h := int(uint(i+j) >> 1); if x[h] != x[h] && target == target || x[h] < target { i = h + 1 } else { j = h } }; return i, i < n && (x[i] == target || x[i] != x[i] && target != target) }`,
	},
	"BinarySearchFunc": {
		name: "_gonlm_slicesBinarySearchFunc",
		src:  `func _gonlm_slicesBinarySearchFunc[E, T any](x []E, target T, cmp func(E, T) int) (int, bool) { n := len(x); i, j := 0, n; for i < j { h := int(uint(i+j) >> 1); if cmp(x[h], target) < 0 { i = h + 1 } else { j = h } }; return i, i < n && cmp(x[i], target) == 0 }`,
	},
}

// slicesTarget returns the helper that replaces call c, the identifier
// naming the member, and the member's type arguments (S, E, ...), or nil
// when c is not a call of a member of slices that the front end rewrites.
func slicesTarget(info *types.Info, c *ast.CallExpr) (*slicesHelper, *ast.Ident, *types.TypeList) {
	fn := ast.Unparen(c.Fun)
	switch x := fn.(type) {
	case *ast.IndexExpr:
		fn = ast.Unparen(x.X)
	case *ast.IndexListExpr:
		fn = ast.Unparen(x.X)
	}
	if sel, ok := fn.(*ast.SelectorExpr); ok {
		fn = sel.Sel
	}
	id, ok := fn.(*ast.Ident)
	if !ok {
		return nil, nil, nil
	}
	obj, ok := info.Uses[id].(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "slices" {
		return nil, nil, nil
	}
	h := slicesHelpers[obj.Name()]
	if h == nil || c.Ellipsis.IsValid() {
		return nil, nil, nil
	}
	inst, ok := info.Instances[id]
	if !ok || inst.TypeArgs.Len() < 2 {
		return nil, nil, nil
	}
	for i := range inst.TypeArgs.Len() {
		if mentionsTypeParam(inst.TypeArgs.At(i)) {
			return nil, nil, nil
		}
	}
	if b, ok := inst.TypeArgs.At(1).Underlying().(*types.Basic); ok && b.Info()&types.IsFloat != 0 && h.float != nil {
		h = h.float
	}
	return h, id, inst.TypeArgs
}

// mentionsTypeParam reports whether t is or contains a type parameter.
func mentionsTypeParam(t types.Type) bool {
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Slice:
		return mentionsTypeParam(t.Elem())
	case *types.Array:
		return mentionsTypeParam(t.Elem())
	case *types.Pointer:
		return mentionsTypeParam(t.Elem())
	case *types.Map:
		return mentionsTypeParam(t.Key()) || mentionsTypeParam(t.Elem())
	case *types.Chan:
		return mentionsTypeParam(t.Elem())
	case *types.Named:
		for i := range t.TypeArgs().Len() {
			if mentionsTypeParam(t.TypeArgs().At(i)) {
				return true
			}
		}
	case *types.Signature:
		return mentionsTypeParam(t.Params()) || mentionsTypeParam(t.Results())
	case *types.Tuple:
		for i := range t.Len() {
			if mentionsTypeParam(t.At(i).Type()) {
				return true
			}
		}
	case *types.Struct:
		for i := range t.NumFields() {
			if mentionsTypeParam(t.Field(i).Type()) {
				return true
			}
		}
	}
	return false
}

// slicesCall rewrites a call of a member of slices that yaegi lacks (see
// above) into a call of its helper, and reports whether it did.
func (r *rewriter) slicesCall(c *ast.CallExpr) bool {
	h, _, targs := slicesTarget(r.t.info, c)
	if h == nil {
		return false
	}
	s, e := targs.At(0), targs.At(1)
	args := make([]string, len(c.Args))
	for k, a := range c.Args {
		args[k] = r.takeNode(a)
	}
	es := r.typeString(e)
	if !types.Identical(s, types.NewSlice(e)) {
		args[0] = "[]" + es + "(" + args[0] + ")"
	}
	fn := ""
	if b, ok := e.(*types.Basic); ok && h.fast[b.Kind()] != "" {
		fn = h.fast[b.Kind()]
	} else {
		r.helpers.slices = append(r.helpers.slices, h)
		list := make([]string, targs.Len()-1)
		for i := range list {
			list[i] = r.typeString(targs.At(i + 1))
		}
		fn = h.name + "[" + strings.Join(list, ", ") + "]"
	}
	for _, p := range h.imports {
		r.helperImport(p)
	}
	start, end := r.off(c.Pos()), r.off(c.End())
	r.take(start, end)
	r.replace(start, end, fn+"("+strings.Join(args, ", ")+")")
	return true
}

// helperImport makes the helper chunks import the package with path p
// under the name qualify gives it (_gonlm_sort for "sort").
func (r *rewriter) helperImport(p string) {
	if r.helpers.imports == nil {
		r.helpers.imports = map[string]string{}
	}
	if _, ok := r.helpers.imports[p]; !ok {
		r.helpers.imports[p] = "_gonlm_" + p
	}
}

// HelperFunc returns, for a function that the front end's helper chunks
// declare, the name Go gives the function it stands for (slices.Max for
// _gonlm_slicesMax), so that tracebacks name what the cell called; skip is
// true for a function literal inside such a helper (sort's less function,
// which Go has not). ok is false for other functions.
func HelperFunc(name string) (goName string, skip, ok bool) {
	base, lit, _ := strings.Cut(name, ".")
	for member, h := range slicesHelpers {
		if h.name == base || h.float != nil && h.float.name == base {
			return "slices." + member, lit != "", true
		}
	}
	return "", false, false
}
