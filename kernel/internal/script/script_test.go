package script

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/session"
	"github.com/gonlm/gonlm/kernel/internal/symbols"
)

func TestParseRunArgs(t *testing.T) {
	tests := []struct {
		args        []string
		out, script string
		err         string
	}{
		{[]string{"s.go"}, "gonlm-out", "s.go", ""},
		{[]string{"s.go", "--out", "d"}, "d", "s.go", ""},
		{[]string{"-o", "d", "s.go"}, "d", "s.go", ""},
		{[]string{"--out=d", "s.go"}, "d", "s.go", ""},
		{[]string{"-h"}, "", "", ""},
		{nil, "", "", "no script"},
		{[]string{"s.go", "--out"}, "", "", "needs a directory"},
		{[]string{"--out=", "s.go"}, "", "", "needs a directory"},
		{[]string{"--fast", "s.go"}, "", "", "unknown flag --fast"},
		{[]string{"a.go", "b.go"}, "", "", "one script at a time"},
	}
	for _, tc := range tests {
		out, script, err := parseRunArgs(tc.args)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err = %v, want %q", tc.args, err, tc.err)
			}
			continue
		}
		if err != nil || out != tc.out || script != tc.script {
			t.Errorf("%q: got %q %q %v", tc.args, out, script, err)
		}
	}
}

func TestScriptCells(t *testing.T) {
	full := "// Command x.\npackage main // the program\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n"
	cells, err := scriptCells(full)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 1 || strings.Contains(cells[0].code, "package") || strings.Count(cells[0].code, "\n") != strings.Count(full, "\n") {
		t.Errorf("package main file: %+v", cells)
	}
	cells, err = scriptCells("/* header\npackage x */\nx := 1\n// %%\nx\n//%% next\n\n// %%\ny := 2\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 3 {
		t.Fatalf("%d cells: %+v", len(cells), cells)
	}
	// Each cell keeps its file line numbers (padding with blank lines).
	for _, c := range cells {
		if got := strings.Count(c.code[:len(c.code)-len(strings.TrimLeft(c.code, "\n"))], "\n"); got != c.line {
			t.Errorf("cell at line %d padded with %d lines", c.line, got)
		}
	}
	if cells[1].line != 4 || strings.TrimSpace(cells[1].code) != "x" {
		t.Errorf("second cell %+v", cells[1])
	}
	for _, tc := range []struct{ code, want string }{
		{"package lib\nfunc F() {}\n", "package lib"},
		{"package main\nfunc helper() {}\n", "needs a func main"},
	} {
		if _, err := scriptCells(tc.code); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.code, err, tc.want)
		}
	}
}

func pngData(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestScriptFrontend(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	f := newScriptFrontend(dir, &stdout, &stderr, strings.NewReader("answer\n"))
	f.ExecuteInput("", 3)
	b1, _ := display.PNGBundle(pngData(t, 10, 10))
	b2, _ := display.PNGBundle(pngData(t, 20, 10))
	publish := func(b display.Bundle, id string, update bool) {
		t.Helper()
		nb, err := display.Normalize(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Publish(nb, id, update); err != nil {
			t.Fatal(err)
		}
	}
	publish(b1, "", false)
	publish(b1, "anim", false)
	publish(b2, "anim", true) // rewrites cell03-image-2.png
	publish(display.HTMLBundle("<b>hi</b>"), "", false)
	j, _ := display.JSONBundle(map[string]int{"a": 1})
	publish(j, "", false)
	publish(display.MarkdownBundle("# T"), "", false)
	publish(display.LatexBundle("x^2"), "", false)
	svg, _ := display.SVGBundle(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
	publish(svg, "", false)
	publish(display.TextBundle("plain words"), "", false)
	f.ExecuteResult(1, display.TextBundle("42"))

	bar := display.NewProgress(10)
	display.SetPublisher(f)
	bar.Set(1)
	bar.Set(5) // throttled away
	bar.Set(10)
	display.SetPublisher(nil)
	f.finish()

	wantFiles := []string{"cell03-html.html", "cell03-image-2.png", "cell03-image.png", "cell03-json.json", "cell03-latex.tex", "cell03-markdown.md", "cell03-svg-image.svg"}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(wantFiles, " ") {
		t.Errorf("files %v, want %v", got, wantFiles)
	}
	img, err := png.Decode(bytes.NewReader(must(os.ReadFile(filepath.Join(dir, "cell03-image-2.png")))))
	if err != nil || img.Bounds().Dx() != 20 {
		t.Errorf("cell03-image-2.png not rewritten by the update: %v %v", err, img.Bounds())
	}
	if s := string(must(os.ReadFile(filepath.Join(dir, "cell03-json.json")))); !strings.Contains(s, `"a": 1`) {
		t.Errorf("json file %q", s)
	}
	out := stdout.String()
	if strings.Count(out, dir) != len(wantFiles) || !strings.Contains(out, "plain words\n42\n") {
		t.Errorf("stdout:\n%s", out)
	}
	errs := stderr.String()
	if !strings.Contains(errs, "1/10") || !strings.Contains(errs, "10/10") || strings.Contains(errs, "5/10") {
		t.Errorf("progress on a non-terminal: %q", errs)
	}
	line, err := f.Input(t.Context(), "name? ", false)
	if err != nil || line != "answer" || !strings.HasSuffix(stderr.String(), "name? ") {
		t.Errorf("Input: %q %v", line, err)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// runFile runs a script file through runCells and returns the exit status,
// the files written and what the front end printed.
func runFile(t *testing.T, code string) (int, []string, string, string) {
	t.Helper()
	dir := t.TempDir()
	cells, err := scriptCells(code)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	fe := newScriptFrontend(filepath.Join(dir, "out"), &stdout, &stderr, strings.NewReader(""))
	status, err := runCells(cells, fe)
	fe.finish()
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "out"))
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	return status, files, stdout.String(), stderr.String()
}

func TestRunScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts interpreters")
	}
	tests := []struct {
		name   string
		code   string
		status int
		files  []string
		stdout string // substring
		stderr string // substring
	}{
		{"values", "import \"image\"\nimg := image.NewGray(image.Rect(0, 0, 200, 100))\nimg\n// %%\n6 * 7\n", 0, []string{"cell01-image.png"}, "42", ""},
		{"main", "package main\n\nfunc main() {\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}\n", 1, nil, "", "Panic"},
		{"compile error", "x := 1\n// %%\ny := undefinedThing\n// %%\nx\n", 1, nil, "", "undefinedThing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, files, stdout, stderr := runFile(t, tc.code)
			if status != tc.status || strings.Join(files, " ") != strings.Join(tc.files, " ") ||
				!strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("status %d files %v\nstdout %q\nstderr %q", status, files, stdout, stderr)
			}
		})
	}
}

// The first Ctrl-C cancels ctx and the script goes on: the cell's code after
// the loop that watches ctx runs, and so does the next cell. A cell that does
// not look at ctx is stopped after the grace period (exit status 130).
func TestRunInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an interpreter")
	}
	interruptSoon := func() {
		go func() {
			time.Sleep(1500 * time.Millisecond)
			syscall.Kill(os.Getpid(), syscall.SIGINT)
		}()
	}
	interruptSoon()
	status, _, stdout, stderr := runFile(t, "import (\"fmt\"; \"time\")\nfor ctx.Err() == nil {\n\ttime.Sleep(10 * time.Millisecond)\n}\nfmt.Sprint(\"stopped: \", ctx.Err())\n// %%\nfmt.Sprint(\"next cell, ctx \", ctx.Err())\n")
	if status != 0 || !strings.Contains(stderr, "interrupt: ctx is cancelled") ||
		!strings.Contains(stdout, "stopped: context canceled\nnext cell, ctx <nil>\n") {
		t.Errorf("status %d\nstdout %q\nstderr %q", status, stdout, stderr)
	}

	interruptSoon()
	start := time.Now()
	status, _, stdout, stderr = runFile(t, "n := 0\nfor {\n\tn++\n}\n// %%\n\"not reached\"\n")
	if took := time.Since(start); status != exitInterrupted || took > 1500*time.Millisecond+session.DefaultInterruptGrace+2*time.Second ||
		!strings.Contains(stderr, "did not finish within 2s") || strings.Contains(stdout, "not reached") {
		t.Errorf("busy loop: status %d after %v\nstdout %q\nstderr %q", status, took, stdout, stderr)
	}
}

// TestRunDisplayScript runs a script that uses the display package (needs
// its symbol table, generated into kernel/symbols).
func TestRunDisplayScript(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an interpreter")
	}
	if _, ok := symbols.Symbols["github.com/gonlm/gonlm/kernel/display/display"]; !ok {
		t.Skip("kernel/symbols has no display table yet (go generate in kernel/symbols)")
	}
	code := `import (
	"display"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

display.Markdown("# Report")
p := plot.New()
l, _ := plotter.NewLine(plotter.XYs{{0, 0}, {1, 1}, {2, 0}})
p.Add(l)
display.Plot(p)
display.Plot(p, display.PlotOptions{Format: "svg"})
bar := display.NewProgress(3)
for i := 1; i <= 3; i++ {
	bar.Set(i)
}
d := display.New()
d.Update("first")
d.Update(p)
`
	status, files, stdout, stderr := runFile(t, code)
	want := []string{"cell01-markdown.md", "cell01-plot-2.png", "cell01-plot.png", "cell01-plot.svg"}
	if status != 0 || strings.Join(files, " ") != strings.Join(want, " ") || !strings.Contains(stderr, "3/3") {
		t.Errorf("status %d files %v\nstdout %q\nstderr %q", status, files, stdout, stderr)
	}
}

func TestScriptFrontendTerminal(t *testing.T) {
	var stdout, stderr bytes.Buffer
	f := newScriptFrontend(t.TempDir(), &stdout, &stderr, strings.NewReader(""))
	f.tty = true
	bar := display.NewProgress(4)
	bar.Interval = 0
	display.SetPublisher(f)
	defer display.SetPublisher(nil)
	for i := 1; i <= 4; i++ {
		bar.Set(i)
	}
	f.note("after the bar")
	f.finish()
	got := stderr.String()
	last := got[strings.LastIndex(got, "\r\x1b[K"):]
	if strings.Count(got, "\r\x1b[K") < 2 || !strings.Contains(last, "4/4 it (100%)") || !strings.HasSuffix(last, "\nafter the bar\n") {
		t.Errorf("terminal progress: %q", got)
	}
}

// TestExampleScripts runs the scripts in testdata/scripts (named .gonlm
// because cell-style code is not a Go file gofmt could check) and checks the
// files each one writes against its "// want:" line. A script whose
// "// needs:" packages have no symbol table yet is skipped.
func TestExampleScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts interpreters")
	}
	paths, err := filepath.Glob("testdata/scripts/*.gonlm")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			code := string(must(os.ReadFile(path)))
			var needs, want []string
			for _, l := range strings.Split(code, "\n") {
				if rest, ok := strings.CutPrefix(l, "// needs:"); ok {
					needs = strings.Fields(rest)
				}
				if rest, ok := strings.CutPrefix(l, "// want:"); ok {
					want = strings.Fields(rest)
				}
			}
			for _, pkg := range needs {
				if _, ok := symbols.Symbols[pkg+"/"+pkg]; !ok {
					t.Skipf("no symbol table for %q yet", pkg)
				}
			}
			status, files, stdout, stderr := runFile(t, code)
			if status != 0 || strings.Join(files, " ") != strings.Join(want, " ") {
				t.Errorf("status %d, files %v, want %v\nstdout %s\nstderr %s", status, files, want, stdout, stderr)
			}
		})
	}
}

// A panic's traceback names the script's lines, innermost frame first.
func TestRunTraceback(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an interpreter")
	}
	code := `import "fmt"

func get(xs []int, k int) int {
	return xs[k]
}

// %%
xs := []int{1, 2, 3}
for k := 0; k < 5; k++ {
	fmt.Println(get(xs, k))
}
`
	status, _, _, stderr := runFile(t, code)
	want := `Panic: runtime error: index out of range
  in get at script:4
      return xs[k]
  at script:10
      fmt.Println(get(xs, k))
`
	if status != 1 || stderr != want {
		t.Errorf("status %d\nstderr %q\nwant   %q", status, stderr, want)
	}
}

func TestFileStem(t *testing.T) {
	png, _ := display.PNGBundle(pngData(t, 4, 4))
	named := func(text string) display.Bundle {
		return display.Bundle{Data: map[string]any{display.MIMEPNG: png.Data[display.MIMEPNG], display.MIMEText: text}}
	}
	tests := []struct {
		b    display.Bundle
		mime string
		want string
	}{
		{named(`<plot "Energy landscape of a 2-neuron model", 576×384>`), display.MIMEPNG, "energy-landscape-of-a-2-neuron-model"},
		{named(`<plot "", 576×384>`), display.MIMEPNG, "image"},
		{named("<*nlm.Samples: 36 images in 6 columns>"), display.MIMEPNG, "samples"},
		{named("<KL norm: 20 points, last 0.001381>"), display.MIMEPNG, "kl-norm"},
		{named("<image 346×346>"), display.MIMEPNG, "image"},
		{named("<PCA panels, 1152×384>"), display.MIMEPNG, "pca-panels"},
		{named("Dataset: 18000 images of 28×28, labels 1:6472"), display.MIMEPNG, "dataset"},
		{named("*mat.Dense 2×2  min -0.4  max 1.8"), display.MIMEHTML, "matrix"},
		{named(`<plot "A very long title that goes on and on about the landscape", 1×1>`), display.MIMEPNG, "a-very-long-title-that-goes-on-and-on"},
		{display.MarkdownBundle("# Results\nsome text"), display.MIMEMarkdown, "markdown"},
		{display.HTMLBundle("<b>bold</b> words"), display.MIMEHTML, "html"},
		{named("Ünïcode: only"), display.MIMEPNG, "n-code"},
	}
	for _, tc := range tests {
		if got := fileStem(tc.b, tc.mime); got != tc.want {
			t.Errorf("fileStem(%q) = %q, want %q", tc.b.Text(), got, tc.want)
		}
	}
}

// Files written for outputs are readable by all, as a program's files are.
func TestOutputFileMode(t *testing.T) {
	dir := t.TempDir()
	f := newScriptFrontend(dir, io.Discard, io.Discard, strings.NewReader(""))
	f.ExecuteInput("", 2)
	b, _ := display.PNGBundle(pngData(t, 4, 4))
	nb, _ := display.Normalize(b)
	if err := f.Publish(nb, "", false); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "cell02-image.png"))
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("cell02-image.png: %v, mode %v", err, fi.Mode())
	}
}

// TestRunWidgets: without front ends, widgets render their values (a line
// of text, an image file), Interact runs its function once at once and again
// after a change the script makes, and callbacks run on such changes.
func TestRunWidgets(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an interpreter")
	}
	code := `import (
	"context"
	"display"
	"image"
	"widgets"
)

n := widgets.NewIntSlider("n", 3, 1, 10, 1)
on := widgets.NewCheckbox("on", true)
changes := 0
n.OnChange(func(v int) { changes += v })
runs := 0
panel := widgets.Interact(func(ctx context.Context) error {
	runs++
	return display.Image(image.NewGray(image.Rect(0, 0, 10*n.Value(), 10)))
}, n, on)
// %%
n.SetValue(5)
// %%
panel
// %%
im := widgets.NewImage(nil)
im.SetImage(image.NewGray(image.Rect(0, 0, 40, 40)))
im
// %%
runs*100 + changes
`
	status, files, stdout, stderr := runFile(t, code)
	want := []string{"cell01-image.png", "cell02-image.png", "cell04-png-image-40-40.png"}
	if status != 0 || strings.Join(files, " ") != strings.Join(want, " ") {
		t.Fatalf("status %d files %v, want %v\nstdout %q\nstderr %q", status, files, want, stdout, stderr)
	}
	t.Logf("files %v\nstdout %q", files, stdout)
	if !strings.Contains(stdout, "n: 5\n[x] on\n") || !strings.Contains(stdout, "205") {
		t.Errorf("stdout %q: want the panel's lines (n: 5, [x] on) and 2 runs, changes summing to 5", stdout)
	}
}
