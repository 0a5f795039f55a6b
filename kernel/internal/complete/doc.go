// Package complete answers Jupyter's complete_request and inspect_request
// for Go cells run by the yaegi interpreter.
//
// # Use
//
// The session creates one Tracker and one Completer per interpreter:
//
//	tr := complete.NewTracker()
//	comp := complete.New(interp, tr, nil) // *interp.Interpreter is an Env; nil = symbols.Symbols
//	front := cell.New(cell.Options{Resolver: comp.Resolver()})
//	...
//	c, err := front.Parse(code); ...run it...; tr.Add(c) // after the cell ran
//	...
//	r := comp.Complete(code, cursorPos)       // complete_request
//	reply: matches=r.Texts(), cursor_start=r.CursorStart, cursor_end=r.CursorEnd, metadata=r.Metadata()
//	in := comp.Inspect(code, cursorPos, detailLevel) // inspect_request
//	reply: found=in.Found, data=in.Data, metadata={}
//
// Cursor positions are in Unicode code points, as protocol 5.2+ counts
// them; CursorStart and CursorEnd are too.
//
// # What completes
//
//   - identifiers: keywords, builtins, the interpreter's globals (Env),
//     functions, types, vars and consts declared by earlier cells (Tracker),
//     imported package names, names used in the code being edited, and the
//     names of every package in the symbol tables (so "mat" completes even
//     before its import has run);
//   - pkg.Name: the exported members of a compiled package, from the symbol
//     tables, with kind and signature from reflect;
//   - x.Name where x is a global (and x.f.Name through struct fields): the
//     value's fields and methods (pointer methods included: globals are
//     addressable); T.Name for a cell type lists the methods cells declared;
//   - import paths inside the string of an import declaration or block.
//
// A prefix with no case-sensitive match falls back to a case-insensitive one.
// Nothing is evaluated: completion never runs code.
//
// # Inspect
//
// Documentation comes from an index generated at build time by
// internal/gendocs (go/doc over the sources of nlm, kernel/display, kernel/display/views, gonum's
// mat, stat, floats, distuv, integrate, fd, interp, fourier, gonum/plot and
// its subpackages, and a handful of standard packages), embedded as
// docs.json.gz; see docs.go for the go:generate line. Members of packages
// outside the index are described from the symbol tables (signature only).
package complete
