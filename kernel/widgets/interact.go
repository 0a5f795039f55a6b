package widgets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/gonlm/gonlm/kernel/internal/comm"
)

// DefaultDebounce is how long an Interact waits after a change before it
// runs its function, so that a slider being dragged does not start a run at
// every step.
const DefaultDebounce = 100 * time.Millisecond

// Interactive is the panel Interact returns: its controls above an output
// area that shows the latest run of its function.
//
// Like every widget it has ID, Render and Close; Close closes the panel and
// its output area (not the controls, which are yours).
type Interactive struct {
	*Box
	out      *Output
	controls []Widget
	fn       func(ctx context.Context) error

	mu       sync.Mutex
	debounce time.Duration
	seq      uint64 // counts changes; a run started for an older one is stale
	running  *run   // the run in progress, if any
	timer    *time.Timer
	closed   bool
}

// run is one run of the function; cancel makes it stale.
type run struct{ cancel context.CancelFunc }

// Interact lays out the controls in a column above an output area and runs
// fn into it: once now, and again after every change of a control (a value,
// a button's click), so the output always shows fn's result for the current
// values. fn reads the controls itself (they are variables of the cell):
//
//	T := widgets.NewFloatSlider("T", 1, 0.2, 2, 0.05)
//	noise := widgets.NewButton("new noise")
//	panel := widgets.Interact(func(ctx context.Context) error {
//		s, err := nlm.Generate(ctx, m, 36, 2000, nlm.Dynamics{T: T.Value(), Dt: 0.1}, uint64(noise.Clicks()))
//		if err != nil {
//			return err
//		}
//		return display.Show(s) // into the panel's output area
//	}, T, noise)
//	panel
//
// What fn prints or displays goes to the output area, replacing the previous
// run's output when the new run shows its first output; an error it returns
// (or a panic) is shown there too. Runs are debounced (SetDebounce, default
// DefaultDebounce) and a change cancels the ctx of a run in progress, which
// it has made stale: pass ctx to the long calls (nlm's take one) so that a
// stale run stops at once. The first run happens during the call; later
// runs on the kernel's executor, between cells (see the package doc).
//
// Without front ends (the scripting mode) the first run prints and writes
// its output as a cell would, and a change made by the script (SetValue,
// Click) runs fn again at once.
func Interact(fn func(ctx context.Context) error, controls ...Widget) *Interactive {
	out := NewOutput()
	controls = nonNil(controls)
	i := &Interactive{out: out, controls: controls, fn: fn, debounce: DefaultDebounce}
	i.Box = NewVBox(append(append([]Widget{}, controls...), out)...)
	i.Box.kind = "Interact"
	for _, c := range controls {
		c.base().listen(i.changed)
	}
	i.runHere()
	return i
}

// Output returns the panel's output area.
func (i *Interactive) Output() *Output { return i.out }

// Controls returns the panel's controls.
func (i *Interactive) Controls() []Widget { return append([]Widget(nil), i.controls...) }

// SetDebounce sets how long the panel waits after a change before it runs
// fn (0: no wait).
func (i *Interactive) SetDebounce(d time.Duration) {
	i.mu.Lock()
	i.debounce = d
	i.mu.Unlock()
}

// Update runs fn again as if a control had changed.
func (i *Interactive) Update() { i.changed() }

// Close stops the panel (a pending or running run is cancelled) and closes
// it and its output area.
func (i *Interactive) Close() error {
	i.mu.Lock()
	i.closed = true
	if i.timer != nil {
		i.timer.Stop()
	}
	if i.running != nil {
		i.running.cancel()
	}
	i.mu.Unlock()
	return errors.Join(i.Box.Close(), i.out.Close())
}

// changed is the controls' listener: it makes a run in progress stale and
// schedules a new one after the debounce time.
func (i *Interactive) changed() {
	if !comm.Default.Live() {
		i.runHere()
		return
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.closed {
		return
	}
	i.seq++
	seq := i.seq
	if i.running != nil {
		i.running.cancel()
	}
	if i.timer != nil {
		i.timer.Stop()
	}
	i.timer = time.AfterFunc(i.debounce, func() {
		comm.Default.Go(comm.Job{Name: "Interact", Out: i.out, Run: func(ctx context.Context) error {
			return i.run(ctx, seq)
		}})
	})
}

// runHere runs fn now on the calling goroutine (the first run, and every
// run without front ends).
func (i *Interactive) runHere() {
	ctx := comm.Default.Context()
	if !comm.Default.Live() {
		if err := i.call(ctx); err != nil {
			fmt.Fprintf(os.Stderr, "Interact: %v\n", err)
		}
		return
	}
	i.mu.Lock()
	seq := i.seq
	i.mu.Unlock()
	restore := comm.Default.Redirect(i.out)
	err := i.run(ctx, seq)
	restore()
	if err != nil {
		i.out.Error(comm.ErrorName(err), err.Error(), nil)
	}
}

// run runs fn for change seq, unless a newer change has made it stale.
func (i *Interactive) run(ctx context.Context, seq uint64) error {
	i.mu.Lock()
	if i.closed || seq != i.seq {
		i.mu.Unlock()
		return nil
	}
	rctx, cancel := context.WithCancel(ctx)
	r := &run{cancel: cancel}
	i.running = r
	i.mu.Unlock()
	defer func() {
		i.mu.Lock()
		if i.running == r {
			i.running = nil
		}
		i.mu.Unlock()
		cancel()
	}()
	i.out.Clear(true)
	err := i.call(rctx)
	if err != nil && rctx.Err() != nil && ctx.Err() == nil {
		return nil // stale: a newer change cancelled it, and runs next
	}
	return err
}

// call calls fn, turning a panic into an error.
func (i *Interactive) call(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return i.fn(ctx)
}
