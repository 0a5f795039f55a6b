package views

import (
	"sync"
	"time"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/nlm"
)

// SamplingProgress returns a progress function for nlm.WithProgress that
// shows a bar (steps done of all, steps/s, elapsed, ETA, chains) for every
// sampling call (nlm.Generate, Preset.Generate, Sampler.Run, Quench) that
// has run longer than after, so that short calls in a loop show nothing. The
// bar is finished when the call returns, marked "stopped" when ctx stopped
// it. The gonlm kernel and `gonlm run` give every cell's ctx
// SamplingProgress(time.Second); elsewhere:
//
//	ctx = nlm.WithProgress(ctx, views.SamplingProgress(0))
//	s, err := p.Generate(ctx, m, 36, 2)
//
// Display errors (such as no publisher) are ignored: progress never stops
// sampling.
func SamplingProgress(after time.Duration) func(nlm.StepProgress) {
	var mu sync.Mutex
	bars := map[uint64]*display.Progress{}
	return func(p nlm.StepProgress) {
		mu.Lock()
		bar, shown := bars[p.Call]
		if !shown && !p.Done && p.Elapsed >= after && display.CurrentPublisher() != nil {
			bar = display.NewProgress(p.Steps)
			bar.Label = samplingLabels[p.Op]
			if bar.Label == "" {
				bar.Label = p.Op
			}
			bar.Unit = "steps"
			bars[p.Call] = bar
			shown = true
		}
		if p.Done {
			delete(bars, p.Call)
		}
		mu.Unlock()
		if !shown {
			return
		}
		bar.SetElapsed(p.Elapsed) // the call's time, not the bar's
		if !p.Done {
			bar.Set(p.Step, "chains", p.Chains)
			return
		}
		bar.Set(p.Step)
		if p.Step < p.Steps {
			bar.Finish("chains", p.Chains, "state", "stopped")
		} else {
			bar.Finish("chains", p.Chains)
		}
	}
}

var samplingLabels = map[string]string{"generate": "generating", "run": "sampling", "anneal": "annealing", "quench": "quenching"}
