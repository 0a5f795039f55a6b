package nlm

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonlm/gonlm/nlm/internal/finite"
	"gonum.org/v1/gonum/mat"
)

// synthetic returns p rows of n = 16 values: noisy copies of two orthogonal
// ±0.9 prototypes (first half +, second half −; alternating), half each.
func twoModes(p int, seed uint64) (*mat.Dense, [][]float64) {
	const n = 16
	protos := [][]float64{make([]float64, n), make([]float64, n)}
	for i := 0; i < n; i++ {
		protos[0][i] = 0.9
		if i >= n/2 {
			protos[0][i] = -0.9
		}
		protos[1][i] = 0.9
		if i%2 == 1 {
			protos[1][i] = -0.9
		}
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(p, n, nil)
	for r := 0; r < p; r++ {
		pr := protos[r%2]
		for i := 0; i < n; i++ {
			v := pr[i] + 0.05*rng.NormFloat64()
			x.Set(r, i, math.Max(-0.99, math.Min(0.99, v)))
		}
	}
	return x, protos
}

var synthPreset = Preset{Name: "synthetic", G: 1, T: 0.05, Dt: 0.02, StepsPerUpdate: 10, LR: 0.02,
	WeightDecay: 0, Batch: 50, Chains: 100, Epochs: 30, GenSteps: 2000}

func cosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += a[i] * b[i]
		aa += a[i] * a[i]
		bb += b[i] * b[i]
	}
	return ab / math.Sqrt(aa*bb)
}

// TestLearningSynthetic: training lowers the KL-norm monitor and generated
// samples reproduce the data's two modes (up to the sign symmetry).
func TestLearningSynthetic(t *testing.T) {
	data, protos := twoModes(400, 1)
	m := NewModel(16, synthPreset.G, 1)
	tr, err := Train(context.Background(), m, data, synthPreset, &TrainOptions{Seed: 2, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	kl := tr.KLNorm()
	if len(kl) != synthPreset.Epochs {
		t.Fatalf("%d KL-norm values, want one per epoch (%d)", len(kl), synthPreset.Epochs)
	}
	first, last := kl[0], kl[len(kl)-1]
	if !(last < first/5) {
		t.Errorf("KL-norm went %.4g → %.4g; want a fall by 5× or more", first, last)
	}
	s, err := Generate(context.Background(), m, 200, synthPreset.GenSteps, synthPreset.Dynamics(), 3)
	if err != nil {
		t.Fatal(err)
	}
	v := s.Values()
	hits := make([]int, 2)
	for r := 0; r < 200; r++ {
		row := v.RawRowView(r)
		best, bi := 0.0, -1
		for k, p := range protos {
			if c := math.Abs(cosine(row, p)); c > best {
				best, bi = c, k
			}
		}
		if best > 0.9 {
			hits[bi]++
		}
	}
	t.Logf("KL-norm %.4g → %.4g; samples near mode 0: %d, mode 1: %d of 200", first, last, hits[0], hits[1])
	if hits[0] < 40 || hits[1] < 40 || hits[0]+hits[1] < 160 {
		t.Errorf("samples near the modes: %v of 200; want ≥ 160 with ≥ 40 in each", hits)
	}
}

// TestTrainerUpdateMatchesFloat64: one float32 update equals Model.Update on
// the same model samples and data batch, to float32 accuracy.
func TestTrainerUpdateMatchesFloat64(t *testing.T) { forPrecisions(t, testTrainerUpdateMatchesFloat64) }

func testTrainerUpdateMatchesFloat64(t *testing.T, prec Precision) {
	tol := 1e-5
	if prec == BF16 {
		// Products of bf16 inputs (relative error 2⁻⁹ each).
		tol = 3e-3
	}
	for _, bias := range []bool{false, true} {
		data, _ := twoModes(100, 3)
		p := synthPreset
		p.Bias = bias
		p.T = 0.7
		p.WeightDecay = 0.01
		m := p.NewModel(16, 4)
		if bias {
			for i := 0; i < 16; i++ {
				m.B.SetVec(i, 0.1*float64(i%3))
			}
		}
		before, orig := m.Clone(), m.Clone()
		tr, err := NewTrainer(m, data, p, &TrainOptions{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		batch := mat.NewDense(p.Batch, 16, nil)
		for r, i := range tr.perm[:p.Batch] {
			batch.SetRow(r, data.RawRowView(i))
		}
		if err := tr.SetEpochs(1); err != nil {
			t.Fatal(err)
		}
		// Run exactly one update.
		if err := tr.step(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := before.Update(tr.Chains(), batch, p.T, p.LR, p.WeightDecay); err != nil {
			t.Fatal(err)
		}
		var diff mat.Dense
		diff.Sub(before.J, m.J)
		var step mat.Dense
		step.Sub(before.J, orig.J)
		if d := mat.Norm(&diff, math.Inf(1)); d > tol {
			t.Errorf("bias=%v: %v update differs from float64 by %v (the update itself: %v)", bias, prec, d, mat.Norm(&step, math.Inf(1)))
		}
		if bias {
			var db mat.VecDense
			db.SubVec(before.B, m.B)
			if d := mat.Norm(&db, math.Inf(1)); d > tol {
				t.Errorf("bias update differs by %v", d)
			}
		}
	}
}

func trainN(t *testing.T, epochs int, seed uint64) *Trainer {
	data, _ := twoModes(200, 1)
	p := synthPreset
	p.Epochs = epochs
	tr, err := Train(context.Background(), NewModel(16, 1, 1), data, p, &TrainOptions{Seed: seed, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestTrainerDeterminism(t *testing.T) {
	a, b := trainN(t, 3, 5), trainN(t, 3, 5)
	if !mat.Equal(a.Model().J, b.Model().J) || !mat.Equal(a.Chains(), b.Chains()) {
		t.Error("same seed gave different training results")
	}
	if c := trainN(t, 3, 6); mat.Equal(a.Model().J, c.Model().J) {
		t.Error("different seeds gave the same couplings")
	}
}

// TestCheckpointResume: training 2 epochs, checkpointing, resuming in a new
// trainer and training to 5 equals 5 uninterrupted epochs bit for bit; the
// same holds for a checkpoint taken mid-epoch after a cancellation, with
// chain resets, a warm-up and a decaying learning rate.
func TestCheckpointResume(t *testing.T) {
	data, _ := twoModes(200, 1)
	p := synthPreset
	p.Epochs = 5
	p.Bias = true
	p.Reset, p.Warmup = 0.1, 3
	p.Adam, p.LR = true, 0.002
	opt := &TrainOptions{Seed: 9, Threads: 2}
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")

	t.Run("epoch-boundary", func(t *testing.T) {
		// A constant learning rate after the warm-up: the cosine decay
		// depends on the run's length, which SetEpochs changes here.
		full, err := Train(context.Background(), p.NewModel(16, 1), data, p, opt)
		if err != nil {
			t.Fatal(err)
		}
		q := p
		q.Epochs = 2
		if _, err := Train(context.Background(), p.NewModel(16, 1), data, q, &TrainOptions{Seed: 9, Threads: 2, Checkpoint: ck}); err != nil {
			t.Fatal(err)
		}
		res, err := ResumeTrainer(ck, data, &TrainOptions{Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		if err := res.SetEpochs(5); err != nil {
			t.Fatal(err)
		}
		if err := res.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		sameRun(t, full, res)
	})

	p.FinalLR = p.LR / 10
	p.Average = 0.8 // updates 5 to 20: the cancellations below fall inside the window
	full, err := Train(context.Background(), p.NewModel(16, 1), data, p, opt)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("cancel-mid-epoch", func(t *testing.T) {
		tr, err := NewTrainer(p.NewModel(16, 1), data, p, &TrainOptions{Seed: 9, Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		// Cancel from the progress callback after a few updates, mid-epoch.
		ctx, cancel := context.WithCancel(context.Background())
		tr.opt.ProgressEvery = time.Nanosecond
		tr.opt.OnProgress = func(pr Progress) {
			if pr.Update == 6 {
				cancel()
			}
		}
		if err := tr.Train(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("Train returned %v, want context.Canceled", err)
		}
		if tr.update != 6 || tr.pos == 0 {
			t.Fatalf("stopped at update %d, position %d; want 6, mid-epoch", tr.update, tr.pos)
		}
		if err := tr.SaveCheckpoint(ck); err != nil {
			t.Fatal(err)
		}
		tr.opt.OnProgress = nil
		// Continue in place...
		if err := tr.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		sameRun(t, full, tr)
		// ...and from the checkpoint.
		res, err := ResumeTrainer(ck, data, &TrainOptions{Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		if err := res.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		sameRun(t, full, res)
	})

	t.Run("cancel-inside-update", func(t *testing.T) {
		// A context cancelled at the 3rd Langevin step of an update rolls
		// that update back.
		tr, err := NewTrainer(p.NewModel(16, 1), data, p, &TrainOptions{Seed: 9, Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		ctx := &countCtx{Context: context.Background(), after: 2*p.StepsPerUpdate + 3}
		if err := tr.Train(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("Train returned %v", err)
		}
		if tr.update != 2 {
			t.Fatalf("after cancellation inside update 3: %d updates done, want 2", tr.update)
		}
		if err := tr.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		sameRun(t, full, tr)
	})
}

// countCtx reports cancellation from the after-th call of Err on, and the
// cancellation of its Context before that.
type countCtx struct {
	context.Context
	after, n int
}

func (c *countCtx) Err() error {
	c.n++
	if c.n > c.after {
		return context.Canceled
	}
	return c.Context.Err()
}

func sameRun(t *testing.T, want, got *Trainer) {
	t.Helper()
	if !mat.Equal(want.Model().J, got.Model().J) {
		t.Error("couplings differ from the uninterrupted run")
	}
	if (want.Model().B == nil) != (got.Model().B == nil) || (want.Model().B != nil && !mat.Equal(want.Model().B, got.Model().B)) {
		t.Error("bias differs from the uninterrupted run")
	}
	if !mat.Equal(want.Chains(), got.Chains()) {
		t.Error("chains differ from the uninterrupted run")
	}
	wk, gk := want.KLNorm(), got.KLNorm()
	if len(wk) != len(gk) {
		t.Fatalf("KL history has %d epochs, want %d", len(gk), len(wk))
	}
	for i := range wk {
		if wk[i] != gk[i] {
			t.Errorf("KL-norm of epoch %d: %v, want %v", i, gk[i], wk[i])
		}
	}
}

func TestProgressThrottle(t *testing.T) {
	data, _ := twoModes(200, 1)
	p := synthPreset
	p.Epochs = 3
	var got []Progress
	_, err := Train(context.Background(), NewModel(16, 1, 1), data, p, &TrainOptions{Seed: 1,
		ProgressEvery: time.Hour, OnProgress: func(pr Progress) { got = append(got, pr) }})
	if err != nil {
		t.Fatal(err)
	}
	// With an hour between reports: one per epoch end, the last of which is
	// the final report (sent once: a view would draw it twice).
	if len(got) != 3 {
		t.Fatalf("%d progress reports, want 3 (the ends of epochs 1, 2 and the final one)", len(got))
	}
	for i, pr := range got {
		if pr.Epoch != i+1 || pr.Done != (i == len(got)-1) {
			t.Errorf("report %d: epoch %d, Done %v", i, pr.Epoch, pr.Done)
		}
	}
	last := got[len(got)-1]
	if !last.Done || last.Epoch != 3 || last.Update != 12 || last.Updates != 12 || math.IsNaN(last.KLNorm) {
		t.Errorf("final progress %+v", last)
	}
	if !strings.Contains(last.String(), "epoch 3/3") {
		t.Errorf("Progress.String() = %q", last.String())
	}
}

func TestTrainerErrors(t *testing.T) {
	data, _ := twoModes(100, 1)
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage")
	os.WriteFile(garbage, []byte("not a checkpoint"), 0o644)
	ck := filepath.Join(dir, "ok.ckpt")
	tr, err := NewTrainer(NewModel(16, 1, 1), data, synthPreset, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.SaveCheckpoint(ck); err != nil {
		t.Fatal(err)
	}
	other, _ := twoModes(100, 2)
	nanData := mat.DenseCopyOf(data)
	nanData.Set(3, 4, math.NaN())
	with := func(f func(p *Preset)) Preset { p := synthPreset; f(&p); return p }
	checkErrors(t, []errorCase{
		{"nil-data", "nil", func() error { _, err := NewTrainer(NewModel(16, 1, 1), nil, synthPreset, nil); return err }},
		{"width", "columns", func() error { _, err := NewTrainer(NewModel(15, 1, 1), data, synthPreset, nil); return err }},
		{"rows", "fewer than", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.Batch = 101 }), nil)
			return err
		}},
		{"nan-data", "non-finite", func() error { _, err := NewTrainer(NewModel(16, 1, 1), nanData, synthPreset, nil); return err }},
		{"T", "temperature", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.T = 0 }), nil)
			return err
		}},
		{"dt", "Dt", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.Dt = -1 }), nil)
			return err
		}},
		{"steps", "StepsPerUpdate", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.StepsPerUpdate = 0 }), nil)
			return err
		}},
		{"lr", "learning rate", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.LR = math.NaN() }), nil)
			return err
		}},
		{"decay", "WeightDecay", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.WeightDecay = 1 }), nil)
			return err
		}},
		{"reset", "Reset", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.Reset = 1.5 }), nil)
			return err
		}},
		{"warmup", "Warmup", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.Warmup = -1 }), nil)
			return err
		}},
		{"final-lr", "FinalLR", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.FinalLR = math.Inf(1) }), nil)
			return err
		}},
		{"batch", "Batch", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.Batch = 0 }), nil)
			return err
		}},
		{"chains", "Chains", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.Chains = 0 }), nil)
			return err
		}},
		{"epochs", "Epochs", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, with(func(p *Preset) { p.Epochs = -1 }), nil)
			return err
		}},
		{"threads", "Threads", func() error {
			_, err := NewTrainer(NewModel(16, 1, 1), data, synthPreset, &TrainOptions{Threads: -2})
			return err
		}},
		{"set-epochs", "epochs", func() error { return tr.SetEpochs(-1) }},
		{"resume-missing", "no such file", func() error { _, err := ResumeTrainer(filepath.Join(dir, "none"), data, nil); return err }},
		{"resume-garbage", "not a trainer checkpoint", func() error { _, err := ResumeTrainer(garbage, data, nil); return err }},
		{"resume-other-data", "differ", func() error { _, err := ResumeTrainer(ck, other, nil); return err }},
		{"checkpoint-dir", "writing", func() error { return tr.SaveCheckpoint(filepath.Join(dir, "no", "such", "dir")) }},
	})
}

// TestTrainerDivergence: a learning rate far too large makes the statistics
// blow up; Train stops with an error that names LR and keeps a finite model.
func TestTrainerDivergence(t *testing.T) {
	data, _ := twoModes(200, 1)
	p := synthPreset
	p.LR = 1e6
	p.Epochs = 50
	tr, err := NewTrainer(NewModel(16, 1, 1), data, p, &TrainOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = tr.Train(context.Background())
	if err == nil || !strings.Contains(err.Error(), "diverged") || !strings.Contains(err.Error(), "LR") {
		t.Fatalf("Train returned %v, want a divergence error naming LR", err)
	}
	if err := tr.Model().Validate(); err != nil {
		t.Errorf("model after divergence: %v", err)
	}
	if i, j, bad := finite.Find(tr.Chains()); bad {
		t.Errorf("chains have a non-finite value at (%d, %d)", i, j)
	}
}

// TestTrainCancelLatency: Train at N = 784 returns context.Canceled promptly
// and keeps a consistent state (generous bound: 100 ms plus two steps).
func TestTrainCancelLatency(t *testing.T) {
	p := Paper
	p.P, p.Batch, p.Chains, p.Epochs = 400, 100, 100, 1000
	rng := rand.New(rand.NewPCG(1, 2))
	data := mat.NewDense(p.P, 784, nil)
	for i := range data.RawMatrix().Data {
		data.RawMatrix().Data[i] = 2*rng.Float64() - 1
	}
	tr, err := NewTrainer(NewModel(784, 2, 1), data, p, &TrainOptions{Seed: 1, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	s, _ := NewSampler(tr.Model(), p.Chains, Dynamics{T: 1, Dt: 0.01, Threads: 2}, 1)
	s.Run(context.Background(), 3)
	step := time.Since(t0) / 3
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- tr.Train(ctx) }()
	time.Sleep(150 * time.Millisecond)
	cancel()
	at := time.Now()
	err = <-done
	lat := time.Since(at)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Train returned %v, want context.Canceled", err)
	}
	if lat > 100*time.Millisecond+2*step {
		t.Errorf("Train returned %v after cancel (one step takes %v)", lat, step)
	}
	if err := tr.Model().Validate(); err != nil {
		t.Error(err)
	}
	t.Logf("cancel latency %v (step %v, %d updates done)", lat, step, tr.Progress().Update)
}

// TestLRAt: the warm-up ramps linearly to LR, the cosine decay runs from LR
// at the first update to FinalLR at the end and stays there, and FinalLR = 0
// keeps LR constant.
func TestLRAt(t *testing.T) {
	p := Preset{LR: 0.01, FinalLR: 0.001, Warmup: 4, P: 100, Batch: 10, Epochs: 10} // 100 updates
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-12*math.Abs(want) }
	cos := func(u int) float64 { return 0.001 + 0.009*0.5*(1+math.Cos(math.Pi*float64(u)/100)) }
	for _, c := range []struct {
		u    int
		want float64
	}{{0, 0.01 / 4}, {1, 2 * cos(1) / 4}, {3, cos(3)}, {50, 0.0055}, {99, cos(99)}, {100, 0.001}, {500, 0.001}} {
		if got := p.LRAt(c.u); !near(got, c.want) {
			t.Errorf("LRAt(%d) = %v, want %v", c.u, got, c.want)
		}
	}
	for u := 5; u < 100; u++ {
		if !(p.LRAt(u) < p.LRAt(u-1)) {
			t.Fatalf("LRAt(%d) = %v is not below LRAt(%d) = %v after the warm-up", u, p.LRAt(u), u-1, p.LRAt(u-1))
		}
	}
	q := Preset{LR: 0.01, P: 100, Batch: 10, Epochs: 10}
	for _, u := range []int{0, 50, 99, 1000} {
		if got := q.LRAt(u); got != 0.01 {
			t.Errorf("constant schedule: LRAt(%d) = %v, want 0.01", u, got)
		}
	}
}

// TestReset: with Reset = 1/4 and 8 chains, update u redraws chains 2u and
// 2u + 1 (mod 8) from noise before its Langevin steps and leaves the others
// alone: each chain has its own random stream and the steps treat chains
// independently, so the chains not redrawn equal those of a run without
// reset bit for bit, and the redrawn ones differ.
func TestReset(t *testing.T) {
	data, _ := twoModes(100, 1)
	p := synthPreset
	p.Chains, p.Batch, p.LR = 8, 10, 0 // LR = 0: the couplings stay the same in both runs
	q := p
	q.Reset = 0.25
	a, err := NewTrainer(NewModel(16, 1, 1), data, p, &TrainOptions{Seed: 3, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewTrainer(NewModel(16, 1, 1), data, q, &TrainOptions{Seed: 3, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	redrawn := map[int]bool{}
	for u := 0; u < 3; u++ {
		for _, tr := range []*Trainer{a, b} {
			if err := tr.step(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		redrawn[2*u], redrawn[2*u+1] = true, true
		ca, cb := a.Chains(), b.Chains()
		for r := 0; r < 8; r++ {
			same := mat.Equal(ca.RowView(r), cb.RowView(r))
			if same == redrawn[r] {
				t.Errorf("after update %d: chain %d equal to the run without reset: %v, want %v", u, r, same, !redrawn[r])
			}
		}
	}
}

// TestAdamFirstStep: Adam's first step is m̂/(√v̂ + ε) = g/(|g| + ε), so each
// entry of J moves by the learning rate against the sign of its gradient,
// which a plain run from the same state shows (it moves by −k·g).
func TestAdamFirstStep(t *testing.T) {
	data, _ := twoModes(100, 1)
	p := synthPreset
	p.Bias = true
	p.WeightDecay = 0
	q := p
	q.Adam, q.LR = true, 0.003
	plain, err := NewTrainer(p.NewModel(16, 1), data, p, &TrainOptions{Seed: 3, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	adam, err := NewTrainer(q.NewModel(16, 1), data, q, &TrainOptions{Seed: 3, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	j0 := mat.DenseCopyOf(plain.Model().J)
	b0 := mat.VecDenseCopyOf(plain.Model().B)
	for _, tr := range []*Trainer{plain, adam} {
		if err := tr.step(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	check := func(what string, before, afterPlain, afterAdam []float64) {
		for i := range before {
			g := (before[i] - afterPlain[i]) / p.LR // the gradient entry
			if math.Abs(g) < 1e-4 {
				continue // |g| comparable to ε or to float32 rounding
			}
			want := before[i] - q.LR*math.Copysign(1, g)
			if d := math.Abs(afterAdam[i] - want); d > 1e-3*q.LR {
				t.Fatalf("%s entry %d: Adam moved it to %v, want %v (gradient %v)", what, i, afterAdam[i], want, g)
			}
		}
	}
	check("J", j0.RawMatrix().Data, plain.Model().J.RawMatrix().Data, adam.Model().J.RawMatrix().Data)
	check("b", b0.RawVector().Data, plain.Model().B.RawVector().Data, adam.Model().B.RawVector().Data)
}

// TestAverage: with Preset.Average the trained model is the mean of J and b
// after each of the last ⌈a·U⌉ updates of the same run without averaging,
// whose chains it shares (averaging does not change training).
func TestAverage(t *testing.T) {
	data, _ := twoModes(200, 1)
	p := synthPreset
	p.Epochs, p.Bias = 5, true // 20 updates
	q := p
	q.Average = 0.3 // the last 6 updates
	var js []*mat.Dense
	var bs []*mat.VecDense
	m := p.NewModel(16, 1)
	plain, err := Train(context.Background(), m, data, p, &TrainOptions{Seed: 3, Threads: 2, ProgressEvery: time.Nanosecond,
		OnProgress: func(pr Progress) {
			if pr.Update > len(js) {
				js = append(js, mat.DenseCopyOf(m.J))
				bs = append(bs, mat.VecDenseCopyOf(m.B))
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(js) != 20 {
		t.Fatalf("recorded %d updates, want 20", len(js))
	}
	avg, err := Train(context.Background(), q.NewModel(16, 1), data, q, &TrainOptions{Seed: 3, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantJ := mat.NewDense(16, 16, nil)
	wantB := mat.NewVecDense(16, nil)
	for _, u := range []int{14, 15, 16, 17, 18, 19} {
		wantJ.Add(wantJ, js[u])
		wantB.AddVec(wantB, bs[u])
	}
	wantJ.Scale(1.0/6, wantJ)
	wantB.ScaleVec(1.0/6, wantB)
	if !mat.EqualApprox(avg.Model().J, wantJ, 1e-12) || !mat.EqualApprox(avg.Model().B, wantB, 1e-12) {
		t.Error("the averaged model is not the mean of the last 6 updates' J and b")
	}
	if mat.EqualApprox(avg.Model().J, plain.Model().J, 1e-6) {
		t.Error("the averaged J equals the last J: nothing was averaged")
	}
	if !mat.Equal(avg.Chains(), plain.Chains()) {
		t.Error("averaging changed the training chains")
	}
	bad := q
	bad.Average = 1.5
	if err := bad.Validate(); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "Average") {
		t.Errorf("Average 1.5: %v", err)
	}
}
