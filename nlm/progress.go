package nlm

import (
	"context"
	"sync/atomic"
	"time"
)

// StepProgress is a report of a sampling call (Generate, Preset.Generate,
// Sampler.Run, Sampler.Anneal, Sampler.Quench): Step of its Steps Langevin
// steps are done (for Preset.Generate, the GenSteps steps, annealed or at
// temperature T, and the Quench noise-free steps count as one run), on Chains chains, Elapsed after the
// call started. Done marks the last report of a call: Step == Steps when it
// ran to the end, Step < Steps when ctx stopped it. Call tells the reports of
// concurrent calls apart.
type StepProgress struct {
	Op          string // "generate", "run", "anneal" or "quench"
	Call        uint64
	Step, Steps int
	Chains      int
	Elapsed     time.Duration
	Done        bool
}

// ProgressEvery is the shortest time between two reports of a sampling call
// (see WithProgress), and of a training run unless TrainOptions.ProgressEvery
// says otherwise.
const ProgressEvery = 250 * time.Millisecond

type progressKey struct{}

// WithProgress returns a copy of ctx whose sampling calls (Generate,
// Preset.Generate, Sampler.Run, Sampler.Anneal, Sampler.Quench), made with it or with a
// context derived from it, report to f: when they start (Step 0), at most
// every ProgressEvery while they run, and when they return (Done). f runs on
// the sampling goroutine between steps: keep it short. A nil f turns
// reporting off. In the gonlm kernel ctx already reports to a progress bar
// that appears when a call runs longer than a second; use
// WithProgress(ctx, nil) to hide it, or views.SamplingProgress for a bar
// elsewhere. Training reports through TrainOptions.OnProgress instead.
func WithProgress(ctx context.Context, f func(StepProgress)) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, progressKey{}, f)
}

var progressCalls atomic.Uint64

// stepReporter sends the StepProgress reports of one sampling call.
type stepReporter struct {
	f     func(StepProgress)
	p     StepProgress
	start time.Time
	next  time.Time
}

// newStepReporter returns the reporter of a call of op over steps steps, or
// nil when ctx has no progress function. It sends the first report.
func newStepReporter(ctx context.Context, op string, steps, chains int) *stepReporter {
	f, _ := ctx.Value(progressKey{}).(func(StepProgress))
	if f == nil {
		return nil
	}
	now := time.Now()
	r := &stepReporter{f: f, start: now, next: now.Add(ProgressEvery),
		p: StepProgress{Op: op, Call: progressCalls.Add(1), Steps: steps, Chains: chains}}
	f(r.p)
	return r
}

// step notes that done steps are complete and reports when it is time to.
// The clock is read every 8 steps, so that tiny models do not pay for it.
func (r *stepReporter) step(done int) {
	if r == nil || done&7 != 0 {
		return
	}
	if now := time.Now(); !now.Before(r.next) {
		r.p.Step, r.p.Elapsed = done, now.Sub(r.start)
		r.next = now.Add(ProgressEvery)
		r.f(r.p)
	}
}

// finish sends the last report, with done steps complete.
func (r *stepReporter) finish(done int) {
	if r == nil {
		return
	}
	r.p.Step, r.p.Elapsed, r.p.Done = done, time.Since(r.start), true
	r.f(r.p)
}
