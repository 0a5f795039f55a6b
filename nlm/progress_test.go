package nlm

import (
	"context"
	"sync"
	"testing"
	"time"
)

// reports collects the StepProgress reports of a context.
type reports struct {
	mu  sync.Mutex
	all []StepProgress
}

func (r *reports) add(p StepProgress) {
	r.mu.Lock()
	r.all = append(r.all, p)
	r.mu.Unlock()
}

// check verifies the reports of one call of op over steps steps, which
// finished with done steps.
func (r *reports) check(t *testing.T, op string, steps, done int) {
	t.Helper()
	if len(r.all) < 2 {
		t.Fatalf("%d reports: %+v", len(r.all), r.all)
	}
	first, last := r.all[0], r.all[len(r.all)-1]
	if first.Op != op || first.Step != 0 || first.Steps != steps || first.Done {
		t.Errorf("first report %+v", first)
	}
	if !last.Done || last.Step != done || last.Steps != steps {
		t.Errorf("last report %+v, want Done at step %d of %d", last, done, steps)
	}
	for i, p := range r.all {
		if p.Call != first.Call || (i > 0 && (p.Step < r.all[i-1].Step || p.Elapsed < r.all[i-1].Elapsed)) || (p.Done && i != len(r.all)-1) {
			t.Errorf("report %d out of order: %+v after %+v", i, p, r.all[max(0, i-1)])
		}
	}
}

func TestStepProgress(t *testing.T) {
	m := NewModel(64, 1.5, 1)
	p := Quick
	p.GenSteps, p.Quench = 300, 40
	t.Run("Preset.Generate counts the quench", func(t *testing.T) {
		var r reports
		if _, err := p.Generate(WithProgress(context.Background(), r.add), m, 4, 1); err != nil {
			t.Fatal(err)
		}
		r.check(t, "generate", 340, 340)
		if r.all[0].Chains != 4 {
			t.Errorf("chains %d", r.all[0].Chains)
		}
	})
	t.Run("Generate", func(t *testing.T) {
		var r reports
		if _, err := Generate(WithProgress(context.Background(), r.add), m, 3, 200, PaperDynamics(), 1); err != nil {
			t.Fatal(err)
		}
		r.check(t, "generate", 200, 200)
	})
	t.Run("Run and Quench", func(t *testing.T) {
		s, err := NewSampler(m, 2, PaperDynamics(), 1)
		if err != nil {
			t.Fatal(err)
		}
		var r, q reports
		if err := s.Run(WithProgress(context.Background(), r.add), 120); err != nil {
			t.Fatal(err)
		}
		r.check(t, "run", 120, 120)
		if err := s.Quench(WithProgress(context.Background(), q.add), 30); err != nil {
			t.Fatal(err)
		}
		q.check(t, "quench", 30, 30)
		if q.all[0].Call == r.all[0].Call {
			t.Error("two calls share a Call number")
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		var r reports
		ctx, cancel := context.WithCancel(WithProgress(context.Background(), r.add))
		s, err := NewSampler(m, 2, PaperDynamics(), 1)
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			time.Sleep(50 * time.Millisecond)
			cancel()
		}()
		if err := s.Run(ctx, 1<<40); err != context.Canceled {
			t.Fatalf("err %v", err)
		}
		r.check(t, "run", 1<<40, s.Steps())
	})
	t.Run("reports while running, and nil turns them off", func(t *testing.T) {
		var r reports
		ctx := WithProgress(context.Background(), r.add)
		s, err := NewSampler(m, 2, PaperDynamics(), 1)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for time.Since(start) < 3*ProgressEvery {
			if err := s.Run(WithProgress(ctx, nil), 1000); err != nil {
				t.Fatal(err)
			}
		}
		if len(r.all) != 0 {
			t.Fatalf("WithProgress(ctx, nil) still reported: %+v", r.all)
		}
		steps := s.Steps()
		start = time.Now()
		if err := s.Run(ctx, steps); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 3*ProgressEvery && len(r.all) < 3 {
			t.Errorf("a %v run sent %d reports", took, len(r.all))
		}
		if took := time.Since(start); len(r.all) > 2+int(took/ProgressEvery) {
			t.Errorf("a %v run sent %d reports, more than one per %v", took, len(r.all), ProgressEvery)
		}
	})
}

func TestTrainerAndSamplerStrings(t *testing.T) {
	m := NewModel(16, 1, 1)
	s, err := NewSampler(m, 3, Dynamics{T: 0.5, Dt: 0.01}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	if got, want := s.String(), "nlm.Sampler: 3 chains of N = 16, T = 0.5, dt = 0.01, 7 steps taken"; got != want {
		t.Errorf("Sampler.String() = %q, want %q", got, want)
	}
	p := Quick
	p.Batch, p.Chains, p.Epochs = 4, 4, 1
	data := NewModel(16, 1, 2).J // any 16 finite columns
	tr, err := NewTrainer(m, data, p, &TrainOptions{Seed: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.String(); got != `nlm.Trainer: preset "quick", N = 16; epoch 0/1, update 0/4, KL norm NaN, trained 0s` {
		t.Errorf("Trainer.String() = %q", got)
	}
}

// countdown is a context cancelled after n calls of Err.
type countdown struct {
	context.Context
	n int
}

func (c *countdown) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

// A run stopped by ctx reports its final state too, so a progress view shows
// where it stopped (not the last report before it).
func TestTrainReportsWhenStopped(t *testing.T) {
	m := NewModel(16, 1, 1)
	p := Quick
	p.Batch, p.Chains, p.Epochs = 4, 4, 100 // 4 updates per epoch, 10 steps each
	data := NewModel(16, 1, 2).J
	ctx := &countdown{Context: context.Background(), n: 10*4*3 + 25} // in the 3rd update of epoch 4
	var last Progress
	tr, err := Train(ctx, m, data, p, &TrainOptions{Seed: 1, Threads: 1, ProgressEvery: time.Hour,
		OnProgress: func(pr Progress) { last = pr }})
	if err != context.Canceled {
		t.Fatalf("err %v", err)
	}
	if got := tr.Progress(); last != got || got.Update != 14 || last.Done {
		t.Errorf("last report %+v, trainer at %+v (want update 14)", last, got)
	}
}
