package difftest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/session"
)

// cellTimeout bounds one cell; a program that takes longer is interrupted.
const cellTimeout = 30 * time.Second

// quiet is the session Frontend of the test: the cells' output goes to the
// session's Stdout and Stderr files, results and displays are dropped.
type quiet struct{}

func (quiet) Publish(display.Bundle, string, bool) error { return nil }
func (quiet) Clear(bool) error                           { return nil }
func (quiet) Stream(string, string)                      {}
func (quiet) ExecuteInput(string, int)                   {}
func (quiet) ExecuteResult(int, display.Bundle)          {}
func (quiet) Input(context.Context, string, bool) (string, error) {
	return "", io.EOF
}

// outcome is what a program printed when run as cells.
type outcome struct {
	stdout, stderr string
	err            *session.Error // the first failing cell's error
	errCell        int            // its index
	cellOut        string         // what that cell printed before failing
}

// panicked returns the panic message of a Panic error ("" otherwise).
func (o outcome) panicked() string {
	if o.err == nil || o.err.Ename != session.EnamePanic {
		return ""
	}
	return lineRE.ReplaceAllString(o.err.Evalue, "")
}

var lineRE = regexp.MustCompile(`^line \d+: `)

// boundsRE matches the index and length (or bounds and capacity) Go adds
// to a runtime error's message.
var boundsRE = regexp.MustCompile(` \[-?\d*:?-?\d*\](?: with (?:length|capacity) \d+)?`)

// runCells runs cells in a new session, stopping at the first error.
func runCells(t *testing.T, cells []string) outcome {
	t.Helper()
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr lockedBuffer
	var wg sync.WaitGroup
	for _, c := range []struct {
		r *os.File
		b *lockedBuffer
	}{{outR, &stdout}, {errR, &stderr}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			io.Copy(c.b, c.r)
			c.r.Close()
		}()
	}
	s, err := session.New(session.Options{Stdout: outW, Stderr: errW})
	if err != nil {
		t.Fatal(err)
	}
	// The pipe is copied into stdout by a goroutine, so its length after a
	// cell may still lack the cell's last writes: a mark written into the
	// pipe after each cell says where each cell's output ends.
	var o outcome
	for i, code := range cells {
		res, ok := execute(s, code)
		if _, err := outW.WriteString(cellMark); err != nil {
			t.Fatal(err)
		}
		if !ok {
			o.err = &session.Error{Ename: "Timeout", Evalue: fmt.Sprintf("cell %d ran for more than %v", i+1, cellTimeout)}
			o.errCell = i
			break
		}
		if res.Err != nil {
			o.err = res.Err
			o.errCell = i
			break
		}
	}
	outW.Close()
	errW.Close()
	wg.Wait()
	perCell := strings.Split(stdout.String(), cellMark)
	if o.err != nil {
		o.cellOut = perCell[o.errCell]
	}
	o.stdout, o.stderr = strings.Join(perCell, ""), stderr.String()
	return o
}

// cellMark separates the cells' outputs in runCells' stdout.
const cellMark = "\x00difftest: end of cell\x00"

// execute runs one cell, interrupting it after cellTimeout.
func execute(s *session.Session, code string) (session.Result, bool) {
	done := make(chan session.Result, 1)
	go func() { done <- s.Execute(session.Request{Code: code, StoreHistory: true}, quiet{}) }()
	select {
	case res := <-done:
		return res, true
	case <-time.After(cellTimeout):
		s.Interrupt()
		<-done
		return session.Result{}, false
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// verdict classifies an outcome against Go's.
type verdict int

const (
	match    verdict = iota
	differ           // ran, but printed something else (a silent difference)
	failed           // an error where Go had none, or another panic
	refusedV         // refused before running, naming the yaegi limitation
)

func (v verdict) String() string {
	return [...]string{"match", "differ", "failed", "refused"}[v]
}

// judge compares an outcome with Go's.
func judge(p Program, o outcome) verdict {
	if o.err != nil && o.err.Ename != session.EnamePanic {
		if o.cellOut == "" && strings.Contains(o.err.Evalue, "yaegi") {
			return refusedV
		}
		return failed
	}
	if o.panicked() != p.Panic {
		if o.err == nil {
			return differ
		}
		return failed
	}
	if o.stdout != p.Stdout {
		return differ
	}
	return match
}

// describe says how an outcome differs from Go's.
func describe(p Program, o outcome) string {
	var b strings.Builder
	if o.err != nil {
		fmt.Fprintf(&b, "cell %d: %s: %s\n", o.errCell+1, o.err.Ename, o.err.Evalue)
		for _, f := range o.err.Frames {
			fmt.Fprintf(&b, "  %s: %s\n", f.Where(), strings.TrimSpace(f.Source))
		}
	}
	if p.Panic != o.panicked() {
		fmt.Fprintf(&b, "Go panicked with %q, the kernel with %q\n", p.Panic, o.panicked())
	}
	if o.stdout != p.Stdout {
		fmt.Fprintf(&b, "stdout differs:\n%s", lineDiff(p.Stdout, o.stdout))
	}
	if o.stderr != "" {
		fmt.Fprintf(&b, "stderr:\n%s", o.stderr)
	}
	return b.String()
}

// lineDiff shows the first differing lines of Go's and the kernel's output.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("  line %d: Go %q\n          kernel %q\n  (Go printed %d lines, the kernel %d)\n", i+1, wl, gl, len(w), len(g))
		}
	}
	return ""
}

func TestCorpus(t *testing.T) {
	progs, err := Load(CorpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(progs) == 0 {
		t.Fatal("empty corpus")
	}
	checkSums(t, progs)
	checkKnown(t, progs)
	for _, p := range progs {
		t.Run(p.Name, func(t *testing.T) {
			if why, ok := raceSkip(p.Src); ok {
				t.Skip("not under the race detector: " + why)
			}
			if parallel {
				t.Parallel()
			}
			for _, v := range testVariants {
				cells, err := Cells(p.Src, v)
				if err != nil {
					t.Fatalf("%s: %v", v, err)
				}
				o := runCells(t, cells)
				got := judge(p, o)
				k, isKnown := knownFor(p.Name, v)
				switch {
				case !isKnown || k.status == fixed:
					if got != match {
						t.Errorf("%s: %s\n%s", v, got, describe(p, o))
					}
				case k.status == frontEnd:
					if got == match {
						t.Errorf("%s: now matches Go; flip its entry in the known table to fixed", v)
					} else if got == differ && !k.silent {
						t.Errorf("%s: known as a visible failure but now a silent difference:\n%s", v, describe(p, o))
					} else {
						t.Logf("%s: known difference (left to the front end: %s): %s\n%s", v, k.cause, got, describe(p, o))
					}
				case k.status == refused:
					if got == match {
						t.Errorf("%s: now matches Go; flip its entry in the known table to fixed", v)
					} else if got != refusedV {
						t.Errorf("%s: known as refused, but %s:\n%s", v, got, describe(p, o))
					}
				case k.status == noValues:
					switch msg := o.panicked(); {
					case got == match:
						t.Errorf("%s: now matches Go; flip its entry in the known table to fixed", v)
					case p.Panic == "" && o.err == nil && o.stdout != p.Stdout && o.stdout == boundsRE.ReplaceAllString(p.Stdout, ""):
						// A recovered runtime error printed without them.
					case o.stdout != p.Stdout || msg == "" || !strings.HasPrefix(p.Panic, msg):
						t.Errorf("%s: known to lack only Go's index and length, but:\n%s", v, describe(p, o))
					}
				}
			}
		})
	}
}

// checkSums fails when a program or an output changed since go generate.
func checkSums(t *testing.T, progs []Program) {
	t.Helper()
	sums, err := ReadSums(CorpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if got := Sums(progs); got != sums {
		t.Fatalf("the corpus or its outputs changed since they were generated; run go generate ./kernel/internal/difftest (differences:\n%s)", lineDiff(sums, got))
	}
}

// TestGoldenCurrent re-runs the corpus with the Go toolchain and compares
// with the committed outputs. Building every program takes a minute or two,
// so it runs only with DIFFTEST_GO=1 (checkSums in TestCorpus guards the
// outputs against stale or hand-edited files in every run).
func TestGoldenCurrent(t *testing.T) {
	if os.Getenv("DIFFTEST_GO") != "1" {
		t.Skip("set DIFFTEST_GO=1 to re-run the corpus with the Go toolchain")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("DIFFTEST_GO=1 but no Go toolchain on PATH")
	}
	want, err := Load(CorpusDir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := RunGo(CorpusDir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d programs run, %d with outputs", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Stdout != w.Stdout || g.Panic != w.Panic {
			t.Errorf("%s: go run prints something else than the committed output; run go generate ./kernel/internal/difftest", g.Name)
		}
	}
}
