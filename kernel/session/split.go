package session

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// Chunk kinds.
const (
	Decls = iota // imports, funcs, types, vars and consts: evaluated as a file
	Stmts        // statements: evaluated in the interpreter's main scope
)

// yaegi's wrappers on line 1 of what it parses (interp/ast.go): statements are
// wrapped in "package main; func main() {", declarations prefixed "package main;".
const (
	stmtWrapper = len("package main; func main() {")
	declWrapper = len("package main;")
)

// Chunk is a maximal run of declarations or of statements of a cell.
type Chunk struct {
	Kind int
	Src  string // the code given to Eval
	Show string // Src with its last expression statement routed to _gonlm.Show; "" if none
	Line int    // 0-based cell line on which Src starts
}

// MapPos converts a position yaegi reported for this chunk (1-based line and
// column in its wrapped source) into a 1-based cell line and column.
func (c Chunk) MapPos(line, col int) (int, int) {
	if line <= 0 {
		return 0, 0
	}
	if line == 1 {
		if c.Kind == Stmts {
			col -= stmtWrapper
		} else {
			col -= declWrapper
		}
		if col < 1 {
			col = 0
		}
	}
	return c.Line + line, col
}

// splitCell splits code into chunks of declarations and statements at lines whose
// first token (at nesting depth 0) starts the other kind. Errors in the code are
// left for yaegi to report.
func splitCell(code string) []Chunk {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), nil, 0)
	var toks []ctok
	for {
		pos, t, _ := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.SEMICOLON && code[file.Offset(pos):min(file.Offset(pos)+1, len(code))] != ";" {
			continue // automatic semicolon
		}
		toks = append(toks, ctok{pos, t})
	}
	var chunks []Chunk
	startLine, kind, depth, prevLine := 0, -1, 0, -1
	lineStart := func(l int) int { return file.Offset(file.LineStart(l)) }
	cut := func(endLine int) {
		if kind < 0 {
			return
		}
		from := lineStart(startLine + 1)
		to := len(code)
		if endLine >= 0 {
			to = lineStart(endLine + 1)
		}
		src := strings.TrimRight(code[from:to], "\n")
		if strings.TrimSpace(src) != "" {
			chunks = append(chunks, Chunk{Kind: kind, Src: src, Line: startLine})
		}
	}
	for i, t := range toks {
		line := file.Line(t.pos) - 1
		if depth == 0 && line != prevLine {
			k := Stmts
			switch t.tok {
			case token.IMPORT, token.TYPE, token.VAR, token.CONST:
				k = Decls
			case token.FUNC:
				if i+1 < len(toks) && (toks[i+1].tok == token.IDENT || isMethodDecl(toks[i+1:])) {
					k = Decls
				}
			case token.COMMENT:
				k = kind
			}
			if (t.tok == token.VAR || t.tok == token.CONST) && kind == Stmts {
				k = Stmts
			}
			if k != kind {
				cut(line)
				startLine, kind = line, k
			}
		}
		switch t.tok {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			if depth > 0 {
				depth--
			}
		}
		prevLine = line
	}
	if kind < 0 {
		kind = Stmts
	}
	cut(-1)
	if n := len(chunks); n > 0 && chunks[n-1].Kind == Stmts {
		chunks[n-1].Show = showVariant(chunks[n-1].Src)
	}
	return chunks
}

type ctok struct {
	pos token.Pos
	tok token.Token
}

// isMethodDecl reports whether tokens after `func` look like "(recv) Name(".
func isMethodDecl(rest []ctok) bool {
	if len(rest) == 0 || rest[0].tok != token.LPAREN {
		return false
	}
	d := 0
	for j := range rest {
		switch rest[j].tok {
		case token.LPAREN:
			d++
		case token.RPAREN:
			d--
			if d == 0 {
				return j+1 < len(rest) && rest[j+1].tok == token.IDENT
			}
		}
	}
	return false
}

// showVariant returns src with its last statement, if it is an expression other
// than a print call, wrapped in _gonlm.Show(...); "" otherwise.
func showVariant(src string) string {
	const pre = "package main; func main() {"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", pre+src+"\n}", 0)
	if err != nil || len(f.Decls) == 0 {
		return ""
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Body == nil || len(fd.Body.List) == 0 {
		return ""
	}
	es, ok := fd.Body.List[len(fd.Body.List)-1].(*ast.ExprStmt)
	if !ok || isPrintCall(es.X) {
		return ""
	}
	start := fset.Position(es.Pos()).Offset - len(pre)
	end := fset.Position(es.End()).Offset - len(pre)
	if start < 0 || end > len(src) {
		return ""
	}
	return src[:start] + "_gonlm.Show(" + src[start:end] + ")" + src[end:]
}

func isPrintCall(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name == "print" || fn.Name == "println" || fn.Name == "panic"
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok && (x.Name == "fmt" || x.Name == "log") {
			return strings.HasPrefix(fn.Sel.Name, "Print") || strings.HasPrefix(fn.Sel.Name, "Fprint")
		}
	}
	return false
}
