package kernel

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gonlm/gonlm/kernel/wire"
)

// isComplete answers is_complete_request the way yaegi's REPL decides whether
// to read another line: parse the code as declarations or as statements (by its
// first token) and look at the first syntax error.
func (k *Kernel) isComplete(m *wire.Message) map[string]any {
	var c struct {
		Code string `json:"code"`
	}
	_ = m.DecodeContent(&c)
	switch codeCompleteness(c.Code) {
	case "incomplete":
		return map[string]any{"status": "incomplete", "indent": "\t"}
	case "invalid":
		return map[string]any{"status": "invalid"}
	}
	return map[string]any{"status": "complete"}
}

func codeCompleteness(code string) string {
	if strings.TrimSpace(code) == "" {
		return "complete"
	}
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(code)), []byte(code), nil, 0)
	_, first, _ := s.Scan()
	src := "package main; func main() {" + code + "\n}"
	switch first {
	case token.IMPORT, token.FUNC, token.TYPE, token.VAR, token.CONST, token.PACKAGE:
		src = "package main;" + code
		if first == token.PACKAGE {
			src = code
		}
	}
	_, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err == nil {
		return "complete"
	}
	el, ok := err.(scanner.ErrorList)
	if !ok || len(el) == 0 {
		return "invalid"
	}
	msg := el[0].Msg
	switch {
	case strings.HasSuffix(msg, "found 'EOF'"),
		msg == "raw string literal not terminated",
		strings.HasPrefix(msg, "expected operand, found '}'") && !strings.HasSuffix(strings.TrimSpace(code), "}"):
		return "incomplete"
	}
	return "invalid"
}

// wordBefore returns the selector chain ending at byte offset end of code (e.g.
// "strings.ToUp") and the byte offset where its last identifier starts.
func wordBefore(code string, end int) (chain string, start int) {
	i := end
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:i])
		if r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			i -= size
			continue
		}
		break
	}
	chain = code[i:end]
	start = end
	if j := strings.LastIndexByte(chain, '.'); j >= 0 {
		start = i + j + 1
	} else {
		start = i
	}
	return chain, start
}

// runeOffset converts a cursor in code points to a byte offset.
func runeOffset(code string, cursor int) int {
	n := 0
	for i := range code {
		if n == cursor {
			return i
		}
		n++
	}
	return len(code)
}

// byteToRunes converts a byte offset to code points.
func byteToRunes(code string, off int) int { return utf8.RuneCountInString(code[:off]) }

// complete answers complete_request: package members after "pkg.", and
// otherwise package names, Go keywords and builtins and the interpreter's
// global variables.
func (k *Kernel) complete(m *wire.Message) map[string]any {
	var c struct {
		Code      string `json:"code"`
		CursorPos int    `json:"cursor_pos"`
	}
	_ = m.DecodeContent(&c)
	end := runeOffset(c.Code, c.CursorPos)
	chain, start := wordBefore(c.Code, end)
	prefix := c.Code[start:end]
	var cands []string
	if i := strings.LastIndexByte(chain, '.'); i >= 0 {
		pkg := chain[:i]
		for _, name := range k.packageMembers(pkg) {
			cands = append(cands, name)
		}
	} else {
		cands = append(cands, goWords...)
		cands = append(cands, k.packageNames()...)
		cands = append(cands, k.globals()...)
	}
	seen := map[string]bool{}
	matches := []string{}
	for _, s := range cands {
		if strings.HasPrefix(s, prefix) && !seen[s] {
			seen[s] = true
			matches = append(matches, s)
		}
	}
	sort.Strings(matches)
	return map[string]any{"status": "ok", "matches": matches, "cursor_start": byteToRunes(c.Code, start),
		"cursor_end": byteToRunes(c.Code, end), "metadata": map[string]any{}}
}

// inspect answers inspect_request with the type of the package member or global
// under the cursor.
func (k *Kernel) inspect(m *wire.Message) map[string]any {
	var c struct {
		Code      string `json:"code"`
		CursorPos int    `json:"cursor_pos"`
	}
	_ = m.DecodeContent(&c)
	end := runeOffset(c.Code, c.CursorPos)
	for end < len(c.Code) {
		r, size := utf8.DecodeRuneInString(c.Code[end:])
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		end += size
	}
	chain, _ := wordBefore(c.Code, end)
	notFound := map[string]any{"status": "ok", "found": false, "data": map[string]any{}, "metadata": map[string]any{}}
	i := strings.LastIndexByte(chain, '.')
	if i < 0 {
		return notFound
	}
	pkg, name := chain[:i], chain[i+1:]
	path, syms := k.packageSymbols(pkg)
	v, ok := syms[name]
	if !ok {
		return notFound
	}
	var text string
	switch {
	case v.Kind() == reflect.Func:
		text = "func " + pkg + "." + name + strings.TrimPrefix(v.Type().String(), "func")
	case v.Kind() == reflect.Pointer && v.IsNil():
		text = "type " + pkg + "." + name + " " + v.Type().Elem().Kind().String()
	default:
		text = pkg + "." + name + " " + v.Type().String()
	}
	text += "\n\npackage " + path
	return map[string]any{"status": "ok", "found": true, "data": map[string]any{"text/plain": text}, "metadata": map[string]any{}}
}

func (k *Kernel) packageSymbols(pkg string) (string, map[string]reflect.Value) {
	if !k.sess.Ready() {
		return "", nil
	}
	i, err := k.sess.Interp()
	if err != nil {
		return "", nil
	}
	for key := range symbolKeys(k) {
		p := path.Dir(key)
		if path.Base(key) == pkg || p == pkg {
			return p, i.Symbols(p)[p]
		}
	}
	return "", nil
}

func (k *Kernel) packageMembers(pkg string) []string {
	_, syms := k.packageSymbols(pkg)
	var out []string
	for name := range syms {
		if !strings.HasPrefix(name, "_") {
			out = append(out, name)
		}
	}
	return out
}

func (k *Kernel) packageNames() []string {
	var out []string
	for key := range symbolKeys(k) {
		out = append(out, path.Base(key))
	}
	return out
}

func (k *Kernel) globals() []string {
	if !k.sess.Ready() || k.executing.Load() {
		return nil
	}
	i, err := k.sess.Interp()
	if err != nil {
		return nil
	}
	var out []string
	for name := range i.Globals() {
		out = append(out, name)
	}
	return out
}

// symbolKeys lists the "importpath/name" keys of the loaded symbol tables.
func symbolKeys(k *Kernel) map[string]bool {
	keys := map[string]bool{}
	for _, t := range k.sess.SymbolTables() {
		for key := range t {
			if key != "." {
				keys[key] = true
			}
		}
	}
	return keys
}

var goWords = []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var", "append", "cap", "close", "complex", "copy",
	"delete", "imag", "len", "make", "new", "panic", "print", "println", "real", "recover", "bool",
	"byte", "complex128", "float32", "float64", "int", "int8", "int16", "int32", "int64", "rune",
	"string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "error", "any", "true",
	"false", "nil", "iota", "ctx"}
