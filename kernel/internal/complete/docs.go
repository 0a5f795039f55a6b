package complete

import (
	"bytes"
	"compress/gzip"
	_ "embed" // docs.json.gz
	"encoding/json"
	"go/doc/comment"
	"io"
	"strings"
	"sync"
)

// The documentation index, generated at build time (no Go toolchain is needed
// at run time). Regenerate with `go generate ./kernel/complete` after an API
// change in nlm, display, gonum or plot.
//
//go:generate go run ./internal/gendocs -o docs.json.gz github.com/gonlm/gonlm/nlm github.com/gonlm/gonlm/nlm/mnist github.com/gonlm/gonlm/nlm/analysis github.com/gonlm/gonlm/kernel/display github.com/gonlm/gonlm/kernel/display/views gonum.org/v1/gonum/mat gonum.org/v1/gonum/stat gonum.org/v1/gonum/floats gonum.org/v1/gonum/stat/distuv gonum.org/v1/gonum/integrate gonum.org/v1/gonum/diff/fd gonum.org/v1/gonum/interp gonum.org/v1/gonum/dsp/fourier gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/vg/vgimg gonum.org/v1/plot/vg/vgsvg gonum.org/v1/plot/palette gonum.org/v1/plot/palette/moreland gonum.org/v1/plot/plotutil gonum.org/v1/plot/font fmt strings strconv math math/rand/v2 sort time os errors bytes context image image/color io bufio slices maps iter
//go:embed docs.json.gz
var docsGz []byte

// Entry is the documentation of one identifier.
type Entry struct {
	// Decl is the Go declaration: a signature, a type or a var/const spec.
	Decl string `json:"d,omitempty"`
	// Doc is the doc comment, in Go doc comment syntax.
	Doc string `json:"c,omitempty"`
}

// Index maps "importpath" (the package itself), "importpath.Name" and
// "importpath.Type.Method" to their documentation.
type Index map[string]Entry

var (
	docsOnce sync.Once
	docs     Index
	docsErr  error
)

// Docs returns the embedded documentation index, decoded on first use
// (about 10 ms; later calls are free). It returns an error only if the
// embedded file is corrupt, which a test rules out.
func Docs() (Index, error) {
	docsOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(docsGz))
		if err != nil {
			docsErr = err
			return
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			docsErr = err
			return
		}
		docsErr = json.Unmarshal(raw, &docs)
	})
	return docs, docsErr
}

// Members returns the keys of the entries directly under prefix (for a type
// "path.T": its methods "path.T.M").
func (x Index) Members(prefix string) []string {
	var out []string
	for k := range x {
		if rest, ok := strings.CutPrefix(k, prefix+"."); ok && !strings.Contains(rest, ".") {
			out = append(out, k)
		}
	}
	return out
}

// docText renders a doc comment as plain text.
func docText(d string) string {
	if d == "" {
		return ""
	}
	var p comment.Parser
	pr := comment.Printer{TextWidth: 80}
	return strings.TrimRight(string(pr.Text(p.Parse(d))), "\n")
}

// docMarkdown renders a doc comment as Markdown.
func docMarkdown(d string) string {
	if d == "" {
		return ""
	}
	var p comment.Parser
	var pr comment.Printer
	return strings.TrimRight(string(pr.Markdown(p.Parse(d))), "\n")
}
