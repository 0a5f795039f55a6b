package views

import (
	"fmt"
	"math"
	"sync"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/nlm"
)

// Training is a live view of a training run: a progress bar (updates done
// and total, epoch, updates/s, the trainer's elapsed time, ETA, last KL
// norm) and the KL-norm curve (one point per completed epoch, log scale),
// both updating in place. Its Update method is an nlm.TrainOptions.OnProgress
// callback; it is compiled code, throttled by display.Progress and
// display.LiveCurve, so it costs training well under 5%:
//
//	v := views.NewTraining()
//	tr, err := nlm.Train(ctx, m, data.X, nlm.Quick, &nlm.TrainOptions{OnProgress: v.Update})
//	v.Finish() // shows the final state, also after an interrupt
//
// After Finish, a resumed run (tr.Train(ctx) in a later cell) shows a new bar
// and curve in the cell that runs it; so does a report of a new run (fewer
// updates done than before).
type Training struct {
	// Bar and Curve are the two outputs; adjust their fields (labels,
	// Interval, LogY) before training starts.
	Bar   *display.Progress
	Curve *display.LiveCurve

	mu        sync.Mutex
	lastEpoch int
	last      nlm.Progress
	seen      bool
	finished  bool // Finish was called: the next run gets new outputs
	err       error
}

// NewTraining returns a training view; nothing is shown before the first
// progress report.
func NewTraining() *Training {
	bar := display.NewProgress(0)
	bar.Label = "training"
	bar.Unit = "updates"
	curve := display.NewLiveCurve("KL norm", "epoch", "mean (Mo − D)²")
	curve.LogY = true
	return &Training{Bar: bar, Curve: curve}
}

// TrainingView returns NewTraining().Update, for
// nlm.TrainOptions{OnProgress: views.TrainingView()}.
func TrainingView() func(nlm.Progress) { return NewTraining().Update }

// Update shows a progress report: it moves the bar, adds a point to the
// curve for each newly completed epoch with a finite KL norm, and on the
// final report (p.Done) draws both completely. Display errors (for example
// no publisher) do not stop training; the first one is kept for Err.
func (v *Training) Update(p nlm.Progress) {
	v.mu.Lock()
	restart := v.seen && (v.finished || p.Update < v.last.Update)
	v.last, v.seen, v.finished = p, true, false
	if restart {
		v.lastEpoch = min(v.lastEpoch, p.Epoch)
	}
	newEpoch := p.Epoch > v.lastEpoch
	if newEpoch {
		v.lastEpoch = p.Epoch
	}
	v.mu.Unlock()
	if restart {
		v.Bar.Restart()
		v.Curve.Restart()
	}

	v.Bar.Total = p.Updates
	v.Bar.SetElapsed(p.Elapsed)
	fields := []any{"epoch", fmt.Sprintf("%d/%d", p.Epoch, p.Epochs)}
	if !math.IsNaN(p.KLNorm) {
		fields = append(fields, "KL norm", p.KLNorm)
	}
	v.keep(v.Bar.Set(p.Update, fields...))
	if newEpoch && !math.IsNaN(p.KLNorm) && !math.IsInf(p.KLNorm, 0) {
		v.keep(v.Curve.Add(float64(p.Epoch), p.KLNorm))
	}
	if p.Done {
		v.keep(v.Curve.Flush())
	}
}

// Finish draws the bar and the curve as of the last report now (call it
// after Train returns, especially after an interrupt, when the throttled
// outputs may lag behind). It returns the first display error seen.
func (v *Training) Finish() error {
	v.mu.Lock()
	seen, p := v.seen, v.last
	v.finished = seen
	v.mu.Unlock()
	if !seen {
		return v.Err()
	}
	state := "stopped"
	if p.Done {
		state = "done"
	}
	fields := []any{"epoch", fmt.Sprintf("%d/%d", p.Epoch, p.Epochs)}
	if !math.IsNaN(p.KLNorm) {
		fields = append(fields, "KL norm", p.KLNorm)
	}
	v.Bar.SetElapsed(p.Elapsed)
	v.keep(v.Bar.Finish(append(fields, "state", state)...))
	if v.Curve.Len() > 0 {
		v.keep(v.Curve.Flush())
	}
	return v.Err()
}

// Err returns the first display error met while updating, or nil.
func (v *Training) Err() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.err
}

func (v *Training) keep(err error) {
	if err == nil {
		return
	}
	v.mu.Lock()
	if v.err == nil {
		v.err = err
	}
	v.mu.Unlock()
}
