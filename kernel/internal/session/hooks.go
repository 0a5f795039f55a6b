package session

import (
	"context"
	"fmt"
	"image"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/gonlm/gonlm/internal/inflight"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/traefik/yaegi/interp"
)

// HookPath is the import path of the compiled package the cell front end's
// rewrites call (`import _gonlm "gonlm/_gonlm"`).
const HookPath = "gonlm/_gonlm"

// hooks is the compiled `_gonlm` package a session exposes to its cells.
type hooks struct{ s *Session }

// Show renders the values of a cell's last expression as its execute_result.
// When the last of several values is an error (a call returning (T, error)),
// a nil error is left out and a non-nil one becomes the cell's error.
func (h *hooks) Show(v ...any) {
	c := h.s.currentCell()
	if c == nil {
		return
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

// GoPanic reports a panic recovered in a goroutine a cell started.
func (h *hooks) GoPanic(v any) {
	stack := debug.Stack()
	msg := fmt.Sprintf("panic in a goroutine started by a cell: %v\n", v)
	if GoPanicStack {
		msg += string(stack)
	}
	h.s.writeStderr(msg)
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
	pkg := interp.Exports{
		HookPath + "/_gonlm": {
			"Show":    show,
			"GoPanic": reflect.ValueOf(h.GoPanic),
			"Ctx":     reflect.ValueOf(h.Ctx),
		},
		"time/time": {"Sleep": reflect.ValueOf(h.Sleep)},
		"os/os":     {"Stdin": reflect.ValueOf(&h.s.stdinFile).Elem()},
	}
	mt := map[reflect.Value][]reflect.Type{show: {
		reflect.TypeFor[display.Renderer](),
		reflect.TypeFor[image.Image](),
		reflect.TypeFor[fmt.Stringer](),
	}}
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
// for them before it runs the next cell.
type generation struct {
	context.Context
	cancel   context.CancelFunc
	mu       sync.Mutex
	inflight int
	zero     chan struct{} // closed when inflight drops to 0 after cancel
}

func newGeneration() *generation {
	ctx, cancel := context.WithCancel(context.Background())
	g := &generation{cancel: cancel}
	g.Context = inflight.WithTracker(ctx, g)
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
