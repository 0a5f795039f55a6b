package complete

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/gonlm/gonlm/kernel/internal/symbols"
)

// Inspection is the answer to an inspect_request.
type Inspection struct {
	// Found is false when nothing is known about the code at the cursor.
	Found bool
	// Data holds "text/plain" and "text/markdown" renderings.
	Data map[string]any
}

// maxValue bounds the printed value of a global.
const maxValue = 400

// Inspect documents the identifier or selector at cursorPos (in code
// points): a package, pkg.Symbol, pkg.Type.Method, a global (its type, value
// and the type's documentation), a global's field or method, a function or
// type declared by a cell, or a builtin. When the cursor is not on a name,
// the function of the call whose parentheses contain it is documented
// (Shift-Tab inside f(...)). detailLevel 0 gives the declaration and doc
// comment; 1 adds a type's methods and a global's full value.
func (c *Completer) Inspect(code string, cursorPos, detailLevel int) Inspection {
	off := runeToByte(code, cursorPos)
	chain := chainAt(code, off)
	if chain == nil {
		chain = callBefore(code, off)
	}
	if chain == nil {
		return Inspection{}
	}
	decl, doc, extra := c.describe(chain, detailLevel)
	if decl == "" && doc == "" {
		return Inspection{}
	}
	text := decl
	md := "```go\n" + decl + "\n```"
	if doc != "" {
		text += "\n\n" + docText(doc)
		md += "\n\n" + docMarkdown(doc)
	}
	if extra != "" {
		text += "\n\n" + extra
		md += "\n\n```\n" + extra + "\n```"
	}
	return Inspection{Found: true, Data: map[string]any{"text/plain": text, "text/markdown": md}}
}

// chainAt returns the selector chain a.b.c whose last element contains or
// ends at off; the chain stops at the identifier under the cursor.
func chainAt(code string, off int) []string {
	end := identEnd(code, off)
	start := identStart(code, off)
	if start == end {
		return nil
	}
	parts := []string{code[start:end]}
	if start > 0 && code[start-1] == '.' {
		before := chainBefore(code, start-1)
		if before == nil {
			return nil
		}
		parts = append(before, parts...)
	}
	return parts
}

// callBefore returns the chain naming the function of the innermost call
// whose open parenthesis precedes off and is not closed before it.
func callBefore(code string, off int) []string {
	depth := 0
	for i := off - 1; i >= 0; i-- {
		switch code[i] {
		case ')':
			depth++
		case '(':
			if depth == 0 {
				return chainAt(code, i)
			}
			depth--
		case '\n':
			if depth == 0 && i < off-1 && strings.TrimSpace(code[i:off]) == "" {
				return nil
			}
		}
	}
	return nil
}

// describe returns the declaration, doc comment and extra text for chain.
func (c *Completer) describe(chain []string, detail int) (decl, doc, extra string) {
	idx, _ := Docs()
	if v, ok := c.globals()[chain[0]]; ok {
		if len(chain) == 2 {
			if tn, ok := c.tracker.TypeOf(chain[0]); ok {
				if d, ok := c.tracker.Lookup(tn); ok {
					if m, ok := d.Methods[chain[1]]; ok {
						return m.Source, m.Doc, ""
					}
				}
			}
		}
		return c.describeValue(idx, chain, v, detail)
	}
	if d, ok := c.tracker.Lookup(chain[0]); ok {
		if len(chain) == 1 {
			decl, doc = d.Source, d.Doc
			if detail > 0 && d.Kind == "type" {
				extra = methodList(d)
			}
			return
		}
		if m, ok := d.Methods[chain[1]]; ok && len(chain) == 2 {
			return m.Source, m.Doc, ""
		}
	}
	if p, ok := c.importPath(chain[0]); ok {
		full := p
		if f, ok := symbols.ShortPaths[p]; ok {
			full = f
		}
		key := full
		if len(chain) > 1 {
			key += "." + strings.Join(chain[1:], ".")
		}
		if e, ok := idx[key]; ok {
			decl, doc = e.Decl, e.Doc
			if detail > 0 && len(chain) == 2 {
				extra = indexMethods(idx, key)
			}
			return
		}
		// No documentation generated: describe from the symbol table.
		syms := c.syms[c.paths[p]]
		if len(chain) == 1 {
			return "package " + path.Base(c.paths[p]) + ` // import "` + p + `"`, "", ""
		}
		if v, ok := syms[chain[1]]; ok && len(chain) == 2 {
			return chain[0] + "." + chain[1] + ": " + symSignature(chain[0], chain[1], v), "", ""
		}
		if v, ok := syms[chain[1]]; ok && len(chain) == 3 && symKind(v) == "type" {
			t := v.Type().Elem()
			for _, pt := range []reflect.Type{t, reflect.PointerTo(t)} {
				if m, ok := pt.MethodByName(chain[2]); ok {
					return "func (" + pt.String() + ") " + chain[2] + strings.TrimPrefix(methodSig(pt, m), "func"), "", ""
				}
			}
		}
		return "", "", ""
	}
	if len(chain) == 1 {
		if sig, ok := builtinFuncs[chain[0]]; ok {
			return sig, "Builtin function " + chain[0] + ".", ""
		}
	}
	return "", "", ""
}

// describeValue documents a global, or a field or method reached from it.
func (c *Completer) describeValue(idx Index, chain []string, v reflect.Value, detail int) (decl, doc, extra string) {
	last := chain[len(chain)-1]
	if len(chain) > 1 {
		// A method of the value reached by the fields before it?
		owner, ok := walkFields(v, chain[1:len(chain)-1])
		if !ok {
			return "", "", ""
		}
		if owner.Kind() == reflect.Interface && !owner.IsNil() {
			owner = owner.Elem()
		}
		for _, t := range []reflect.Type{owner.Type(), reflect.PointerTo(owner.Type())} {
			if m, ok := t.MethodByName(last); ok {
				decl = "func (" + t.String() + ") " + last + strings.TrimPrefix(methodSig(t, m), "func")
				if key := typeKey(t); key != "" {
					if e, ok := idx[key+"."+last]; ok {
						decl, doc = e.Decl, e.Doc
					}
				}
				return decl, doc, ""
			}
		}
		fv, ok := walkFields(v, chain[1:])
		if !ok {
			return "", "", ""
		}
		v = fv
	}
	name := strings.Join(chain, ".")
	decl = name + " " + typeString(v)
	if key := typeKey(valueType(v)); key != "" {
		if e, ok := idx[key]; ok {
			doc = e.Doc
			if detail > 0 {
				extra = indexMethods(idx, key)
			}
		}
	}
	val := formatValue(v)
	if detail == 0 && len(val) > maxValue {
		val = val[:maxValue] + " …"
	}
	if val != "" {
		extra = strings.TrimSpace("= " + val + "\n\n" + extra)
	}
	return decl, doc, extra
}

// valueType returns the dynamic type of v.
func valueType(v reflect.Value) reflect.Type {
	if !v.IsValid() {
		return nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return v.Elem().Type()
	}
	return v.Type()
}

// typeKey returns the docs key "pkgpath.Name" of a named type (through one
// pointer), or "".
func typeKey(t reflect.Type) string {
	if t == nil {
		return ""
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Name() == "" || t.PkgPath() == "" {
		return ""
	}
	return t.PkgPath() + "." + t.Name()
}

// formatValue prints a value with %v, recovering from panicking String
// methods.
func formatValue(v reflect.Value) (s string) {
	if !v.IsValid() || !v.CanInterface() {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("(value not printable: %v)", r)
		}
	}()
	return fmt.Sprintf("%v", v.Interface())
}

// indexMethods lists the documented methods of type key.
func indexMethods(idx Index, key string) string {
	ms := idx.Members(key)
	if len(ms) == 0 {
		return ""
	}
	sort.Strings(ms)
	var b strings.Builder
	b.WriteString("Methods:\n")
	for _, k := range ms {
		b.WriteString("  " + firstLine(idx[k].Decl) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// methodList lists the methods a cell declared on a type.
func methodList(d *Decl) string {
	if len(d.Methods) == 0 {
		return ""
	}
	var names []string
	for n := range d.Methods {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("Methods:\n")
	for _, n := range names {
		b.WriteString("  " + firstLine(d.Methods[n].Source) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
