package session

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/gonlm/gonlm/kernel/internal/comm"
	"github.com/traefik/yaegi/interp"
)

// Jobs: cell code that runs outside a cell (widget callbacks; see package
// comm). A job is a compiled function that calls functions the cells
// defined, so it runs the way a cell's code does: one at a time with cells
// (execMu), through the interpreter (EvalWithContext of a call to the hook
// _gonlm.RunJob, which calls the job), so that an interrupt stops its
// interpreted code at once and cancels the ctx its compiled calls see, and
// the next cell or job waits for those calls as after an interrupted cell.
// Its prints and display calls go to the Frontend it is given.
//
// yaegi v0.16.1 stops the functions that were running when a cell was
// interrupted by bumping a global run id; every frame checks it. A function
// literal keeps the run id of the frame it was created in, so one created
// inside a function call before an interrupt never runs again: calling it
// returns zero values at once. Function literals created at a cell's top level
// and top-level funcs live in the global frame, which each Eval refreshes, so
// jobs (always run through Eval) see them work after an interrupt too. The
// widgets package documents this for callbacks.

// RunJob runs run(ctx) as a job, with fe receiving its output, and returns
// its error as a cell error would be (nil when it succeeded). name says what
// the job is, in the error.
func (s *Session) RunJob(name string, fe Frontend, run func(ctx context.Context) error) *Error {
	s.execMu.Lock()
	defer s.execMu.Unlock()
	if _, err := s.Interp(); err != nil {
		return &Error{Ename: "KernelError", Evalue: err.Error(), Traceback: []string{err.Error()}}
	}
	g, perr := s.prepare(fe)
	if perr != nil {
		return perr
	}
	// A job runs with g as the interpreter's context: an interrupt stops
	// it at once (it has no grace period). Its stopper only records the
	// interrupt, for the hooks that ask (Show).
	c := &cellRun{fe: fe, ctx: g, stop: newStopper()}
	defer c.stop.finish()
	var jobErr error
	s.mu.Lock()
	prev := s.cur
	s.cur = c
	s.job = func() { jobErr = run(g) }
	s.mu.Unlock()
	s.streamer.Begin(c.stream)

	s.runMu.Lock()
	_, err := s.interp.EvalWithContext(c.stop.ctx, `_gonlm.RunJob()`)
	s.runMu.Unlock()
	c.stop.finish()

	s.syncOutput()
	s.mu.Lock()
	s.job = nil
	s.cur = prev
	s.mu.Unlock()
	if prev != nil {
		// Output of goroutines the last cell started goes to it again.
		s.streamer.Begin(prev.stream)
	} else {
		s.streamer.Finish()
	}
	switch {
	case err != nil:
		if why := c.stop.stopped(); why != "" {
			return stoppedError(why, nil)
		}
		if g.Err() != nil || errors.Is(err, context.Canceled) {
			return interruptError()
		}
		c.mu.Lock()
		lines := c.panicLines
		c.mu.Unlock()
		return jobError(name, err, lines)
	case jobErr != nil:
		if g.Err() != nil && errors.Is(jobErr, context.Canceled) {
			return interruptError()
		}
		e := &Error{Ename: comm.ErrorName(jobErr), Evalue: jobErr.Error()}
		if name != "" {
			e.Evalue = name + ": " + e.Evalue
		}
		return e.finish("")
	}
	return nil
}

// panicFuncRE matches yaegi's report of an unwound frame, "L:C: panic:
// main.f(...)", and captures the function's name.
var panicFuncRE = regexp.MustCompile(`^\d+:\d+: panic: (?:main\.)?([\w.()*]+)\(`)

// jobError describes a job that panicked (or failed to start).
func jobError(name string, err error, panicLines []string) *Error {
	e := &Error{Ename: EnamePanic, Evalue: err.Error()}
	var p interp.Panic
	if errors.As(err, &p) {
		e.Evalue = fmt.Sprint(p.Value)
		if rerr, ok := p.Value.(error); ok {
			e.Evalue = rerr.Error()
		}
	}
	if name != "" {
		e.Evalue = name + ": " + e.Evalue
	}
	e.finish("")
	// yaegi's "L:C: panic: f(...)" lines name the functions the panic
	// unwound (the callback runs outside a cell, so no cell lines).
	var fns []string
	for _, l := range panicLines {
		if m := panicFuncRE.FindStringSubmatch(l); m != nil && m[1] != "main" {
			fns = append(fns, m[1])
		}
	}
	if len(fns) > 0 {
		e.Traceback = append(e.Traceback, ansiGreen+"in "+strings.Join(fns, " ← ")+ansiReset)
	}
	return e
}

// RunJob is _gonlm.RunJob: it runs the pending job on the interpreter's
// goroutine.
func (h *hooks) RunJob() {
	h.s.mu.Lock()
	job := h.s.job
	h.s.mu.Unlock()
	if job != nil {
		job()
	}
}

// host gives package comm (and so the widgets) the session's hooks.
type host struct{ s *Session }

// Context is the context cells see as ctx.
func (h host) Context() context.Context { return h.s.generation() }

// Redirect sends the running cell's or job's output to sink until restore
// is called. Everything printed before the call is delivered first to the
// old destination, and everything printed before restore to sink.
func (h host) Redirect(sink comm.Sink) (restore func()) {
	c := h.s.currentCell()
	if c == nil {
		return func() {}
	}
	h.s.syncOutput()
	c.mu.Lock()
	prev := c.sink
	c.sink = sink
	c.mu.Unlock()
	return func() {
		h.s.syncOutput()
		c.mu.Lock()
		c.sink = prev
		c.mu.Unlock()
	}
}
