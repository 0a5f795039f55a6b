package cell

import (
	"go/ast"
	"go/types"
	"strings"
)

// Calls of the members of packages slices and maps that yaegi v0.16.1
// lacks or fails on.
//
// yaegi v0.16.1 provides slices and maps as interpreted copies of Go 1.22's
// slices.go and maps.go only: sort.go, zsortanyfunc.go and iter.go are
// left out of its sources ("FIXME(marc): support the following"), so Sort,
// SortFunc, SortStableFunc, IsSorted(Func), Min(Func), Max(Func),
// BinarySearch(Func) and the iterator functions (slices.All, Values,
// Backward, Collect, AppendSeq, Sorted(Func), maps.Keys, Values, All,
// Insert, Collect) do not exist in the interpreter, and its Delete(Func),
// Compact(Func), Concat and maps.Clone fail
// whatever their arguments (symbols.brokenInterpreted); the compiled
// tables cannot have them (yaegi extract skips generic functions). A call
// of one of them becomes a call of an interpreted generic helper (declared
// by a helper chunk, as _gonlm_min is) with its type arguments written
// out, slices.Sort(xs) → _gonlm_slicesSort[float32](xs):
//
//   - The sorts call compiled sort.Slice and sort.SliceStable with a less
//     function over the elements: Go's sort.Slice and slices.SortFunc (and
//     sort.SliceStable and slices.SortStableFunc) are generated from one
//     template (sort/gen_sort_variants.go), so they make the same
//     comparisons and swaps in the same order and leave equal elements
//     where Go leaves them. slices.Sort's less is cmp.Less, x < y with NaNs
//     first; for []int, []float64 and []string it is the compiled sort.Ints,
//     sort.Float64s and sort.Strings, which are slices.Sort, and float32
//     and the smaller integer types go through them (sortVia).
//   - Min and Max are Go's loop, m = min(m, x[i]), with the builtin's
//     semantics written out: a NaN anywhere gives NaN, and for floats
//     min(-0, +0) is -0 and max(-0, +0) is +0 (math.Signbit). An empty
//     slice panics with Go's message ("slices.Max: empty list").
//   - An iter.Seq[V] (iter.Seq2[K, V]) is a func(yield func(V) bool)
//     (func(yield func(K, V) bool)): the helpers return one, range
//     statements over it call it (rangeStmt), and writeType writes the
//     iterator types so (iter's generic types are not in the interpreter).
//   - The others are Go's loops, the builtin clear a zeroing loop.
//
// The slice or map goes to the helper as its underlying type (converted
// when its type is named; the elements are shared, as in Go), and a result
// of that type is converted back (slices.Compact of a named slice type
// returns that type); each argument is evaluated once, in order, as in the
// call it replaces. A negative zero keeps its sign: the elements are read
// from the slice (yaegi v0.16.1 loses the sign of a -0 float argument of a
// declared function).
//
// A member used as a value (f := slices.Sort[[]int]), or called with a type
// parameter among its type arguments (in a generic function of a cell), is
// still refused before the cell runs (check.go, availability), as are
// slices.Concat(parts...) with parts of a named slice type and the members
// not listed here that yaegi lacks (slices.Replace, Chunk, Repeat, ...).

// funcHelper is an interpreted generic function that replaces one member
// of slices or maps, or the builtin min or max (builtinHelpers).
type funcHelper struct {
	name string // the helper function
	src  string // its declaration
	// float is the helper for floating-point elements, when their
	// semantics differ (NaN, -0).
	float *funcHelper
	// ordered is true for slices.Sort and slices.Sorted, whose sort
	// orderedSort chooses by the element type (Sorted's helper gets it as
	// its last argument).
	ordered bool
	// imports are the paths of the packages the helper's source uses
	// (as _gonlm_<path>, the name qualify gives them).
	imports []string
	// seq is true for a member whose first type parameter is not the
	// type of its first argument (slices.Collect[E](seq iter.Seq[E])):
	// every type argument goes to the helper. Otherwise the first type
	// argument is the slice or map type of the first argument (S ~[]E,
	// M ~map[K]V): the helper takes its underlying type, converted to
	// when it is named, and the other type arguments.
	seq bool
	// result is true when the member returns its first argument's type
	// (M for maps.Clone[M ~map[K]V]): the helper's result, of the
	// underlying type, is converted back when that type is named.
	result bool
	// variadic is true for slices.Concat[S](slices ...S): every argument
	// is converted, and a call with ... only when S is not named.
	variadic bool
}

// slicesHelpers are the helpers by member: "slices.Sort", "maps.Keys".
var slicesHelpers = map[string]*funcHelper{
	"slices.Sort": {
		name:    "_gonlm_slicesSort",
		src:     `func _gonlm_slicesSort[E any](x []E) { _gonlm_sort.Slice(x, func(i, j int) bool { return x[i] != x[i] && x[j] == x[j] || x[i] < x[j] }) }`,
		imports: []string{"sort"},
		ordered: true,
	},
	"slices.SortFunc": {
		name:    "_gonlm_slicesSortFunc",
		src:     `func _gonlm_slicesSortFunc[E any](x []E, cmp func(a, b E) int) { _gonlm_sort.Slice(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 }) }`,
		imports: []string{"sort"},
	},
	"slices.SortStableFunc": {
		name:    "_gonlm_slicesSortStableFunc",
		src:     `func _gonlm_slicesSortStableFunc[E any](x []E, cmp func(a, b E) int) { _gonlm_sort.SliceStable(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 }) }`,
		imports: []string{"sort"},
	},
	"slices.IsSorted": {
		name: "_gonlm_slicesIsSorted",
		src:  `func _gonlm_slicesIsSorted[E any](x []E) bool { for i := len(x) - 1; i > 0; i-- { if x[i] != x[i] && x[i-1] == x[i-1] || x[i] < x[i-1] { return false } }; return true }`,
	},
	"slices.IsSortedFunc": {
		name: "_gonlm_slicesIsSortedFunc",
		src:  `func _gonlm_slicesIsSortedFunc[E any](x []E, cmp func(a, b E) int) bool { for i := len(x) - 1; i > 0; i-- { if cmp(x[i], x[i-1]) < 0 { return false } }; return true }`,
	},
	"slices.Min": {
		name: "_gonlm_slicesMin",
		src:  `func _gonlm_slicesMin[E any](x []E) E { if len(x) < 1 { panic("slices.Min: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { if x[i] < m { m = x[i] } }; return m }`,
		float: &funcHelper{
			name:    "_gonlm_slicesMinFloat",
			src:     `func _gonlm_slicesMinFloat[E any](x []E) E { if len(x) < 1 { panic("slices.Min: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { v := x[i]; if v != v || v < m || v == m && v == 0 && _gonlm_math.Signbit(float64(v)) { m = v } }; return m }`,
			imports: []string{"math"},
		},
	},
	"slices.Max": {
		name: "_gonlm_slicesMax",
		src:  `func _gonlm_slicesMax[E any](x []E) E { if len(x) < 1 { panic("slices.Max: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { if x[i] > m { m = x[i] } }; return m }`,
		float: &funcHelper{
			name:    "_gonlm_slicesMaxFloat",
			src:     `func _gonlm_slicesMaxFloat[E any](x []E) E { if len(x) < 1 { panic("slices.Max: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { v := x[i]; if v != v || v > m || v == m && v == 0 && _gonlm_math.Signbit(float64(m)) { m = v } }; return m }`,
			imports: []string{"math"},
		},
	},
	"slices.MinFunc": {
		name: "_gonlm_slicesMinFunc",
		src:  `func _gonlm_slicesMinFunc[E any](x []E, cmp func(a, b E) int) E { if len(x) < 1 { panic("slices.MinFunc: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { if cmp(x[i], m) < 0 { m = x[i] } }; return m }`,
	},
	"slices.MaxFunc": {
		name: "_gonlm_slicesMaxFunc",
		src:  `func _gonlm_slicesMaxFunc[E any](x []E, cmp func(a, b E) int) E { if len(x) < 1 { panic("slices.MaxFunc: empty list") }; m := x[0]; for i := 1; i < len(x); i++ { if cmp(x[i], m) > 0 { m = x[i] } }; return m }`,
	},
	"slices.BinarySearch": {
		name: "_gonlm_slicesBinarySearch",
		src:  `func _gonlm_slicesBinarySearch[E any](x []E, target E) (int, bool) { n := len(x); i, j := 0, n; for i < j { h := int(uint(i+j) >> 1); if x[h] != x[h] && target == target || x[h] < target { i = h + 1 } else { j = h } }; return i, i < n && (x[i] == target || x[i] != x[i] && target != target) }`,
	},
	"slices.BinarySearchFunc": {
		name: "_gonlm_slicesBinarySearchFunc",
		src:  `func _gonlm_slicesBinarySearchFunc[E, T any](x []E, target T, cmp func(E, T) int) (int, bool) { n := len(x); i, j := 0, n; for i < j { h := int(uint(i+j) >> 1); if cmp(x[h], target) < 0 { i = h + 1 } else { j = h } }; return i, i < n && cmp(x[i], target) == 0 }`,
	},
	// yaegi's own Delete, DeleteFunc, Compact and CompactFunc fail
	// whatever their arguments (symbols.brokenInterpreted); the builtin
	// clear is a zeroing loop here.
	"slices.Delete": {
		name:   "_gonlm_slicesDelete",
		src:    `func _gonlm_slicesDelete[E any](s []E, i, j int) []E { _ = s[i:j:len(s)]; if i == j { return s }; oldlen := len(s); s = append(s[:i], s[j:]...); var z E; for k := len(s); k < oldlen; k++ { s[:oldlen][k] = z }; return s }`,
		result: true,
	},
	"slices.DeleteFunc": {
		name:   "_gonlm_slicesDeleteFunc",
		src:    `func _gonlm_slicesDeleteFunc[E any](s []E, del func(E) bool) []E { i := -1; for k := range s { if del(s[k]) { i = k; break } }; if i == -1 { return s }; for j := i + 1; j < len(s); j++ { if v := s[j]; !del(v) { s[i] = v; i++ } }; var z E; for k := i; k < len(s); k++ { s[k] = z }; return s[:i] }`,
		result: true,
	},
	"slices.Compact": {
		name:   "_gonlm_slicesCompact",
		src:    `func _gonlm_slicesCompact[E any](s []E) []E { if len(s) < 2 { return s }; for k := 1; k < len(s); k++ { if s[k] == s[k-1] { s2 := s[k:]; for k2 := 1; k2 < len(s2); k2++ { if s2[k2] != s2[k2-1] { s[k] = s2[k2]; k++ } }; var z E; for k2 := k; k2 < len(s); k2++ { s[k2] = z }; return s[:k] } }; return s }`,
		result: true,
	},
	"slices.CompactFunc": {
		name:   "_gonlm_slicesCompactFunc",
		src:    `func _gonlm_slicesCompactFunc[E any](s []E, eq func(E, E) bool) []E { if len(s) < 2 { return s }; for k := 1; k < len(s); k++ { if eq(s[k], s[k-1]) { s2 := s[k:]; for k2 := 1; k2 < len(s2); k2++ { if !eq(s2[k2], s2[k2-1]) { s[k] = s2[k2]; k++ } }; var z E; for k2 := k; k2 < len(s); k2++ { s[k2] = z }; return s[:k] } }; return s }`,
		result: true,
	},
	"slices.Concat": {
		name:     "_gonlm_slicesConcat",
		src:      `func _gonlm_slicesConcat[E any](ss ...[]E) []E { size := 0; for _, s := range ss { size += len(s); if size < 0 { panic("len out of range") } }; var n []E; if size > 0 { n = append(n[:0], make([]E, size)...)[:0] }; for _, s := range ss { n = append(n, s...) }; return n }`,
		result:   true,
		variadic: true,
	},
	// The iterator functions: an iter.Seq[V] or iter.Seq2[K, V] is a
	// func(yield func(V) bool) or func(yield func(K, V) bool) (see
	// writeType), which range statements over it call (see rangeStmt).
	"slices.All": {
		name: "_gonlm_slicesAll",
		src:  `func _gonlm_slicesAll[E any](s []E) func(func(int, E) bool) { return func(yield func(int, E) bool) { for i, v := range s { if !yield(i, v) { return } } } }`,
	},
	"slices.Values": {
		name: "_gonlm_slicesValues",
		src:  `func _gonlm_slicesValues[E any](s []E) func(func(E) bool) { return func(yield func(E) bool) { for _, v := range s { if !yield(v) { return } } } }`,
	},
	"slices.Backward": {
		name: "_gonlm_slicesBackward",
		src:  `func _gonlm_slicesBackward[E any](s []E) func(func(int, E) bool) { return func(yield func(int, E) bool) { for i := len(s) - 1; i >= 0; i-- { if !yield(i, s[i]) { return } } } }`,
	},
	"slices.Collect": {
		name: "_gonlm_slicesCollect",
		src:  `func _gonlm_slicesCollect[E any](seq func(func(E) bool)) []E { var s []E; seq(func(v E) bool { s = append(s, v); return true }); return s }`,
		seq:  true,
	},
	"slices.Sorted": {
		name:    "_gonlm_slicesSorted",
		src:     `func _gonlm_slicesSorted[E any](seq func(func(E) bool), sort func([]E)) []E { var s []E; seq(func(v E) bool { s = append(s, v); return true }); sort(s); return s }`,
		seq:     true,
		ordered: true,
	},
	"slices.SortedFunc": {
		name:    "_gonlm_slicesSortedFunc",
		src:     `func _gonlm_slicesSortedFunc[E any](seq func(func(E) bool), cmp func(E, E) int) []E { var s []E; seq(func(v E) bool { s = append(s, v); return true }); _gonlm_sort.Slice(s, func(i, j int) bool { return cmp(s[i], s[j]) < 0 }); return s }`,
		imports: []string{"sort"},
		seq:     true,
	},
	"slices.AppendSeq": {
		name:   "_gonlm_slicesAppendSeq",
		src:    `func _gonlm_slicesAppendSeq[E any](s []E, seq func(func(E) bool)) []E { seq(func(v E) bool { s = append(s, v); return true }); return s }`,
		result: true,
	},
	"maps.Insert": {
		name: "_gonlm_mapsInsert",
		src:  `func _gonlm_mapsInsert[K, V any](m map[K]V, seq func(func(K, V) bool)) { seq(func(k K, v V) bool { m[k] = v; return true }) }`,
	},
	"maps.Collect": {
		name: "_gonlm_mapsCollect",
		src:  `func _gonlm_mapsCollect[K, V any](seq func(func(K, V) bool)) map[K]V { m := make(map[K]V); seq(func(k K, v V) bool { m[k] = v; return true }); return m }`,
		seq:  true,
	},
	"maps.Keys": {
		name: "_gonlm_mapsKeys",
		src:  `func _gonlm_mapsKeys[K, V any](m map[K]V) func(func(K) bool) { return func(yield func(K) bool) { for k := range m { if !yield(k) { return } } } }`,
	},
	"maps.Values": {
		name: "_gonlm_mapsValues",
		src:  `func _gonlm_mapsValues[K, V any](m map[K]V) func(func(V) bool) { return func(yield func(V) bool) { for _, v := range m { if !yield(v) { return } } } }`,
	},
	"maps.Clone": {
		name:   "_gonlm_mapsClone",
		src:    `func _gonlm_mapsClone[K, V any](m map[K]V) map[K]V { if m == nil { return nil }; c := make(map[K]V, len(m)); for k, v := range m { c[k] = v }; return c }`,
		result: true,
	},
	"maps.All": {
		name: "_gonlm_mapsAll",
		src:  `func _gonlm_mapsAll[K, V any](m map[K]V) func(func(K, V) bool) { return func(yield func(K, V) bool) { for k, v := range m { if !yield(k, v) { return } } } }`,
	},
}

// sortVia are the helpers that sort a slice of an ordered element type
// through the compiled sort of int, float64 or string: they copy the
// elements to a []int, []float64 or []string (exact conversions, which keep
// order, equality and, back, the values), sort that with sort.Ints,
// Float64s or Strings (which are slices.Sort) and copy back. pdqsort's
// comparisons and swaps depend only on the comparisons' results, so the
// permutation is the one slices.Sort makes of the elements themselves
// (where equal elements, -0 and +0 included, end up); sort.Slice with an
// interpreted less function is some 40 times slower.
var sortVia = map[types.BasicKind]*funcHelper{
	types.Float64: {
		name:    "_gonlm_slicesSortFloat",
		src:     `func _gonlm_slicesSortFloat[E any](x []E) { t := make([]float64, len(x)); for i, v := range x { t[i] = float64(v) }; _gonlm_sort.Float64s(t); for i, v := range t { x[i] = E(v) } }`,
		imports: []string{"sort"},
	},
	types.Int: {
		name:    "_gonlm_slicesSortInt",
		src:     `func _gonlm_slicesSortInt[E any](x []E) { t := make([]int, len(x)); for i, v := range x { t[i] = int(v) }; _gonlm_sort.Ints(t); for i, v := range t { x[i] = E(v) } }`,
		imports: []string{"sort"},
	},
	types.String: {
		name:    "_gonlm_slicesSortString",
		src:     `func _gonlm_slicesSortString[E any](x []E) { t := make([]string, len(x)); for i, v := range x { t[i] = string(v) }; _gonlm_sort.Strings(t); for i, v := range t { x[i] = E(v) } }`,
		imports: []string{"sort"},
	},
}

// orderedSort returns the function that sorts a []E as slices.Sort does,
// as a function value: sort.Ints, Float64s or Strings for E int, float64
// or string; a sortVia helper for float32 and the integer types that int
// holds (int64 on a 64-bit machine, where the kernel runs); else (named
// types, uint, uint64, uintptr) the general helper, sort.Slice with
// cmp.Less.
func (r *rewriter) orderedSort(e types.Type) string {
	b, ok := e.Underlying().(*types.Basic)
	if ok && types.Identical(e, b) {
		switch b.Kind() {
		case types.Int:
			r.helperImport("sort")
			return "_gonlm_sort.Ints"
		case types.Float64:
			r.helperImport("sort")
			return "_gonlm_sort.Float64s"
		case types.String:
			r.helperImport("sort")
			return "_gonlm_sort.Strings"
		}
	}
	h := slicesHelpers["slices.Sort"]
	if ok && types.Identical(e, b) {
		// Not for named types: yaegi v0.16.1's compiler panics on the
		// conversion E(v) back to a cell's named type.
		switch b.Kind() {
		case types.Float32, types.Float64:
			h = sortVia[types.Float64]
		case types.Int, types.Int8, types.Int16, types.Int32, types.Int64, types.Uint8, types.Uint16, types.Uint32:
			h = sortVia[types.Int]
		case types.String:
			h = sortVia[types.String]
		}
	}
	r.use(h)
	return h.name + "[" + r.typeString(e) + "]"
}

// slicesTarget returns the helper that replaces call c, the identifier
// naming the member, and the member's type arguments (S, E, ...), or nil
// when c is not a call of a member of slices that the front end rewrites.
func slicesTarget(info *types.Info, c *ast.CallExpr) (*funcHelper, *ast.Ident, *types.TypeList) {
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
	if !ok || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
		return nil, nil, nil
	}
	h := slicesHelpers[obj.Pkg().Path()+"."+obj.Name()]
	if h == nil {
		return nil, nil, nil
	}
	inst, ok := info.Instances[id]
	if !ok || !h.seq && inst.TypeArgs.Len() < 2 {
		return nil, nil, nil
	}
	if s := inst.TypeArgs.At(0); c.Ellipsis.IsValid() && !(h.variadic && types.Identical(s, s.Underlying())) {
		return nil, nil, nil // slices.Concat(parts...) of a named S
	}
	for i := range inst.TypeArgs.Len() {
		if mentionsTypeParam(inst.TypeArgs.At(i)) {
			return nil, nil, nil
		}
	}
	if h.float != nil {
		if b, ok := inst.TypeArgs.At(1).Underlying().(*types.Basic); ok && b.Info()&types.IsFloat != 0 {
			h = h.float
		}
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
	// The function and the first argument are rewritten in place, not
	// the whole call: defer and go statements (deferStmt, goStmt) take
	// the callee and the arguments apart.
	first := 0
	if !h.seq {
		first = 1
		if s := targs.At(0); !types.Identical(s, s.Underlying()) {
			conv := c.Args[:1]
			if h.variadic {
				conv = c.Args
			}
			for _, a := range conv {
				r.insert(r.off(a.Pos()), r.typeString(s.Underlying())+"(")
				r.insert(r.off(a.End()), ")")
			}
		}
	}
	var fn string
	switch {
	case h.ordered && !h.seq: // slices.Sort
		fn = r.orderedSort(targs.At(1))
	default:
		r.use(h)
		list := make([]string, targs.Len()-first)
		for i := range list {
			list[i] = r.typeString(targs.At(first + i))
		}
		fn = h.name + "[" + strings.Join(list, ", ") + "]"
	}
	if h.ordered && h.seq { // slices.Sorted: the sort is an argument
		sort := r.orderedSort(targs.At(0))
		if strings.Contains(sort, "[") {
			// A generic function cannot be a value in yaegi v0.16.1
			// (see genericValue).
			es := r.typeString(targs.At(0))
			sort = "func(_gonlm_x []" + es + ") { " + sort + "(_gonlm_x) }"
		}
		r.insert(r.off(c.Rparen), ", "+sort)
	}
	start, end := r.off(c.Fun.Pos()), r.off(c.Fun.End())
	r.take(start, end)
	r.replace(start, end, fn)
	if s := targs.At(0); h.result && !types.Identical(s, s.Underlying()) && !r.discarded(c) {
		// Inserted after the function's edit, so that it comes first.
		r.insert(r.off(c.Pos()), r.typeString(s)+"(")
		r.insert(r.off(c.End()), ")")
	}
	return true
}

// discarded reports whether call c, being rewritten (pass B), is the call
// of a defer or go statement, whose results are discarded.
func (r *rewriter) discarded(c *ast.CallExpr) bool {
	if len(r.stack) == 0 {
		return false
	}
	switch p := r.stack[len(r.stack)-1].(type) {
	case *ast.DeferStmt:
		return p.Call == c
	case *ast.GoStmt:
		return p.Call == c
	}
	return false
}

// use makes the helper chunks declare h, with the packages it imports.
func (r *rewriter) use(h *funcHelper) {
	r.helpers.funcs = append(r.helpers.funcs, h)
	for _, p := range h.imports {
		r.helperImport(p)
	}
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
			return member, lit != "", true
		}
	}
	return "", false, false
}
