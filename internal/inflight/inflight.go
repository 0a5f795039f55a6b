// Package inflight lets a long-running compiled call tell whoever created its
// context that it is running.
//
// The kernel cancels a cell's context on an interrupt, but yaegi returns from
// the cell at once while compiled code (a Langevin run, a training epoch)
// goes on until it next checks the context. The session must not start the
// next cell before such calls have returned, or two goroutines would use the
// same model. So the session puts a Tracker in every cell's context, and nlm
// and views call Begin around their long calls. The tracker travels as a
// context value, so it survives context.WithTimeout, WithCancel and
// WithValue wrappers made in a cell.
package inflight

import "context"

// A Tracker counts calls in flight: Begin marks one started and returns the
// function that marks it finished (safe to call more than once).
type Tracker interface {
	Begin() (end func())
}

type key struct{}

// WithTracker returns a copy of ctx that carries t.
func WithTracker(ctx context.Context, t Tracker) context.Context {
	return context.WithValue(ctx, key{}, t)
}

// Begin marks a call in flight on the tracker that ctx carries, if any, and
// returns the function that marks its end. Use it as
//
//	defer inflight.Begin(ctx)()
func Begin(ctx context.Context) (end func()) {
	if ctx != nil {
		if t, ok := ctx.Value(key{}).(Tracker); ok {
			return t.Begin()
		}
	}
	return func() {}
}
