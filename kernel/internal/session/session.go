// Package session runs notebook cells: a persistent yaegi interpreter with the
// standard library, the project's compiled packages and the `_gonlm` hook package;
// an execution model with execution counts, history, per-cell output capture at
// the file-descriptor level (streamed while the cell runs), standard input through
// the front end, and interrupts that stop interpreted code at once and wait for
// compiled calls still in flight.
//
// The session knows nothing of ZeroMQ or message formats: the kernel package
// feeds it requests and gives it a Frontend per cell to publish through.
//
// # Cells
//
// Each cell goes through the front end of package cell (split into declaration
// and statement chunks, type-checked before any of it runs, rewrites for what
// yaegi gets wrong, the last expression routed to _gonlm.Show); every top-level statement is then evaluated on its own, so that
// a runtime panic names its line and yaegi v0.16.1's re-running of top-level
// function-literal calls is avoided (such statements are put in a block). The
// last expression is evaluated as _gonlm.Show(expr) first, and as itself when
// that does not compile (a void call): only a real value becomes an
// execute_result. The front end's Record of what the cells that ran declared
// is what the completer of package complete reads.
//
// # Commands
//
// Lines that start with ! or % (first column, outside strings and comments)
// are commands, as in IPython and GoNB: !cmd, %time, %%time, %who, %env and
// %help (magic.go). They are taken out before the front end sees the cell,
// and the cell's Go parts run between them with the cell's line numbers.
//
// # Interrupts and ctx
//
// Cells see a global ctx (context.Context). The first Interrupt cancels it:
// time.Sleep and input requests return, compiled calls that take ctx (every
// long nlm call) return ctx.Err() soon, and the cell goes on, so code that
// checks the error can save, generate and print. If the cell has not finished
// after the grace period (Options.InterruptGrace, 2 s) or a second interrupt
// comes, the interpreter stops it (yaegi's EvalWithContext) with a
// KeyboardInterrupt; a cell that ends with the cancellation error (its last
// value, or a panic) fails with KeyboardInterrupt too. ctx carries an
// inflight.Tracker, with which compiled entry points (nlm, views) report
// themselves in flight; the next cell waits for them, and for the goroutine
// of a stopped Eval, before it runs. Then ctx is a fresh context again.
//
// # Input and output
//
// With Options.Capture, file descriptors 1 and 2 are pipes read by the session,
// so fmt.Print in a cell and prints from compiled code arrive in order; output
// is coalesced (FlushInterval, FlushBytes), paced below StreamRate and limited to
// CellOutputLimit bytes per cell. fmt.Scan* and os.Stdin read lines that the
// Frontend's Input asks the user for.
package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"io"
	"log/slog"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/gonlm/gonlm/kernel/internal/comm"
	"github.com/gonlm/gonlm/kernel/internal/complete"
	"github.com/traefik/yaegi/interp"
)

// Request is one execute request.
type Request struct {
	Code         string
	Silent       bool // no output at all, and no history
	StoreHistory bool // count the execution and keep the input
	AllowStdin   bool // the front end answers input requests
	// UserExpressions are evaluated after the cell succeeds (name → Go
	// expression); see Result.UserExpressions.
	UserExpressions map[string]string
}

// Result is the outcome of an execution. Err is nil when the cell succeeded.
type Result struct {
	ExecutionCount int
	Err            *Error
	// UserExpressions holds, for each requested expression, the reply content
	// Jupyter expects: {"status": "ok", "data": {...}, "metadata": {...}} or
	// {"status": "error", "ename": ..., "evalue": ..., "traceback": [...]}.
	UserExpressions map[string]any
	// Page, when not nil, is documentation to show in the front end's pager
	// (a MIME bundle): the answer to a help request, `?name` or `name?`.
	Page map[string]any
}

// Frontend receives everything a cell produces. Its methods may be called from
// any goroutine (cells start goroutines); the display.Publisher part serves
// display_data, update_display_data and clear_output.
type Frontend interface {
	display.Publisher
	// Stream publishes text written to "stdout" or "stderr".
	Stream(name, text string)
	// ExecuteInput announces the code about to run and its execution count.
	ExecuteInput(code string, count int)
	// ExecuteResult publishes the value of the cell's last expression.
	ExecuteResult(count int, b display.Bundle)
	// Input asks the user for a line of text; it returns early with ctx.Err()
	// when ctx is cancelled.
	Input(ctx context.Context, prompt string, password bool) (string, error)
}

// Options configure a Session.
type Options struct {
	// Log receives the session's own diagnostics (never the cells' output). If
	// nil, the session logs to the original stderr at LogLevel.
	Log *slog.Logger
	// LogLevel is the level of the default logger (nil: info).
	LogLevel slog.Leveler
	// Capture redirects file descriptors 1 and 2 of the process into the session,
	// so output of compiled code is captured too (the kernel's mode). Without it,
	// cells write to the process's stdout and stderr directly.
	Capture bool
	// Symbols are the symbol tables loaded into each interpreter, in order, before
	// the hook package (nil: DefaultSymbols).
	Symbols []interp.Exports
	// NoTraceback skips the instrumentation of cell code that tracebacks
	// need (see trace.go): interpreted calls get about 0.7 µs cheaper, and
	// a panic's traceback then names only the cell's top-level line.
	NoTraceback bool
	// Stdout and Stderr, without Capture, are where cells write: fmt.Print*,
	// print, println and os.Stdout go to Stdout; log output, reports of panics
	// in goroutines and os.Stderr to Stderr (nil: the process's os.Stdout and
	// os.Stderr). Several sessions of one process can so keep their outputs
	// apart (tests do); compiled code still prints to the process's fd 1 and 2.
	Stdout, Stderr *os.File
	// InterruptGrace is how long a cell may go on after the first interrupt
	// before it is stopped: 0 means DefaultInterruptGrace, < 0 no limit
	// (only a second interrupt stops it).
	InterruptGrace time.Duration
}

// HistoryEntry is one stored input: (session number, line, source).
type HistoryEntry struct {
	Session int
	Line    int
	Input   string
}

// Session is a persistent interpreter with its execution state.
type Session struct {
	opts      Options
	log       *slog.Logger
	capture   *Capture
	streamer  *Streamer
	stdin     *stdinReader
	stdinFile *Stdin // os.Stdin in cells
	hooks     *hooks
	tracer    *tracer // the frames of panics, for tracebacks

	initDone chan struct{}
	initErr  error
	interp   *interp.Interpreter
	front    *cell.Front         // used by the executing goroutine only
	tracker  *complete.Tracker   // declarations of the cells that ran
	comp     *complete.Completer // completion and inspection
	runMu    sync.Mutex          // held while interpreted code of a cell runs
	debug    *debugRecords       // yaegi's debugger records, emptied after each cell

	mu      sync.Mutex
	gen     *generation
	cur     *cellRun
	job     func() // the job _gonlm.RunJob runs (RunJob)
	count   int
	history []HistoryEntry

	execMu   sync.Mutex // one execution at a time
	assistMu sync.Mutex // one completion or inspection at a time

	magicOut io.Writer // where ! and % commands print (nil: os.Stdout); for tests
}

type cellRun struct {
	req        Request
	fe         Frontend
	ctx        *generation // the cell's ctx
	stop       *stopper    // the interpreter's context and the interrupt state
	mu         sync.Mutex
	count      int        // execution count (0 when not counted)
	trace      *traceCell // the cell for the tracer
	result     *display.Bundle
	resultErr  error // a non-nil error returned by the last expression
	panicLines []string
	sink       comm.Sink // set while output is captured (Output.Capture)
}

// stream delivers the run's printed text: to the capturing sink, if any,
// else to the front end.
func (c *cellRun) stream(name, text string) {
	c.mu.Lock()
	sink := c.sink
	c.mu.Unlock()
	if sink != nil {
		sink.Stream(name, text)
		return
	}
	c.fe.Stream(name, text)
}

// publisher is where the run's display calls go: the capturing sink, if
// any, else the front end.
func (c *cellRun) publisher() display.Publisher {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sink != nil {
		return c.sink
	}
	return c.fe
}

// New creates a session. The interpreter is built in the background (it takes
// tens of milliseconds); the first execution waits for it.
func New(opts Options) (*Session, error) {
	s := &Session{opts: opts, log: opts.Log, initDone: make(chan struct{}), gen: newGeneration()}
	s.hooks = &hooks{s: s}
	s.tracer = newTracer()
	s.stdin = &stdinReader{s: s}
	s.stdinFile = &Stdin{r: s.stdin}
	s.streamer = NewStreamer(nil)
	if opts.Capture {
		c, err := StartCapture(s.streamer.Write)
		if err != nil {
			return nil, err
		}
		s.capture = c
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(s.OriginalStderr(), &slog.HandlerOptions{Level: opts.LogLevel}))
	}
	display.SetPublisher(routePublisher{s})
	comm.Default.SetHost(host{s})
	go s.init()
	return s, nil
}

// Log is the session's logger (to the original stderr unless Options.Log was set).
func (s *Session) Log() *slog.Logger { return s.log }

// OriginalStderr is the process's standard error from before the capture (where
// the kernel logs); os.Stderr without capture.
func (s *Session) OriginalStderr() *os.File {
	if s.capture != nil {
		return s.capture.Stderr()
	}
	return os.Stderr
}

// stdoutFile and stderrFile are the files cells write to without capture.
func (s *Session) stdoutFile() *os.File {
	if s.opts.Stdout != nil && s.capture == nil {
		return s.opts.Stdout
	}
	return os.Stdout
}

func (s *Session) stderrFile() *os.File {
	if s.opts.Stderr != nil && s.capture == nil {
		return s.opts.Stderr
	}
	return os.Stderr
}

func (s *Session) init() {
	defer close(s.initDone)
	start := time.Now()
	i := interp.New(interp.Options{
		Stdin:  s.stdin,
		Stdout: s.stdoutFile(),
		Stderr: &panicFilter{s: s},
		Args:   []string{"gonlm"},
		Env:    os.Environ(),
	})
	tables := s.opts.Symbols
	if tables == nil {
		tables = DefaultSymbols()
	}
	tables = append(append([]interp.Exports{stdMapTypes(tables)}, tables...), s.hooks.exports()...)
	for _, t := range tables {
		if err := i.Use(t); err != nil {
			s.initErr = fmt.Errorf("loading symbols: %w", err)
			return
		}
	}
	s.interp = i
	if d, err := newDebugRecords(i); err == nil {
		s.debug = d
	} else {
		s.log.Warn("memory of past cells will not be released", "err", err)
	}
	s.front = newFront(i, s.importMessage)
	s.tracker = complete.NewTracker(s.front.Record())
	s.comp = complete.New(globalsEnv{s}, s.tracker, nil)
	// The setup runs through the front end like a cell, so that cells
	// importing "context" again have that import dropped, not refused.
	const setup = `import _gonlm "` + HookPath + `"
import "context"

var ctx context.Context = _gonlm.Ctx()`
	c, err := s.front.Parse(setup)
	if err != nil {
		s.initErr = fmt.Errorf("initialising the interpreter: %w", err)
		return
	}
	for k := range c.Chunks {
		ch := &c.Chunks[k]
		if _, err := i.Eval(ch.Src); err != nil {
			s.initErr = fmt.Errorf("initialising the interpreter (%s): %w", ch.Src, err)
			return
		}
		s.front.Ran(ch)
	}
	s.log.Debug("interpreter ready", "took", time.Since(start))
}

// newFront returns the cell front end of interpreter i; explain says why
// an import path cannot be imported (nil: the symbol tables' error).
func newFront(i *interp.Interpreter, explain func(path string) string) *cell.Front {
	p := newPackages(func(path string) (map[string]reflect.Value, bool) {
		t, ok := i.Symbols(path)[path]
		return t, ok
	})
	p.explain = explain
	return cell.New(cell.Options{Packages: p})
}

// Interp waits for the interpreter and returns it (for completion and
// inspection; never use it while a cell runs).
func (s *Session) Interp() (*interp.Interpreter, error) {
	<-s.initDone
	return s.interp, s.initErr
}

// Ready reports whether the interpreter has been built.
func (s *Session) Ready() bool {
	select {
	case <-s.initDone:
		return true
	default:
		return false
	}
}

// ExecutionCount is the number of executions stored in history.
func (s *Session) ExecutionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// History returns the stored inputs, oldest first.
func (s *Session) History() []HistoryEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]HistoryEntry(nil), s.history...)
}

// Interrupt cancels ctx: waits on input and time.Sleep return, compiled calls
// that honour it return ctx.Err() soon, and the running cell goes on; it is
// stopped if it has not finished after the grace period or when Interrupt is
// called again (see the package documentation). The next execution waits for
// compiled calls still in flight. It is safe to call from any goroutine at any
// time.
func (s *Session) Interrupt() {
	s.mu.Lock()
	g, c := s.gen, s.cur
	s.mu.Unlock()
	if c != nil && c.stop != nil {
		// Before the cancellation, so that code woken by it sees the
		// interrupt (a last value context.Canceled is a KeyboardInterrupt).
		c.stop.interrupt(s.grace())
	}
	g.cancel()
	s.log.Debug("interrupt")
}

func (s *Session) generation() *generation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen
}

func (s *Session) currentCell() *cellRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// syncOutput delivers everything the process has written so far.
func (s *Session) syncOutput() {
	if s.capture != nil {
		s.capture.Sync()
	}
	s.streamer.Flush()
}

func (s *Session) writeStderr(msg string) {
	if s.capture != nil {
		s.streamer.Write(Stderr, []byte(msg))
		return
	}
	fmt.Fprint(s.stderrFile(), msg)
}

// Execute runs one cell to completion (or interruption) and returns its result.
// Executions are serialised.
func (s *Session) Execute(req Request, fe Frontend) Result {
	s.execMu.Lock()
	defer s.execMu.Unlock()
	if req.Silent {
		req.StoreHistory = false
	}
	s.mu.Lock()
	if req.StoreHistory {
		s.count++
		s.history = append(s.history, HistoryEntry{Session: 1, Line: s.count, Input: req.Code})
	}
	count := s.count
	s.mu.Unlock()
	fe.ExecuteInput(req.Code, count)

	if _, err := s.Interp(); err != nil {
		return Result{ExecutionCount: count, Err: &Error{Ename: "KernelError", Evalue: err.Error(), Traceback: []string{err.Error()}}}
	}
	if expr, ok := helpTarget(req.Code); ok {
		return s.help(count, expr)
	}
	g, err := s.prepare(fe)
	if err != nil {
		return Result{ExecutionCount: count, Err: err}
	}
	c := &cellRun{req: req, fe: fe, ctx: g, stop: newStopper()}
	if req.StoreHistory {
		c.count = count
	}
	s.stdin.reset()
	s.streamer.Begin(c.stream)
	s.mu.Lock()
	s.cur = c
	s.mu.Unlock()
	if g.Err() != nil { // interrupted since prepare
		c.stop.interrupt(s.grace())
	}

	cerr := s.run(c)
	c.stop.finish()
	s.syncOutput()
	s.streamer.Finish()
	if cerr == nil {
		c.mu.Lock()
		res, rerr := c.result, c.resultErr
		c.mu.Unlock()
		switch {
		case rerr != nil && c.stop.interrupted() && isCancellation(rerr):
			cerr = stoppedError("", rerr)
		case rerr != nil:
			cerr = returnedError(rerr, req.Code)
		case res != nil:
			fe.ExecuteResult(count, *res)
		}
	}
	out := Result{ExecutionCount: count, Err: cerr, UserExpressions: map[string]any{}}
	if cerr == nil && len(req.UserExpressions) > 0 {
		out.UserExpressions = s.userExpressions(c, req.UserExpressions)
	}
	return out
}

// userExpressions evaluates the user_expressions of an execute request, each
// through the Show hook so that its value is rendered like a cell's result.
func (s *Session) userExpressions(c *cellRun, exprs map[string]string) map[string]any {
	out := make(map[string]any, len(exprs))
	for name, expr := range exprs {
		fail := func(ename, evalue string) {
			out[name] = map[string]any{"status": "error", "ename": ename, "evalue": evalue,
				"traceback": []string{ename + ": " + evalue}}
		}
		if _, err := parser.ParseExpr(expr); err != nil {
			fail(EnameSyntax, err.Error())
			continue
		}
		c.mu.Lock()
		c.result, c.resultErr = nil, nil
		c.mu.Unlock()
		s.runMu.Lock()
		_, err := s.interp.EvalWithContext(c.stop.ctx, "_gonlm.Show("+expr+")")
		s.runMu.Unlock()
		c.mu.Lock()
		res, rerr := c.result, c.resultErr
		c.mu.Unlock()
		var p interp.Panic
		switch {
		case errors.As(err, &p):
			fail(EnamePanic, goPanicMessage(panicValue(p.Value), func() (string, bool) { return "", false }))
		case err != nil:
			e := cellError(err, expr, unit{ch: &cell.Chunk{Kind: cell.Stmts}}, false)
			fail(e.Ename, e.Evalue)
		case rerr != nil:
			fail(EnameReturned, rerr.Error())
		case res == nil:
			out[name] = map[string]any{"status": "ok", "data": map[string]any{"text/plain": "<nil>"}, "metadata": map[string]any{}}
		default:
			md := res.Metadata
			if md == nil {
				md = map[string]any{}
			}
			out[name] = map[string]any{"status": "ok", "data": res.Data, "metadata": md}
		}
	}
	return out
}

// prepare starts a new generation if the last one was interrupted, after every
// compiled call it started has returned.
func (s *Session) prepare(fe Frontend) (*generation, *Error) {
	g := s.generation()
	if g.Err() == nil {
		return g, nil
	}
	g.wait(func() {
		fe.Stream("stderr", "waiting for an interrupted compiled call to return...\n")
	})
	waitAbandoned(func() {
		fe.Stream("stderr", "waiting for the interrupted cell's compiled call to return...\n")
	}, abandonedWait)
	ng := newGeneration()
	s.mu.Lock()
	s.gen = ng
	s.mu.Unlock()
	if _, err := s.interp.Eval(`ctx = _gonlm.Ctx()`); err != nil {
		// The cell's code redeclared ctx with another type: leave it alone.
		s.log.Debug("not resetting ctx", "err", err)
	}
	return ng, nil
}

// runGo runs the Go code src of a cell whose whole text is code (src is code
// itself, or one of its parts with the other lines blanked, so that
// positions are the cell's; errors show lines of code).
func (s *Session) runGo(c *cellRun, src, code string) *Error {
	if e := s.checkImports(src); e != nil {
		return e.finish(code)
	}
	parsed, err := s.front.Parse(src)
	if err != nil {
		var list cell.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			return compileErrors(list, code)
		}
		var ce *cell.Error
		if errors.As(err, &ce) {
			return fromCellError(ce, nil, code)
		}
		return (&Error{Ename: EnameSyntax, Evalue: err.Error()}).finish(code)
	}
	us, err := units(parsed)
	if err != nil {
		var ce *cell.Error
		if errors.As(err, &ce) {
			return fromCellError(ce, nil, code)
		}
		return (&Error{Ename: EnameSyntax, Evalue: err.Error()}).finish(code)
	}
	s.runMu.Lock()
	defer s.runMu.Unlock()
	defer s.debug.release() // see retain.go
	s.tracer.reset()
	c.trace = &traceCell{count: c.count, code: code}
	for _, u := range us {
		if !s.opts.NoTraceback {
			u.instrument(s.tracer, c.trace)
		}
		if why := c.stop.stopped(); why != "" {
			return stoppedError(why, nil)
		}
		s.hooks.topLine.Store(0)
		if u.show != "" {
			// The show variant first; if it does not compile (a void call),
			// the plain statement. (EvalWithContext, unlike
			// ExecuteWithContext, has no data race when interrupted.)
			_, err := s.interp.EvalWithContext(c.stop.ctx, u.show)
			if err == nil {
				u.ran(s.front)
				continue
			}
			if !isCompileError(err) {
				s.ranUntil(u, err)
				return s.fail(c, err, code, u, true)
			}
		}
		if _, err := s.interp.EvalWithContext(c.stop.ctx, u.src); err != nil {
			s.ranUntil(u, err)
			return s.fail(c, err, code, u, false)
		}
		u.ran(s.front)
	}
	return nil
}

// ranUntil tells the front end that unit u ran until it panicked or was
// interrupted: yaegi compiled all of it, so its globals exist (holding what
// the statements that ran assigned), as after a Python exception.
func (s *Session) ranUntil(u unit, err error) {
	var p interp.Panic
	if errors.Is(err, context.Canceled) || errors.As(err, &p) && !compilePanicRE.MatchString(panicValue(p.Value)) {
		u.ran(s.front)
	}
}

// isCompileError reports whether err from Eval is a compile-time error (not a
// panic and not an interruption).
func isCompileError(err error) bool {
	var p interp.Panic
	return !errors.As(err, &p) && !errors.Is(err, context.Canceled)
}

// abandonedWait bounds how long the next cell waits for the goroutine of an
// interrupted Eval that is stuck in a compiled call which ignores the context.
const abandonedWait = 5 * time.Second

// waitAbandoned waits until no goroutine is still inside an interrupted
// EvalWithContext (yaegi returns at once on cancellation, but its goroutine
// finishes the compiled call it is in, then unwinds through the interpreter,
// which would race with the next Eval), calling note once after a second, and
// gives up after max.
func waitAbandoned(note func(), max time.Duration) {
	start := time.Now()
	noted := false
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		for n == len(buf) && len(buf) < 64<<20 {
			buf = make([]byte, 2*len(buf))
			n = runtime.Stack(buf, true)
		}
		if !bytes.Contains(buf[:n], []byte("interp.(*Interpreter).EvalWithContext.func")) {
			return
		}
		d := time.Since(start)
		if d > max {
			return
		}
		if d > time.Second && !noted {
			note()
			noted = true
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (s *Session) fail(c *cellRun, err error, code string, u unit, show bool) *Error {
	if why := c.stop.stopped(); why != "" {
		return stoppedError(why, nil)
	}
	if c.stop.interrupted() && isCancellation(err) {
		return stoppedError("", err)
	}
	var p interp.Panic
	if errors.As(err, &p) {
		raw, g := s.tracer.takeEval()
		return s.panicError(p, code, u, raw, g, c.trace)
	}
	return cellError(err, code, u, show)
}

// globalsEnv gives the completer the interpreter's globals, except while a
// cell's code runs (reading them then would race with the cell).
type globalsEnv struct{ s *Session }

// Globals implements complete.Env.
func (g globalsEnv) Globals() map[string]reflect.Value {
	if !g.s.runMu.TryLock() {
		return nil
	}
	defer g.s.runMu.Unlock()
	return g.s.interp.Globals()
}

// Complete answers a completion request (cursor in code points).
func (s *Session) Complete(code string, cursor int) complete.Result {
	if !s.Ready() || s.initErr != nil {
		return complete.Result{CursorStart: cursor, CursorEnd: cursor}
	}
	s.assistMu.Lock()
	defer s.assistMu.Unlock()
	return s.comp.Complete(code, cursor)
}

// Inspect answers an inspection request (cursor in code points).
func (s *Session) Inspect(code string, cursor, detail int) complete.Inspection {
	if !s.Ready() || s.initErr != nil {
		return complete.Inspection{}
	}
	s.assistMu.Lock()
	defer s.assistMu.Unlock()
	return s.comp.Inspect(code, cursor, detail)
}

// helpTarget reports whether code is a help request, `?expr` or `expr?`
// (neither is Go, so no cell means anything else by it), and returns expr.
func helpTarget(code string) (string, bool) {
	c := strings.TrimSpace(code)
	var expr string
	switch {
	case strings.HasPrefix(c, "?"):
		expr = strings.TrimSpace(c[1:])
	case strings.HasSuffix(c, "?"):
		expr = strings.TrimSpace(c[:len(c)-1])
	default:
		return "", false
	}
	if expr == "" || strings.ContainsAny(expr, "\n?") {
		return "", false
	}
	if _, err := parser.ParseExpr(expr); err != nil {
		return "", false
	}
	return expr, true
}

// help answers a help request with the documentation inspect gives for
// expr, for the pager.
func (s *Session) help(count int, expr string) Result {
	in := s.Inspect(expr, utf8.RuneCountInString(expr), 1)
	if !in.Found {
		e := &Error{Ename: "NameError", Evalue: "no documentation for " + expr + " (is it imported or declared?)"}
		return Result{ExecutionCount: count, Err: e.finish("")}
	}
	return Result{ExecutionCount: count, Page: in.Data}
}

// panicFilter is the interpreter's stderr: yaegi's own "L:C: panic" reports go
// to the tracer (they are the frames of a traceback), everything else to the
// cells' stderr.
type panicFilter struct {
	s   *Session
	mu  sync.Mutex
	buf []byte
}

// Write implements io.Writer, line by line.
func (p *panicFilter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buf = append(p.buf, b...)
	for {
		i := bytes.IndexByte(p.buf, '\n')
		if i < 0 {
			break
		}
		line := p.buf[:i+1]
		if p.s.tracer.unwinding(string(line)) {
			// a frame of a traceback
		} else if _, err := p.s.stderrFile().Write(line); err != nil {
			p.buf = p.buf[:0]
			return len(b), err
		}
		p.buf = p.buf[i+1:]
	}
	return len(b), nil
}

// routePublisher sends display output to the current (or last) cell's front end.
type routePublisher struct{ s *Session }

// Publish implements display.Publisher after flushing pending output.
func (r routePublisher) Publish(b display.Bundle, id string, update bool) error {
	c := r.s.currentCell()
	if c == nil {
		return errors.New("display: no cell is running")
	}
	r.s.syncOutput()
	return c.publisher().Publish(b, id, update)
}

// Clear implements display.Publisher after flushing pending output.
func (r routePublisher) Clear(wait bool) error {
	c := r.s.currentCell()
	if c == nil {
		return errors.New("display: no cell is running")
	}
	r.s.syncOutput()
	return c.publisher().Clear(wait)
}

var _ io.Writer = (*panicFilter)(nil)
