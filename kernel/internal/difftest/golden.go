package difftest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// CorpusDir is the corpus directory, relative to this package.
const CorpusDir = "testdata/corpus"

// Program is one corpus program with what `go run` printed.
type Program struct {
	Name  string // file name without ".go"
	Topic string // the name up to its first '_'
	Src   string
	// Stdout is what the program printed on standard output.
	Stdout string
	// Panic is the message of the panic that ended the program (what Go
	// prints after "panic: ", without " [recovered]" or the goroutine
	// traces), or "" when it ended normally.
	Panic string
}

// Golden file suffixes: NAME.out holds the standard output, NAME.panic the
// panic message (only for programs that panic).
const (
	outSuffix   = ".out"
	panicSuffix = ".panic"
	sumsFile    = "SUMS"
)

// Load reads the corpus in dir with its golden outputs.
func Load(dir string) ([]Program, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var progs []Program
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".go")
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out, err := os.ReadFile(filepath.Join(dir, name+outSuffix))
		if err != nil {
			return nil, fmt.Errorf("%s: no golden output (run go generate): %w", name, err)
		}
		p := Program{Name: name, Topic: topic(name), Src: string(src), Stdout: string(out)}
		if b, err := os.ReadFile(filepath.Join(dir, name+panicSuffix)); err == nil {
			p.Panic = string(b)
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		progs = append(progs, p)
	}
	return progs, nil
}

func topic(name string) string {
	if i := strings.IndexByte(name, '_'); i > 0 {
		return name[:i]
	}
	return name
}

// RunGo builds every program of the corpus in dir with the Go toolchain
// (in one go build of a temporary module with a directory per program) and
// runs them, up to jobs at once, and returns what each printed, in
// file-name order.
func RunGo(dir string, jobs int) ([]Program, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	tmp, err := os.MkdirTemp("", "difftest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "go.mod"), []byte("module difftest.corpus\n\ngo "+goVersion()+"\n"), 0o644); err != nil {
		return nil, err
	}
	progs := make([]Program, len(files))
	for i, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(f), ".go")
		progs[i] = Program{Name: name, Topic: topic(name), Src: string(src)}
		if err := os.MkdirAll(filepath.Join(tmp, "src", name), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(tmp, "src", name, "main.go"), src, 0o644); err != nil {
			return nil, err
		}
	}
	build := exec.Command("go", "build", "-o", filepath.Join(tmp, "bin")+string(filepath.Separator), "./src/...")
	build.Dir = tmp
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	if jobs < 1 {
		jobs = runtime.NumCPU()
	}
	errs := make([]error, len(progs))
	sem := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for i := range progs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = runProgram(&progs[i], filepath.Join(tmp, "bin", progs[i].Name))
		}()
	}
	wg.Wait()
	return progs, errors.Join(errs...)
}

// goVersion is the language version of the module the corpus belongs to
// (its programs get that version's semantics, e.g. per-iteration loop
// variables), as the go command in this directory reports it.
func goVersion() string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.GoVersion}}").Output()
	if v := strings.TrimSpace(string(out)); err == nil && v != "" {
		return v
	}
	return strings.TrimPrefix(runtime.Version(), "go")
}

// runProgram runs a built program and records what it printed.
func runProgram(p *Program, bin string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run := exec.CommandContext(ctx, bin)
	run.Env = append(os.Environ(), "GOTRACEBACK=single")
	var stdout, stderr bytes.Buffer
	run.Stdout, run.Stderr = &stdout, &stderr
	err := run.Run()
	p.Stdout = stdout.String()
	var exit *exec.ExitError
	switch {
	case err == nil:
		if stderr.Len() > 0 {
			return fmt.Errorf("%s: wrote to standard error (the corpus compares standard output only):\n%s", p.Name, stderr.String())
		}
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		msg, ok := panicMessage(stderr.String())
		if !ok {
			return fmt.Errorf("%s: exit status 2 without a panic:\n%s", p.Name, stderr.String())
		}
		p.Panic = msg
	default:
		return fmt.Errorf("%s: %v\n%s", p.Name, err, stderr.String())
	}
	return nil
}

// panicMessage extracts the panic value from the standard error of a Go
// program that panicked: the text after "panic: " up to the goroutine
// trace, without " [recovered]" suffixes, the runtime's "goroutine N" line
// or the "[signal ...]" line of a fault. Re-panics print several "panic: "
// lines; the last one is the value that ended the program.
func panicMessage(stderr string) (string, bool) {
	i := strings.LastIndex(stderr, "panic: ")
	if i < 0 {
		return "", false
	}
	msg := stderr[i+len("panic: "):]
	if j := strings.Index(msg, "\n\ngoroutine "); j >= 0 {
		msg = msg[:j]
	}
	// A fault adds a line such as "[signal SIGSEGV: segmentation
	// violation ...]", which names the machine, not the program.
	if j := strings.Index(msg, "\n[signal "); j >= 0 {
		msg = msg[:j]
	}
	msg = strings.TrimSuffix(strings.TrimRight(msg, "\n"), " [recovered]")
	return msg, true
}

// WriteGolden writes the golden outputs of progs into dir, removes stale
// ones, and writes the SUMS manifest.
func WriteGolden(dir string, progs []Program) error {
	old, _ := filepath.Glob(filepath.Join(dir, "*"+panicSuffix))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	for _, p := range progs {
		if err := writeFile(filepath.Join(dir, p.Name+outSuffix), p.Stdout); err != nil {
			return err
		}
		if p.Panic != "" {
			if err := writeFile(filepath.Join(dir, p.Name+panicSuffix), p.Panic); err != nil {
				return err
			}
		}
	}
	return writeFile(filepath.Join(dir, sumsFile), Sums(progs))
}

// Sums is the manifest of the golden outputs: one line per program with
// the SHA-256 of its source and of its outputs, so that a test without a
// toolchain can tell that no program changed since its outputs were made
// and no output was edited by hand.
func Sums(progs []Program) string {
	var b strings.Builder
	b.WriteString("# go generate writes this file: SHA-256 of each program and of its outputs\n")
	for _, p := range progs {
		fmt.Fprintf(&b, "%s %s %s\n", hash(p.Src), hash(p.Stdout+"\x00"+p.Panic), p.Name)
	}
	return b.String()
}

// ReadSums returns the manifest in dir.
func ReadSums(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, sumsFile))
	return string(b), err
}

func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// writeFile replaces name with content through a temporary file.
func writeFile(name, content string) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
