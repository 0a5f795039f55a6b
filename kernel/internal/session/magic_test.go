package session

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonlm/gonlm/kernel/display"
)

func TestSplitMagics(t *testing.T) {
	type seg struct {
		kind int
		line int
		arg  string
	}
	tests := []struct {
		code     string
		segs     []seg // nil: no commands
		timeCell bool
		err      string
	}{
		{code: "x := 1\nx", segs: nil},
		{code: "!ls -l\nx := 1\n%who\nx", segs: []seg{{segShell, 0, "ls -l"}, {segGo, 1, ""}, {segWho, 2, ""}, {segGo, 3, ""}}},
		{code: "!echo a \\\n  b\n%env", segs: []seg{{segShell, 0, "echo a \\\n  b"}, {segEnv, 2, ""}}},
		{code: "%env HOME=/tmp\n%env X y\n%who int", segs: []seg{{segEnv, 0, "HOME=/tmp"}, {segEnv, 1, "X y"}, {segWho, 2, "int"}}},
		{code: "%time x := f()\n%help", segs: []seg{{segTime, 0, ""}, {segHelp, 1, ""}}},
		{code: "%%time\nx := 1\nx", segs: []seg{{segGo, 0, ""}}, timeCell: true},
		{code: "%%time\n!date", segs: []seg{{segShell, 1, "date"}}, timeCell: true},
		// Not commands: indented, inside a raw string or a block comment, or an operator mid-line.
		{code: "ok := !done\nif x {\n\t!y\n}", segs: nil},
		{code: "s := `\n!not a command\n%nor this`\n/*\n%no\n*/", segs: nil},
		{code: "s := \"`\"\n!echo after a quoted backquote", segs: []seg{{segGo, 0, ""}, {segShell, 1, "echo after a quoted backquote"}}},
		{code: "x := 1 // `\n!echo after a commented backquote", segs: []seg{{segGo, 0, ""}, {segShell, 1, "echo after a commented backquote"}}},
		{code: "%timeit f()", err: "unknown command %timeit"},
		{code: "x := 1\n%%time", err: "must be the cell's first line"},
		{code: "%%bash\nls", err: "unknown cell command %%bash"},
		{code: "%time", err: "%time needs Go code"},
		{code: "!", err: "! needs a shell command"},
		{code: "%env A B=C D", segs: []seg{{segEnv, 0, "A B=C D"}}},
	}
	for _, tc := range tests {
		segs, timeCell, err := splitMagics(tc.code)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Evalue, tc.err) || err.Ename != EnameMagic || err.Line == 0 {
				t.Errorf("%q: error %+v, want %q", tc.code, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.code, err)
			continue
		}
		var got []seg
		for _, s := range segs {
			got = append(got, seg{s.kind, s.line, s.arg})
			if (s.kind == segGo || s.kind == segTime) && strings.Count(s.src[:len(s.src)-len(strings.TrimLeft(s.src, "\n"))], "\n") < s.line {
				t.Errorf("%q: segment at line %d is not padded to it: %q", tc.code, s.line, s.src)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.segs) || timeCell != tc.timeCell {
			t.Errorf("%q:\n got %v (time %v)\nwant %v (time %v)", tc.code, got, timeCell, tc.segs, tc.timeCell)
		}
	}
	// %time keeps the code's columns: errors point into it.
	segs, _, _ := splitMagics("%time   y := undefinedThing")
	if segs[0].src != "        y := undefinedThing" {
		t.Errorf("%%time source %q", segs[0].src)
	}
}

// runMagic runs a cell in s and returns its result and what the commands
// printed.
func runMagic(t *testing.T, s *Session, code string) (Result, *recorder, string) {
	t.Helper()
	var out bytes.Buffer
	s.magicOut = &out
	defer func() { s.magicOut = nil }()
	res, r := run(t, s, code)
	return res, r, out.String()
}

func TestMagics(t *testing.T) {
	s := newSession(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, code string
		out        []string // substrings of what the commands printed
		result     string   // the cell's value
		ename      string
		line       int
	}{
		{name: "shell", code: "!echo hello from sh && echo second line", out: []string{"hello from sh\nsecond line\n"}},
		{name: "shell continued", code: "!echo one \\\n  two", out: []string{"one two\n"}},
		{name: "shell between Go", code: "x := 20\n!echo in between\nx + 1", out: []string{"in between\n"}, result: "21"},
		{name: "shell fails", code: "x2 := 1\n!exit 3\nx2 = 2", ename: EnameShell, line: 2},
		{name: "error in Go after a command keeps its line", code: "!true\ny := undefinedThing", ename: EnameCompile, line: 2},
		{name: "env set", code: "%env GONLM_MAGIC_TEST=forty two\n!echo $GONLM_MAGIC_TEST\nimport \"os\"\nos.Getenv(\"GONLM_MAGIC_TEST\")", out: []string{"env: GONLM_MAGIC_TEST=forty two\n", "forty two\n"}, result: "forty two"},
		{name: "env set with =", code: "%env GONLM_MAGIC_TEST2=a=b\n%env GONLM_MAGIC_TEST2", out: []string{"a=b\n"}},
		{name: "env list", code: "%env", out: []string{"GONLM_MAGIC_TEST=forty two\n"}},
		{name: "env unset", code: "%env GONLM_NOT_SET_ANYWHERE", out: []string{"GONLM_NOT_SET_ANYWHERE is not set"}},
		{name: "cell's os.Setenv reaches !", code: "os.Setenv(\"GONLM_FROM_CELL\", \"yes\")\n!echo from cell: $GONLM_FROM_CELL", out: []string{"from cell: yes\n"}},
		{name: "time a line", code: "%time z := 6 * 7\nz", out: []string{"CPU times: user ", "Wall time: "}, result: "42"},
		{name: "time the last expression", code: "%time z * 2", out: []string{"Wall time: "}, result: "84"},
		{name: "time a cell", code: "%%time\nw := 0\nfor i := range 1000 { w += i }\nw", out: []string{"Wall time: "}, result: "499500"},
		{name: "who", code: "type point struct{ x, y int }\npt := point{1, 2}\nnums := []int{1, 2, 3}\n%who", out: []string{"Variable", "nums", "[]int", "len 3", "pt", "point", "x ", "int", "42"}},
		{name: "who filter", code: "%who []int", out: []string{"nums"}},
		{name: "help", code: "%help", out: []string{"!cmd", "%time", "%%time", "%who", "%env", "%help"}},
		{name: "unknown", code: "%matplotlib inline", ename: EnameMagic, line: 1},
		{name: "writes a file", code: "!echo data > " + filepath.Join(dir, "f.txt"), out: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, r, out := runMagic(t, s, tc.code)
			if tc.ename != "" {
				if res.Err == nil || res.Err.Ename != tc.ename || res.Err.Line != tc.line {
					t.Fatalf("error %+v, want %s at line %d", res.Err, tc.ename, tc.line)
				}
				return
			}
			if res.Err != nil {
				t.Fatalf("%v\n%s", res.Err, strings.Join(res.Err.Traceback, "\n"))
			}
			for _, want := range tc.out {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if got := strings.Join(r.results, "|"); got != tc.result {
				t.Errorf("result %q, want %q", got, tc.result)
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(dir, "f.txt")); err != nil || string(b) != "data\n" {
		t.Errorf("the command's file: %q %v", b, err)
	}
	// The command that failed stopped the cell: x2 = 2 did not run.
	if _, r := run(t, s, "x2"); strings.Join(r.results, "") != "1" {
		t.Errorf("x2 = %v after a failing command", r.results)
	}
}

// An interrupt stops a ! command (SIGINT to its process group) and the
// cell goes on; a command that ignores SIGINT is killed after the grace
// period.
func TestMagicShellInterrupt(t *testing.T) {
	s, err := New(Options{InterruptGrace: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Interp(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, code string
		min, max   time.Duration
	}{
		{"sleep", "!sleep 30", 0, time.Second},
		{"ignores SIGINT", "!trap '' INT; sleep 30", 1400 * time.Millisecond, 4 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan Result)
			go func() {
				res, _, _ := runMagic(t, s, tc.code)
				done <- res
			}()
			time.Sleep(300 * time.Millisecond)
			start := time.Now()
			s.Interrupt()
			select {
			case res := <-done:
				took := time.Since(start)
				if res.Err == nil || res.Err.Ename != EnameInterrupt || took < tc.min || took > tc.max {
					t.Errorf("after %v: %+v", took, res.Err)
				}
			case <-time.After(8 * time.Second):
				t.Fatal("the command was not stopped")
			}
		})
	}
}

// pubRecorder is a recorder that keeps published bundles too.
type pubRecorder struct {
	recorder
	pubs []display.Bundle
}

func (r *pubRecorder) Publish(b display.Bundle, id string, update bool) error {
	r.mu.Lock()
	r.pubs = append(r.pubs, b)
	r.mu.Unlock()
	return nil
}

// A sampling call made with a cell's ctx shows a progress bar in the cell,
// finished when it returns (here from its start: views tests the delay).
func TestGenerationProgressBar(t *testing.T) {
	old := samplingBarAfter
	samplingBarAfter = 0
	t.Cleanup(func() { samplingBarAfter = old })
	s := newSession(t)
	code := `import "nlm"
m := nlm.NewModel(64, 2, 1)
samples, err := nlm.Generate(ctx, m, 36, 300, nlm.PaperDynamics(), 1)
err`
	r := &pubRecorder{}
	res := s.Execute(Request{Code: code, StoreHistory: true}, r)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	var bars []string
	for _, b := range r.pubs {
		if display.KindOf(b) == display.KindProgress {
			bars = append(bars, b.Text())
		}
	}
	if len(bars) < 2 || !strings.HasPrefix(bars[0], "generating [") || !display.IsFinal(r.pubs[len(r.pubs)-1]) ||
		!strings.Contains(bars[len(bars)-1], "300/300 steps (100%)") || !strings.Contains(bars[len(bars)-1], "chains 36") {
		t.Errorf("progress bars: %q", bars)
	}
}
