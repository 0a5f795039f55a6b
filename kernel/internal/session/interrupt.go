package session

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
)

// DefaultInterruptGrace is how long a cell may go on after the first
// interrupt cancelled ctx before the session stops it (Options.InterruptGrace).
const DefaultInterruptGrace = 2 * time.Second

// An interrupt works in two steps, as a KeyboardInterrupt does in IPython but
// in Go's terms:
//
//  1. The first interrupt cancels ctx. Calls that honour it (every long nlm
//     call, time.Sleep, input requests) return ctx.Err() soon, and the cell
//     goes on: code that checks the error can save the model, generate from
//     it and print. A cell that runs to its end this way succeeds; one whose
//     last value or panic is the cancellation error (context.Canceled) fails
//     with KeyboardInterrupt.
//  2. If the cell has not finished after the grace period, or a second
//     interrupt comes, the interpreter stops it where it is (KeyboardInterrupt),
//     as a busy loop that never looks at ctx needs.
//
// stopper holds that state for one cell: the interpreter's own context (halt
// cancels it) apart from the cell's ctx.
type stopper struct {
	ctx  context.Context // the interpreter's context (EvalWithContext)
	halt context.CancelFunc

	mu         sync.Mutex
	running    bool
	interrupts int
	why        string // why the interpreter was stopped; "" while it may run
	timer      *time.Timer
}

func newStopper() *stopper {
	ctx, cancel := context.WithCancel(context.Background())
	return &stopper{ctx: ctx, halt: cancel, running: true}
}

// interrupt records an interrupt: the first one starts the grace period
// (none if grace ≤ 0), the second stops the cell.
func (st *stopper) interrupt(grace time.Duration) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.running || st.why != "" {
		return
	}
	st.interrupts++
	if st.interrupts >= 2 {
		st.stopLocked("interrupted twice: the cell was stopped")
		return
	}
	if grace > 0 && st.timer == nil {
		st.timer = time.AfterFunc(grace, func() {
			st.mu.Lock()
			defer st.mu.Unlock()
			st.stopLocked(fmt.Sprintf("the cell did not finish within %v of the interrupt, so it was stopped", grace))
		})
	}
}

func (st *stopper) stopLocked(why string) {
	if !st.running || st.why != "" {
		return
	}
	st.why = why
	st.halt()
}

// finish ends the cell's time: later interrupts concern the next cell.
func (st *stopper) finish() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.running = false
	if st.timer != nil {
		st.timer.Stop()
	}
}

// interrupted reports whether an interrupt came while the cell ran.
func (st *stopper) interrupted() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.interrupts > 0
}

// stopped returns why the interpreter was stopped, or "".
func (st *stopper) stopped() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.why
}

// stoppedError is the KeyboardInterrupt of a cell: stopped by the session
// (why), or ended by the cancellation error after an interrupt (err).
func stoppedError(why string, err error) *Error {
	e := &Error{Ename: EnameInterrupt, Evalue: "interrupted"}
	switch {
	case why != "":
		e.Evalue = why
	case err != nil:
		e.Evalue = "interrupted: " + err.Error()
	}
	return e.finish("")
}

// isCancellation reports whether err is, or is a panic with, an error that
// wraps context.Canceled.
func isCancellation(err error) bool {
	if errors.Is(err, context.Canceled) {
		return true
	}
	var p interp.Panic
	if !errors.As(err, &p) {
		return false
	}
	v := p.Value
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		v = rv.Interface() // yaegi hands panic values over as reflect.Values
	}
	perr, ok := v.(error)
	return ok && errors.Is(perr, context.Canceled)
}

// grace is the session's grace period after a first interrupt.
func (s *Session) grace() time.Duration {
	switch g := s.opts.InterruptGrace; {
	case g == 0:
		return DefaultInterruptGrace
	case g < 0:
		return 0
	default:
		return g
	}
}
