// Package script is `gonlm run`: the notebook environment outside a notebook.
// A script's cells run in one session as a notebook's would; display output
// becomes files and progress is drawn on standard error.
package script

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gonlm/gonlm/internal/atomicfile"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/session"
)

// Usage is the help text of gonlm run.
const Usage = `usage: gonlm run [--out DIR] <script>

Runs a Go script the way a notebook runs cells, with the same packages
(nlm, display, gonum, plot, the standard library) and the same predeclared
ctx, which Ctrl-C cancels (a second Ctrl-C exits at once).

The script (any file name; script.go is usual) is either cell-style code
(statements and declarations in any order, no package clause) or a
complete "package main" file, whose main function is run. Lines that are exactly "// %%" split cell-style code into
cells, run one after the other; the value of each cell's last expression is
shown as a notebook would show it.

Display output (display.Plot, display.Image, the value of a last expression
that is an image or plot, ...) is written to DIR (default gonlm-out) as
NNN.png, NNN.svg, NNN.html, NNN.md, NNN.tex or NNN.json, and each new file's
path is printed. Outputs updated in place (display ids, animations, live
curves) rewrite their file. Text output goes to standard output; progress bars
are drawn on standard error.

Exit status: 0 when the script ran to the end, 1 when it failed (compile
error, panic, error), 2 for bad usage, 130 when interrupted.`

// exitInterrupted is the exit status after Ctrl-C, as shells report SIGINT.
const exitInterrupted = 130

// Main implements `gonlm run` with the arguments after "run", on the
// process's standard streams, and returns the exit status: 0 when the script
// ran to the end, 1 when it failed, 2 for bad usage, 130 when interrupted.
func Main(args []string) int {
	out, script, err := parseRunArgs(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gonlm run: %v\n\n%s\n", err, Usage)
		return 2
	}
	if script == "" {
		fmt.Fprintln(os.Stderr, Usage)
		return 0
	}
	code, err := os.ReadFile(script)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gonlm run: %v\n", err)
		return 1
	}
	cells, err := scriptCells(string(code))
	if err != nil {
		fmt.Fprintf(os.Stderr, "gonlm run: %s: %v\n", script, err)
		return 1
	}
	fe := newScriptFrontend(out, os.Stdout, os.Stderr, os.Stdin)
	status, err := runCells(cells, fe)
	fe.finish()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gonlm run: %v\n", err)
		return 1
	}
	return status
}

// parseRunArgs reads [--out DIR] <script.go> in any order; an empty script
// with a nil error means -h.
func parseRunArgs(args []string) (out, script string, err error) {
	out = "gonlm-out"
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-h" || a == "--help" || a == "-help":
			return "", "", nil
		case a == "--out" || a == "-out" || a == "-o":
			if i+1 >= len(args) || args[i+1] == "" {
				return "", "", fmt.Errorf("%s needs a directory", a)
			}
			out = args[i+1]
			i++
		case strings.HasPrefix(a, "--out=") || strings.HasPrefix(a, "-out="):
			out = a[strings.IndexByte(a, '=')+1:]
			if out == "" {
				return "", "", errors.New("--out needs a directory")
			}
		case strings.HasPrefix(a, "-") && a != "-":
			return "", "", fmt.Errorf("unknown flag %s", a)
		case script != "":
			return "", "", fmt.Errorf("one script at a time (got %s and %s); scripts take no arguments", script, a)
		default:
			script = a
		}
	}
	if script == "" {
		return "", "", errors.New("no script given")
	}
	return out, script, nil
}

var (
	packageRE  = regexp.MustCompile(`^package\s+(\w+)\s*(//.*)?$`)
	cellMarkRE = regexp.MustCompile(`^//\s*%%`)
)

// scriptCell is one cell of a script and the line (0-based) it starts on.
type scriptCell struct {
	code string
	line int
}

// scriptCells splits a script into cells. A package clause (which must name
// main) is blanked out, keeping line numbers, and the file runs as one cell
// (yaegi runs func main once the declarations are evaluated). Cell-style code
// is split at "// %%" lines.
func scriptCells(code string) ([]scriptCell, error) {
	lines := strings.Split(code, "\n")
	inComment := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if inComment {
			if strings.Contains(t, "*/") {
				inComment = false
			}
			continue
		}
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		if strings.HasPrefix(t, "/*") {
			inComment = !strings.Contains(t[2:], "*/")
			continue
		}
		if m := packageRE.FindStringSubmatch(t); m != nil {
			if m[1] != "main" {
				return nil, fmt.Errorf("line %d: package %s: a script is cell-style code or a package main file", i+1, m[1])
			}
			if !regexp.MustCompile(`(?m)^func\s+main\s*\(\s*\)`).MatchString(code) {
				return nil, errors.New("a package main script needs a func main()")
			}
			lines[i] = ""
			return []scriptCell{{code: strings.Join(lines, "\n")}}, nil
		}
		break
	}
	var cells []scriptCell
	start := 0
	flush := func(end int) {
		c := strings.Join(lines[start:end], "\n")
		if strings.TrimSpace(c) != "" {
			// Pad with blank lines so yaegi's line numbers match the file.
			cells = append(cells, scriptCell{code: strings.Repeat("\n", start) + c, line: start})
		}
	}
	for i, l := range lines {
		if cellMarkRE.MatchString(strings.TrimSpace(l)) {
			flush(i)
			start = i + 1
		}
	}
	flush(len(lines))
	return cells, nil
}

// runCells runs the cells in a new session, stopping at the first failure.
// It returns the exit status (0, 1 or 130).
func runCells(cells []scriptCell, fe *scriptFrontend) (int, error) {
	s, err := session.New(session.Options{})
	if err != nil {
		return 0, err
	}
	defer display.SetPublisher(nil)
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	stop := make(chan struct{})
	defer close(stop)
	var interrupted sync.Once
	gotInterrupt := make(chan struct{})
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				return
			case <-sig:
				n++
				if n == 1 {
					interrupted.Do(func() { close(gotInterrupt) })
					fe.note("interrupt: stopping (Ctrl-C again to exit at once)")
					s.Interrupt()
					continue
				}
				fe.finish()
				os.Exit(exitInterrupted)
			}
		}
	}()
	for _, c := range cells {
		res := s.Execute(session.Request{Code: c.code, StoreHistory: true}, fe)
		if res.Err != nil {
			fe.reportError(res.Err)
			if res.Err.Ename == session.EnameInterrupt {
				return exitInterrupted, nil
			}
			return 1, nil
		}
		select {
		case <-gotInterrupt:
			return exitInterrupted, nil
		default:
		}
	}
	return 0, nil
}

// scriptFrontend is the session.Frontend of the scripting mode: displays
// become files, text goes to the terminal, progress bars are redrawn on one
// line of standard error (or printed now and then when it is not a
// terminal).
type scriptFrontend struct {
	dir            string
	stdout, stderr io.Writer
	tty            bool
	stdin          *bufio.Reader

	mu       sync.Mutex
	n        int
	files    map[string]string // display id → file written for it
	barLine  bool              // a progress line is open on stderr
	bars     map[string]*barState
	barOrder []string
	lines    chan lineResult
}

type barState struct {
	text    string
	printed string
	at      time.Time
}

type lineResult struct {
	line string
	err  error
}

// barEvery is how often a progress bar is printed when stderr is not a
// terminal.
const barEvery = 10 * time.Second

func newScriptFrontend(dir string, stdout, stderr io.Writer, stdin io.Reader) *scriptFrontend {
	tty := false
	if f, ok := stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &scriptFrontend{dir: dir, stdout: stdout, stderr: stderr, tty: tty,
		stdin: bufio.NewReader(stdin), files: map[string]string{}, bars: map[string]*barState{}}
}

// endBarLocked ends an open progress line so other output starts on a new
// line.
func (f *scriptFrontend) endBarLocked() {
	if f.barLine {
		fmt.Fprintln(f.stderr)
		f.barLine = false
	}
}

// note prints a line on stderr.
func (f *scriptFrontend) note(msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.endBarLocked()
	fmt.Fprintln(f.stderr, msg)
}

// Publish implements display.Publisher.
func (f *scriptFrontend) Publish(b display.Bundle, id string, update bool) error {
	if display.KindOf(b) == display.KindProgress {
		f.progress(b.Text(), id, display.Done(b))
		return nil
	}
	return f.write(b, id)
}

// Clear implements display.Publisher; a terminal keeps its output.
func (f *scriptFrontend) Clear(wait bool) error { return nil }

func (f *scriptFrontend) progress(text, id string, done bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.bars[id]
	if st == nil {
		st = &barState{}
		f.bars[id] = st
		f.barOrder = append(f.barOrder, id)
	}
	st.text = text
	if f.tty {
		fmt.Fprintf(f.stderr, "\r\x1b[K%s", text)
		f.barLine = true
		st.printed = text
		if done {
			// End the line, so the script's next output starts below it.
			f.endBarLocked()
		}
		return
	}
	if now := time.Now(); st.printed == "" || now.Sub(st.at) >= barEvery {
		fmt.Fprintln(f.stderr, text)
		st.printed, st.at = text, now
	}
}

// mimeFiles lists the formats written to files, best first.
var mimeFiles = []struct{ mime, ext string }{
	{display.MIMEPNG, ".png"},
	{display.MIMEJPEG, ".jpg"},
	{display.MIMEGIF, ".gif"},
	{display.MIMESVG, ".svg"},
	{display.MIMEPDF, ".pdf"},
	{display.MIMEHTML, ".html"},
	{display.MIMEMarkdown, ".md"},
	{display.MIMELatex, ".tex"},
	{display.MIMEJSON, ".json"},
}

// write saves a bundle's best format to a file (text-only bundles are
// printed). Outputs with a display id keep one file, rewritten on update.
func (f *scriptFrontend) write(b display.Bundle, id string) error {
	for _, mf := range mimeFiles {
		if _, ok := b.Data[mf.mime]; !ok {
			continue
		}
		var data []byte
		var err error
		if mf.mime == display.MIMEJSON {
			data, err = jsonBytes(b.Data[mf.mime])
		} else {
			data, err = b.Bytes(mf.mime)
		}
		if err != nil {
			return fmt.Errorf("display: %s: %w", mf.mime, err)
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		path, known := f.files[id]
		if !known || id == "" || filepath.Ext(path) != mf.ext {
			f.n++
			path = filepath.Join(f.dir, fmt.Sprintf("%03d%s", f.n, mf.ext))
		}
		if err := os.MkdirAll(f.dir, 0o755); err != nil {
			return err
		}
		if err := atomicfile.WriteFile(path, data); err != nil {
			return err
		}
		if id != "" {
			f.files[id] = path
		}
		if !known || id == "" {
			f.endBarLocked()
			fmt.Fprintln(f.stdout, path)
		}
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.endBarLocked()
	text := b.Text()
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	_, err := io.WriteString(f.stdout, text)
	return err
}

// Stream implements session.Frontend (used when output is captured).
func (f *scriptFrontend) Stream(name, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.endBarLocked()
	if name == "stderr" {
		io.WriteString(f.stderr, text)
	} else {
		io.WriteString(f.stdout, text)
	}
}

// ExecuteInput implements session.Frontend; a script does not echo its code.
func (f *scriptFrontend) ExecuteInput(code string, count int) {}

// ExecuteResult implements session.Frontend: a cell's value is shown like a
// display.
func (f *scriptFrontend) ExecuteResult(count int, b display.Bundle) {
	if err := f.write(b, ""); err != nil {
		f.note("gonlm run: showing a value: " + err.Error())
	}
}

// Input implements session.Frontend: it reads a line from standard input.
func (f *scriptFrontend) Input(ctx context.Context, prompt string, password bool) (string, error) {
	f.mu.Lock()
	f.endBarLocked()
	io.WriteString(f.stderr, prompt)
	if f.lines == nil {
		f.lines = make(chan lineResult)
		go func() {
			for {
				l, err := f.stdin.ReadString('\n')
				f.lines <- lineResult{strings.TrimRight(l, "\r\n"), err}
				if err != nil {
					return
				}
			}
		}()
	}
	lines := f.lines
	f.mu.Unlock()
	select {
	case r := <-lines:
		if r.err != nil && r.line == "" {
			return "", fmt.Errorf("reading standard input: %w", r.err)
		}
		return r.line, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// reportError prints a failed cell's traceback (without colours when stderr
// is not a terminal).
func (f *scriptFrontend) reportError(e *session.Error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.endBarLocked()
	tb := e.Traceback
	if len(tb) == 0 {
		tb = []string{e.Error()}
	}
	for _, l := range tb {
		if !f.tty {
			l = ansiRE.ReplaceAllString(l, "")
		}
		fmt.Fprintln(f.stderr, l)
	}
}

var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

// finish prints the last state of progress bars not yet shown in full and
// ends an open progress line.
func (f *scriptFrontend) finish() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.tty {
		for _, id := range f.barOrder {
			if st := f.bars[id]; st.text != st.printed {
				fmt.Fprintln(f.stderr, st.text)
				st.printed = st.text
			}
		}
	}
	f.endBarLocked()
}

// jsonBytes encodes an application/json value, indented.
func jsonBytes(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
