package session

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonlm/gonlm/internal/inflight"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/display/displaytest"
)

// recorder is a Frontend that keeps what a cell produced (its displays in
// the embedded displaytest.Recorder).
type recorder struct {
	displaytest.Recorder
	mu      sync.Mutex
	streams strings.Builder
	results []string
	input   func(prompt string) (string, error)
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	r.streams.WriteString(text)
	r.mu.Unlock()
}
func (r *recorder) ExecuteInput(string, int) {}
func (r *recorder) ExecuteResult(count int, b display.Bundle) {
	r.mu.Lock()
	r.results = append(r.results, b.Text())
	r.mu.Unlock()
}
func (r *recorder) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if r.input == nil {
		<-ctx.Done()
		return "", ctx.Err()
	}
	return r.input(prompt)
}

func newSession(t testing.TB) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Interp(); err != nil {
		t.Fatal(err)
	}
	return s
}

func run(t *testing.T, s *Session, code string) (Result, *recorder) {
	t.Helper()
	r := &recorder{}
	return s.Execute(Request{Code: code, StoreHistory: true, AllowStdin: true}, r), r
}

func TestExecuteResults(t *testing.T) {
	s := newSession(t)
	tests := []struct {
		code   string
		result string // "" = no execute_result
		ename  string
		line   int
	}{
		{code: "x := 41", result: ""},
		{code: "x + 1", result: "42"},
		{code: "func two() (int, string) { return 1, \"a\" }\ntwo()", result: "1 a"},
		{code: "import \"strings\"\nstrings.Repeat(\"go\", 2)", result: "gogo"},
		{code: "func void() {}\nvoid()", result: ""},
		{code: "y := 2\ny", result: "2"},
		{code: "for i := range 3 { _ = i }", result: ""},
		{code: "undefinedName", ename: EnameCompile, line: 1},
		{code: "a := 1\n\nb := a +", ename: EnameSyntax, line: 3},
		{code: "var s []int\n_ = 1\ns[3] = 1", ename: EnamePanic, line: 3},
		{code: "func bad() { var m map[string]int; m[\"a\"] = 1 }\nz := 0\nbad()", ename: EnamePanic, line: 3},
		{code: "import \"errors\"\nfunc pair(fail bool) (int, error) {\n\tif fail {\n\t\treturn 0, errors.New(\"no pair\")\n\t}\n\treturn 7, nil\n}\npair(false)", result: "7"},
		{code: "\npair(true)\n", ename: EnameReturned, line: 2},
		{code: "x", result: "41"},
	}
	for _, tc := range tests {
		res, r := run(t, s, tc.code)
		if tc.ename != "" {
			if res.Err == nil || res.Err.Ename != tc.ename || res.Err.Line != tc.line {
				t.Errorf("%q: error %+v, want %s at line %d", tc.code, res.Err, tc.ename, tc.line)
			}
			continue
		}
		if res.Err != nil {
			t.Errorf("%q: %v", tc.code, res.Err)
			continue
		}
		got := strings.Join(r.results, "|")
		if got != tc.result {
			t.Errorf("%q: result %q, want %q", tc.code, got, tc.result)
		}
	}
	if n := s.ExecutionCount(); n != len(tests) {
		t.Errorf("execution count %d, want %d", n, len(tests))
	}
	if h := s.History(); len(h) != len(tests) || h[1].Input != "x + 1" || h[1].Line != 2 {
		t.Errorf("history %+v", h)
	}
}

// yaegi v0.16.1 re-runs a top-level func-literal call on every later Eval; the
// session puts such statements in a block.
func TestFuncLiteralCallRunsOnce(t *testing.T) {
	s := newSession(t)
	for _, code := range []string{"n := 0", "func() { n++ }()", "x2 := 1\nfunc(d int) { n += 10 * d }(x2)", "1", "2"} {
		if res, _ := run(t, s, code); res.Err != nil {
			t.Fatalf("%q: %v", code, res.Err)
		}
	}
	_, r := run(t, s, "n")
	if got := strings.Join(r.results, ""); got != "11" {
		t.Fatalf("n = %s, want 11", got)
	}
}

func TestSilentAndHistory(t *testing.T) {
	s := newSession(t)
	r := &recorder{}
	res := s.Execute(Request{Code: "5", Silent: true, StoreHistory: true}, r)
	if res.ExecutionCount != 0 || len(s.History()) != 0 {
		t.Fatalf("silent execution counted: %+v, history %v", res, s.History())
	}
	res = s.Execute(Request{Code: "6", StoreHistory: false}, r)
	if res.ExecutionCount != 0 {
		t.Fatalf("store_history=false counted: %+v", res)
	}
}

// Stopping a cell lets yaegi's goroutine run on unobserved, which gives the race
// detector no happens-before edge, so it reports yaegi's frame accesses. The
// kernel integration tests (kernel/kerneltest) interrupt the real kernel process.
func TestInterruptStops(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi's abandoned goroutine has no happens-before edge the race detector sees; see the comment")
	}
	const grace = 300 * time.Millisecond
	s, err := New(Options{InterruptGrace: grace})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, code string }{
		{"busy loop", "for {}"},
		{"blocked channel", "c := make(chan int)\n<-c"},
		{"select", "select {}"},
	}
	for _, tc := range tests {
		for _, twice := range []bool{false, true} {
			name := tc.name + " after the grace period"
			if twice {
				name = tc.name + " by a second interrupt"
			}
			t.Run(name, func(t *testing.T) {
				done := make(chan Result)
				go func() {
					res, _ := run(t, s, tc.code)
					done <- res
				}()
				time.Sleep(100 * time.Millisecond)
				start := time.Now()
				s.Interrupt()
				if twice {
					time.Sleep(20 * time.Millisecond)
					s.Interrupt()
				}
				select {
				case res := <-done:
					took := time.Since(start)
					if res.Err == nil || res.Err.Ename != EnameInterrupt {
						t.Fatalf("result %+v, want %s", res, EnameInterrupt)
					}
					want, limit := "did not finish within 300ms", grace+time.Second
					if twice {
						want, limit = "interrupted twice", time.Second
					} else if took < grace {
						t.Errorf("stopped after %v, before the grace period", took)
					}
					if !strings.Contains(res.Err.Evalue, want) || took > limit {
						t.Errorf("stopped after %v with %q, want %q within %v", took, res.Err.Evalue, want, limit)
					}
				case <-time.After(3 * time.Second):
					t.Fatal("cell did not stop")
				}
				if res, r := run(t, s, "40 + 2"); res.Err != nil || strings.Join(r.results, "") != "42" {
					t.Fatalf("next cell: %+v %v", res, r.results)
				}
			})
		}
	}
}

// After the first interrupt, calls that honour ctx return and the cell goes
// on: the code after them runs, and the cell succeeds unless it ends with the
// cancellation error.
func TestInterruptCellGoesOn(t *testing.T) {
	s := newSession(t)
	slow := func(ctx context.Context) error {
		defer inflight.Begin(ctx)()
		<-ctx.Done()
		return ctx.Err()
	}
	i, _ := s.Interp()
	if err := i.Use(map[string]map[string]reflectValue{"slowpkg/slowpkg": {"Slow": reflectOf(slow)}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, code string
		ename      string // "" = the cell succeeds
		out        string // printed after the interrupt
	}{
		{"checked error", "import (\"fmt\"; \"slowpkg\")\nerr := slowpkg.Slow(ctx)\nafter = fmt.Sprint(\"saved after \", err)", "", "saved after context canceled"},
		{"sleep", "import \"time\"\ntime.Sleep(time.Hour)\nafter = \"woke up\"", "", "woke up"},
		{"stdin", "import \"fmt\"\nvar line string\n_, err := fmt.Scanln(&line)\nafter = fmt.Sprint(\"no input: \", err)", "", "no input: context canceled"},
		{"last value", "import \"slowpkg\"\nafter = \"before\"\nslowpkg.Slow(ctx)", EnameInterrupt, "before"},
		{"panic", "import \"slowpkg\"\nif err := slowpkg.Slow(ctx); err != nil {\n\tafter = \"giving up\"\n\tpanic(err)\n}", EnameInterrupt, "giving up"},
		{"value and error", "import \"slowpkg\"\nfunc pair(ctx context.Context) (int, error) { return 1, slowpkg.Slow(ctx) }\nafter = \"\"\npair(ctx)", EnameInterrupt, ""},
	}
	if res, _ := run(t, s, "import (\"fmt\"; \"slowpkg\"; \"time\")\nvar after string"); res.Err != nil {
		t.Fatal(res.Err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			type outcome struct {
				res Result
				r   *recorder
			}
			done := make(chan outcome)
			go func() {
				res, r := run(t, s, tc.code)
				done <- outcome{res, r}
			}()
			time.Sleep(150 * time.Millisecond)
			s.Interrupt()
			var o outcome
			select {
			case o = <-done:
			case <-time.After(time.Second):
				t.Fatal("the cell did not return within 1s of the interrupt")
			}
			switch {
			case tc.ename == "" && o.res.Err != nil:
				t.Errorf("cell failed: %v", o.res.Err)
			case tc.ename != "" && (o.res.Err == nil || o.res.Err.Ename != tc.ename || !strings.Contains(o.res.Err.Evalue, "context canceled")):
				t.Errorf("error %+v, want %s (context canceled)", o.res.Err, tc.ename)
			}
			if _, r := run(t, s, "after"); strings.Join(r.results, "") != tc.out {
				t.Errorf("after = %q, want %q: the code after the call did not run", r.results, tc.out)
			}
			if res, r := run(t, s, "ctx.Err() == nil"); res.Err != nil || strings.Join(r.results, "") != "true" {
				t.Fatalf("the next cell has no fresh ctx: %+v %v", res, r.results)
			}
		})
	}
}

// A compiled call that honours the cell's context and reports itself in flight
// (as nlm does) is waited for before the next cell runs, also when the cell
// was stopped while the call unwinds.
func TestInterruptWaitsForInFlight(t *testing.T) {
	if raceEnabled {
		t.Skip("see TestInterruptStops")
	}
	s := newSession(t)
	var returned time.Time
	var mu sync.Mutex
	slow := func(ctx context.Context) error {
		defer inflight.Begin(ctx)()
		<-ctx.Done()
		time.Sleep(300 * time.Millisecond) // unwinding takes a while
		mu.Lock()
		returned = time.Now()
		mu.Unlock()
		return ctx.Err()
	}
	i, _ := s.Interp()
	if err := i.Use(map[string]map[string]reflectValue{"slowpkg/slowpkg": {"Slow": reflectOf(slow)}}); err != nil {
		t.Fatal(err)
	}
	done := make(chan Result)
	go func() {
		res, _ := run(t, s, "import \"slowpkg\"\nslowpkg.Slow(ctx)")
		done <- res
	}()
	time.Sleep(100 * time.Millisecond)
	s.Interrupt()
	time.Sleep(50 * time.Millisecond)
	s.Interrupt() // stops the cell while the call unwinds
	if res := <-done; res.Err == nil || res.Err.Ename != EnameInterrupt {
		t.Fatalf("got %+v", res)
	}
	res, _ := run(t, s, "1")
	ran := time.Now()
	mu.Lock()
	defer mu.Unlock()
	if res.Err != nil || returned.IsZero() || ran.Before(returned) {
		t.Fatalf("next cell ran at %v, before the interrupted call returned at %v (%+v)", ran, returned, res)
	}
}

func TestStdin(t *testing.T) {
	s := newSession(t)
	r := &recorder{input: func(string) (string, error) { return "gopher", nil }}
	res := s.Execute(Request{Code: "import \"fmt\"\nvar name string\nfmt.Scanln(&name)\nname", AllowStdin: true}, r)
	if res.Err != nil || strings.Join(r.results, "") != "gopher" {
		t.Fatalf("%+v %v", res, r.results)
	}
	r = &recorder{input: func(string) (string, error) { return "from os.Stdin", nil }}
	res = s.Execute(Request{Code: "import (\"bufio\"; \"os\")\nsc := bufio.NewScanner(os.Stdin)\nsc.Scan()\nsc.Text()", AllowStdin: true}, r)
	if res.Err != nil || strings.Join(r.results, "") != "from os.Stdin" {
		t.Fatalf("bufio on os.Stdin: %+v %v", res, r.results)
	}
	r = &recorder{}
	res = s.Execute(Request{Code: "var s2 string\n_, err := fmt.Scanln(&s2)\nerr.Error()", AllowStdin: false}, r)
	if res.Err != nil || !strings.Contains(strings.Join(r.results, ""), "allow_stdin") {
		t.Fatalf("%+v %v", res, r.results)
	}
}

func TestUserExpressions(t *testing.T) {
	s := newSession(t)
	res := s.Execute(Request{Code: "ue := 20", UserExpressions: map[string]string{
		"sum":    "ue + 1",
		"bad":    "undefinedUE",
		"inject": "1); panic(\"no\"",
	}}, &recorder{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	get := func(name string) map[string]any { m, _ := res.UserExpressions[name].(map[string]any); return m }
	if m := get("sum"); m["status"] != "ok" || m["data"].(map[string]any)["text/plain"] != "21" {
		t.Errorf("sum: %v", m)
	}
	if m := get("bad"); m["status"] != "error" || m["ename"] != EnameCompile {
		t.Errorf("bad: %v", m)
	}
	if m := get("inject"); m["status"] != "error" || m["ename"] != EnameSyntax {
		t.Errorf("inject: %v", m)
	}
}

func TestCtxPrints(t *testing.T) {
	s := newSession(t)
	_, r := run(t, s, "import \"fmt\"\nfmt.Sprint(ctx)")
	if got := strings.Join(r.results, ""); !strings.Contains(got, "interrupt") {
		t.Errorf("fmt.Sprint(ctx) = %s", got)
	}
}

// A short import path and the full path of the same package are one import:
// the second is dropped rather than refused as a clash of names. The same
// holds for "context", which the session imports for ctx.
func TestShortAndFullImportPaths(t *testing.T) {
	s := newSession(t)
	for _, code := range []string{
		"import \"display\"\ndisplay.MIMEText",
		"import \"github.com/gonlm/gonlm/kernel/display\"\ndisplay.MIMEText",
		"import \"display\"\ndisplay.MIMEText",
		"import \"context\"\nctx == nil", // the session's own import of context
		"import \"context\"\ncontext.Background() == nil",
	} {
		res, r := run(t, s, code)
		if res.Err != nil {
			t.Fatalf("%q: %v", code, res.Err)
		}
		want := "text/plain"
		if strings.Contains(code, "nil") {
			want = "false"
		}
		if got := strings.Join(r.results, "|"); got != want {
			t.Errorf("%q: result %q, want %s", code, got, want)
		}
	}
}

func TestHelpRequests(t *testing.T) {
	s := newSession(t)
	run(t, s, "import \"strings\"\nhelpMe := 3")
	tests := []struct {
		code, want string // want: in the page's text/plain; "" = not a help request
		ename      string
	}{
		{code: "?strings.ToUpper", want: "ToUpper"},
		{code: "strings.Repeat?", want: "Repeat"},
		{code: "  ? helpMe  ", want: "helpMe"},
		{code: "?noSuchName", ename: "NameError"},
		{code: "x := 1 // what?", want: ""},
		{code: "a ? b", want: ""},
	}
	for _, tc := range tests {
		res, r := run(t, s, tc.code)
		switch {
		case tc.ename != "":
			if res.Err == nil || res.Err.Ename != tc.ename || res.Page != nil {
				t.Errorf("%q: %+v, want %s", tc.code, res, tc.ename)
			}
		case tc.want == "":
			if res.Page != nil {
				t.Errorf("%q: not a help request, got a page", tc.code)
			}
		default:
			text, _ := res.Page["text/plain"].(string)
			if res.Err != nil || !strings.Contains(text, tc.want) || len(r.results) != 0 {
				t.Errorf("%q: err %v, page %q, results %v", tc.code, res.Err, text, r.results)
			}
		}
	}
}

// A range over an integer local whose type comes from compiled code (a
// parameter's method, a composite literal's method) runs; one the front end
// cannot type makes yaegi panic with "nil type" while compiling, and the cell
// gets a compile error that says what to write instead.
func TestRangeOverTypedLocals(t *testing.T) {
	s := newSession(t)
	tests := []struct {
		code, result string
		hint         bool
	}{
		{code: "import \"gonum.org/v1/gonum/mat\"\nfunc rows(m *mat.Dense) int {\n\tr, _ := m.Dims()\n\tn := 0\n\tfor range r {\n\t\tn++\n\t}\n\treturn n\n}\nrows(mat.NewDense(3, 2, nil))", result: "3"},
		{code: "func cols() int {\n\tv := &mat.VecDense{}\n\tv = mat.NewVecDense(4, nil)\n\tn := 0\n\tfor i := range v.Len() {\n\t\tn += i\n\t}\n\treturn n\n}\ncols()", result: "6"},
		{code: "import \"nlm\"\nfunc chains() int {\n\ts, _ := nlm.NewSampler(nlm.NewModel(4, 2, 1), 3, nlm.PaperDynamics(), 1)\n\tr, _ := s.States().Dims()\n\tn := 0\n\tfor range r {\n\t\tn++\n\t}\n\treturn n\n}\nchains()", result: "3"},
		{code: "fs := map[string]func() int{\"a\": func() int { return 2 }}\nk := 0\nfor range fs[\"a\"]() {\n\tk++\n}\nk", result: "2"},
	}
	for _, tc := range tests {
		res, r := run(t, s, tc.code)
		if tc.hint {
			if res.Err == nil || res.Err.Ename != EnameCompile || !strings.Contains(res.Err.Evalue, "for i := 0; i < n; i++") {
				t.Errorf("%q: error %+v, want a compile error with the hint", tc.code, res.Err)
			}
			continue
		}
		if res.Err != nil || strings.Join(r.results, "|") != tc.result {
			t.Errorf("%q: err %v, results %v, want %s", tc.code, res.Err, r.results, tc.result)
		}
	}
}

// TestDisplayReachesFrontend checks that a cell's displays, updates and
// clears go to the running cell's Frontend.
func TestDisplayReachesFrontend(t *testing.T) {
	s := newSession(t)
	res, r := run(t, s, `import "github.com/gonlm/gonlm/kernel/display"
d := display.NewWithID("bar")
d.Update("one")
d.Update("two")
display.Clear(true)
display.Markdown("# end")`)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	var got []string
	for _, o := range r.Outputs() {
		got = append(got, o.DisplayID+" "+o.String())
	}
	want := []string{"bar display_data: one", "bar update_display_data: two", " clear_output (wait)", " display_data: # end"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
