package session

import (
	"context"
	"errors"
	"fmt"
	"image"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gonlm/gonlm/internal/inflight"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/display/views"
	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/gonlm/gonlm/nlm"
	"github.com/traefik/yaegi/interp"
)

// HookPath is the import path of the compiled package the cell front end's
// rewrites call (`import _gonlm "gonlm/_gonlm"`).
const HookPath = "gonlm/_gonlm"

// hooks is the compiled `_gonlm` package a session exposes to its cells.
type hooks struct {
	s       *Session
	probed  []int        // the values of the last Probe
	topLine atomic.Int64 // the line of the top-level statement running (Line)
}

// Line records the cell line of the top-level statement about to run; the
// instrumentation calls it before each one (trace.go).
func (h *hooks) Line(n int) { h.topLine.Store(int64(n)) }

// Probe records int values the session evaluates after a panic.
func (h *hooks) Probe(v ...int) { h.probed = v }

// Show renders the values of a cell's last expression as its execute_result.
// When the last of several values is an error (a call returning (T, error)),
// a nil error is left out and a non-nil one becomes the cell's error.
func (h *hooks) Show(v ...any) {
	c := h.s.currentCell()
	if c == nil {
		return
	}
	// After an interrupt, a last value that is the cancellation error (a
	// call such as s.Run(ctx, n) that stopped) fails the cell with
	// KeyboardInterrupt rather than showing "context canceled".
	if len(v) == 1 && c.stop.interrupted() {
		if err, isErr := v[0].(error); isErr && errors.Is(err, context.Canceled) {
			c.mu.Lock()
			c.resultErr = err
			c.mu.Unlock()
			return
		}
	}
	// Go's (value, error) idiom: a nil error is dropped so the value renders
	// as itself (a plot, an image); a non-nil one fails the cell.
	if n := len(v); n >= 2 {
		if err, isErr := v[n-1].(error); isErr || v[n-1] == nil {
			if err != nil {
				c.mu.Lock()
				c.resultErr = err
				c.mu.Unlock()
				return
			}
			v = v[:n-1]
		}
	}
	b, ok := renderValues(v)
	if !ok {
		return
	}
	c.mu.Lock()
	c.result = &b
	c.mu.Unlock()
}

// GoPanic reports a panic recovered in a goroutine a cell started, with
// Go's message and the frames it unwound. The session's instrumentation
// adds at, the goroutine function's register and id (trace.go), for the
// goroutine's own frame.
func (h *hooks) GoPanic(v any, at ...int) {
	stack := debug.Stack()
	var b strings.Builder
	g := goid()
	msg := panicValue(v)
	if m, ok := h.s.tracer.message(g); ok && !hasMessage(v) {
		msg = m
	}
	fmt.Fprintf(&b, "panic in a goroutine started by a cell: %s\n", goPanicMessage(msg, func() (string, bool) { return "", false }))
	raw := h.s.tracer.take(g)
	if len(at) == 2 {
		raw = append(raw, rawFrame{id: at[1], line: at[0]})
	}
	for _, f := range h.s.goroutineFrames(raw) {
		fmt.Fprintf(&b, "\t%s\n", f.Where())
		if f.Source != "" {
			fmt.Fprintf(&b, "\t\t%d | %s\n", f.Line, strings.TrimSpace(f.Source))
		}
	}
	if GoPanicStack {
		b.Write(stack)
	}
	h.s.writeStderr(b.String())
}

// Ctx returns the context cells see as `ctx`: it is cancelled by an interrupt.
func (h *hooks) Ctx() context.Context { return h.s.generation() }

// Sleep replaces time.Sleep in cells so that an interrupt ends it at once.
func (h *hooks) Sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	g := h.s.generation()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-g.Done():
	}
}

// GoPanicStack makes GoPanic print the goroutine's stack as well.
var GoPanicStack = false

// exports returns the symbol tables of the hook package, with the MapTypes that
// let cell-defined types reach Show as the interfaces display renders.
func (h *hooks) exports() []interp.Exports {
	show := reflect.ValueOf(h.Show)
	panicMsg := reflect.ValueOf(h.s.tracer.panicMsg) // one Value: MapTypes keys are compared by identity
	pkg := interp.Exports{
		HookPath + "/_gonlm": {
			"Show":     show,
			"GoPanic":  reflect.ValueOf(h.GoPanic),
			"Ctx":      reflect.ValueOf(h.Ctx),
			"Frame":    reflect.ValueOf(h.s.tracer.frame),
			"Probe":    reflect.ValueOf(h.Probe),
			"Line":     reflect.ValueOf(h.Line),
			"PanicMsg": panicMsg,
			"RunJob":   reflect.ValueOf(h.RunJob),
			// The helpers of the front end's rewrites (cell/runtime.go).
			"AssertTo":       reflect.ValueOf(cell.AssertTo),
			"NotInterpreted": reflect.ValueOf(cell.NotInterpreted),
			"AssertFailed":   reflect.ValueOf(cell.AssertFailed),
			"Unwrap":         reflect.ValueOf(cell.Unwrap),
			"Lost":           reflect.ValueOf(cell.Lost),
			"Recovered":      reflect.ValueOf(h.Recovered),
			"ErrChildren":    reflect.ValueOf(cell.ErrChildren),
			"ErrJoined":      reflect.ValueOf(cell.ErrJoined),
			"ErrMatch":       reflect.ValueOf(cell.ErrMatch),
			"ErrAs":          reflect.ValueOf(cell.ErrAs),
			"Same":           reflect.ValueOf(cell.Same),
		},
		"time/time": {"Sleep": reflect.ValueOf(h.Sleep)},
		"os/os":     {"Stdin": reflect.ValueOf(&h.s.stdinFile).Elem()},
	}
	mt := map[reflect.Value][]reflect.Type{show: {
		reflect.TypeFor[display.Renderer](),
		reflect.TypeFor[image.Image](),
		reflect.TypeFor[fmt.Stringer](),
	}}
	mt[panicMsg] = []reflect.Type{reflect.TypeFor[error](), reflect.TypeFor[fmt.Stringer]()}
	for k, v := range display.MapTypes {
		mt[k] = v
	}
	return []interp.Exports{pkg, {".": {"MapTypes": reflect.ValueOf(mt)}}}
}

// renderValues renders the values of a last expression: one value through
// display.Render, several (a multi-value call) as their texts joined by spaces.
func renderValues(v []any) (display.Bundle, bool) {
	switch len(v) {
	case 0:
		return display.Bundle{}, false
	case 1:
		return display.Render(v[0])
	}
	parts := make([]string, len(v))
	for i, x := range v {
		if b, ok := display.Render(x); ok {
			parts[i] = b.Text()
		} else {
			parts[i] = fmt.Sprint(x)
		}
	}
	return display.Bundle{Data: map[string]any{"text/plain": strings.Join(parts, " ")}}, true
}

// generation is the context of every cell since the last interrupt. It is
// the inflight.Tracker that its context carries, so that compiled calls (nlm,
// views) report themselves in flight: after an interrupt the session waits
// for them before it runs the next cell. Its context also carries a
// progress function (nlm.WithProgress) that shows a bar for sampling calls
// longer than samplingBarAfter.
type generation struct {
	context.Context
	cancel   context.CancelFunc
	mu       sync.Mutex
	inflight int
	zero     chan struct{} // closed when inflight drops to 0 after cancel
}

// samplingBarAfter is how long a sampling call (nlm.Generate,
// Preset.Generate, Sampler.Run, Quench) made with a cell's ctx runs before
// a progress bar appears for it (views.SamplingProgress); a variable for
// tests.
var samplingBarAfter = time.Second

func newGeneration() *generation {
	ctx, cancel := context.WithCancel(context.Background())
	g := &generation{cancel: cancel}
	g.Context = nlm.WithProgress(inflight.WithTracker(ctx, g), views.SamplingProgress(samplingBarAfter))
	return g
}

// Begin marks a compiled call in flight; the returned function (safe to call more
// than once) marks its end.
func (g *generation) Begin() func() {
	g.mu.Lock()
	g.inflight++
	g.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			g.inflight--
			if g.inflight == 0 && g.zero != nil {
				close(g.zero)
				g.zero = nil
			}
			g.mu.Unlock()
		})
	}
}

// wait blocks until no call started with Begin is in flight, calling note once if
// that takes longer than a second.
func (g *generation) wait(note func()) {
	g.mu.Lock()
	if g.inflight == 0 {
		g.mu.Unlock()
		return
	}
	ch := make(chan struct{})
	g.zero = ch
	g.mu.Unlock()
	select {
	case <-ch:
		return
	case <-time.After(time.Second):
		note()
	}
	<-ch
}

// String describes the context for cells that print ctx.
func (g *generation) String() string {
	if g.Err() != nil {
		return "gonlm cell context (cancelled: interrupted)"
	}
	return "gonlm cell context (the interrupt button cancels it)"
}
