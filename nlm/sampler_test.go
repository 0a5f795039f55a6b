package nlm

import (
	"context"
	"errors"
	"math"
	"slices"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gonlm/gonlm/internal/inflight"

	"gonum.org/v1/gonum/mat"
)

// TestQuenchStepMatchesForce checks one noise-free float32 step against the
// float64 Euler step x + dt·F(x).
func TestQuenchStepMatchesForce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bias, ons bool
	}{{"onsager", false, true}, {"onsager-bias", true, true}, {"plain", false, false}, {"plain-bias", true, false}} {
		t.Run(tc.name, func(t *testing.T) {
			const n, chains, dt = 20, 3, 0.01
			m := randomModel(n, 1.5, tc.bias, 6)
			s, err := NewSampler(m, chains, Dynamics{T: 1, Dt: dt, NoOnsager: !tc.ons, Threads: 2}, 1)
			if err != nil {
				t.Fatal(err)
			}
			x0 := s.States()
			if err := s.Quench(context.Background(), 1); err != nil {
				t.Fatal(err)
			}
			x1 := s.States()
			f := make([]float64, n)
			for c := 0; c < chains; c++ {
				row := x0.RawRowView(c)
				m.Force(f, row, tc.ons)
				for i := range f {
					want := row[i] + dt*f[i]
					if math.Abs(x1.At(c, i)-want) > 2e-5*(1+math.Abs(want)) {
						t.Fatalf("chain %d neuron %d: %v after a float32 step, %v in float64", c, i, x1.At(c, i), want)
					}
				}
			}
		})
	}
}

// TestEnergiesMatchFloat64 compares the float32 energies with Model.Energy.
func TestEnergiesMatchFloat64(t *testing.T) {
	m := randomModel(30, 2, true, 2)
	s, err := NewSampler(m, 4, PaperDynamics(), 3)
	if err != nil {
		t.Fatal(err)
	}
	x := s.States()
	for c, e := range s.Energies() {
		if want := m.Energy(x.RawRowView(c)); math.Abs(e-want) > 1e-5*(1+want) {
			t.Errorf("chain %d: float32 energy %v, float64 %v", c, e, want)
		}
	}
}

// equilibriumCDF integrates exp(−E(x)/T) of a 1-neuron model on a fine grid
// and returns the grid and its normalised cumulative distribution.
func equilibriumCDF(m *Model, T float64) ([]float64, []float64) {
	const lo, hi, k = -12.0, 12.0, 240001
	xs := make([]float64, k)
	cdf := make([]float64, k)
	h := (hi - lo) / (k - 1)
	prev := 0.0
	for i := range xs {
		xs[i] = lo + float64(i)*h
		p := math.Exp(-m.Energy([]float64{xs[i]}) / T)
		if i > 0 {
			cdf[i] = cdf[i-1] + 0.5*(p+prev)*h // trapezoid rule
		}
		prev = p
	}
	z := cdf[k-1]
	for i := range cdf {
		cdf[i] /= z
	}
	return xs, cdf
}

// TestEquilibrium runs the float32 sampler (vectorised pass included) on
// models of 16 independent neurons (diagonal J, J_ii = j, b_i = b), whose
// one-neuron marginal exp(−E/T)/Z with E = ½(x − j·tanh x − b)² is known by
// numerical integration, and applies a chi-square goodness-of-fit test on
// equal-probability bins to all neurons' samples.
func TestEquilibrium(t *testing.T) {
	for _, tc := range []struct {
		name    string
		j, b, T float64
	}{
		{"double-well", 2, 0, 1},          // E = ½(x − 2 tanh x)²: modes near ±1.9
		{"bias", 1.5, 0.7, 1},             // asymmetric
		{"deep-double-well", 2.5, 0, 0.6}, // deeper wells
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 16
			j := mat.NewDense(n, n, nil)
			b := mat.NewVecDense(n, nil)
			for i := 0; i < n; i++ {
				j.Set(i, i, tc.j)
				b.SetVec(i, tc.b)
			}
			m, err := NewModelFrom(j)
			if err != nil {
				t.Fatal(err)
			}
			if tc.b != 0 {
				m.B = b
			}
			one, _ := NewModelFrom(mat.NewDense(1, 1, []float64{tc.j}))
			if tc.b != 0 {
				one.B = mat.NewVecDense(1, []float64{tc.b})
			}
			const chains, burn, thin, rounds, bins = 128, 4000, 400, 20, 25
			s, err := NewSampler(m, chains, Dynamics{T: tc.T, Dt: 0.005, Threads: 2}, 12345)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if err := s.Run(ctx, burn); err != nil {
				t.Fatal(err)
			}
			var samples []float64
			for r := 0; r < rounds; r++ {
				if err := s.Run(ctx, thin); err != nil {
					t.Fatal(err)
				}
				samples = append(samples, s.States().RawMatrix().Data...)
			}
			xs, cdf := equilibriumCDF(one, tc.T)
			// Bin edges at the quantiles k/bins of the exact distribution.
			edges := make([]float64, bins-1)
			for k := range edges {
				q := float64(k+1) / bins
				i := sort.SearchFloat64s(cdf, q)
				edges[k] = xs[i]
			}
			counts := make([]float64, bins)
			for _, x := range samples {
				counts[sort.SearchFloat64s(edges, x)]++
			}
			exp := float64(len(samples)) / bins
			chi2 := 0.0
			for _, c := range counts {
				chi2 += (c - exp) * (c - exp) / exp
			}
			// 24 degrees of freedom: P(χ² > 51.2) = 0.001.
			if chi2 > 51.2 {
				t.Errorf("chi-square %.1f with %d dof exceeds the 0.1%% critical value 51.2; counts %v (expected %.0f each)", chi2, bins-1, counts, exp)
			}
			t.Logf("chi-square %.1f (24 dof)", chi2)
		})
	}
}

func TestSamplerDeterminism(t *testing.T) {
	m := randomModel(50, 2, false, 1)
	run := func(seed uint64, threads int) *mat.Dense {
		s, err := NewSampler(m, 7, Dynamics{T: 1, Dt: 0.01, Threads: threads}, seed)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Run(context.Background(), 30); err != nil {
			t.Fatal(err)
		}
		return s.States()
	}
	a, b := run(5, 2), run(5, 2)
	if !mat.Equal(a, b) {
		t.Error("same seed and threads gave different states")
	}
	if mat.Equal(a, run(6, 2)) {
		t.Error("different seeds gave the same states")
	}
	// Rows have their own random streams, so the thread count does not change
	// the element-wise part; only the BLAS may round differently.
	if c := run(5, 1); !mat.EqualApprox(a, c, 1e-3) {
		t.Error("1 and 2 threads differ by more than rounding")
	}
}

func TestRecording(t *testing.T) {
	m := randomModel(10, 2, false, 1)
	s, err := NewSampler(m, 3, PaperDynamics(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Record(Recording{Every: 5, From: 10, Chains: []int{2}, Neurons: []int{0, 7}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), 32); err != nil {
		t.Fatal(err)
	}
	tr := s.Trajectory()
	if want := []int{10, 15, 20, 25, 30}; !slices.Equal(tr.Steps, want) {
		t.Fatalf("recorded steps %v, want %v", tr.Steps, want)
	}
	if tm := tr.Times(); math.Abs(tm[0]-0.1) > 1e-12 {
		t.Errorf("time of step 10 = %v, want 0.1", tm[0])
	}
	x, err := tr.Chain(0)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := x.Dims(); r != 5 || c != 2 {
		t.Fatalf("trajectory is %d×%d, want 5×2", r, c)
	}
	last := s.States()
	if !(s.Steps() == 32) {
		t.Errorf("Steps() = %d", s.Steps())
	}
	// Frame at step 30 is not the final state (32), but replaying gives it.
	s2, _ := NewSampler(m, 3, PaperDynamics(), 1)
	s2.Run(context.Background(), 30)
	if got, want := x.At(4, 1), s2.States().At(2, 7); got != want {
		t.Errorf("recorded x_7 of chain 2 at step 30 = %v, replay %v", got, want)
	}
	_ = last
	if _, err := tr.Chain(1); err == nil {
		t.Error("Chain(1) of one recorded chain: no error")
	}
}

func TestSetStates(t *testing.T) {
	m := randomModel(4, 1, false, 1)
	s, _ := NewSampler(m, 2, PaperDynamics(), 1)
	x := mat.NewDense(2, 4, []float64{1, 2, 3, 4, -1, -2, -3, -4})
	if err := s.SetStates(x); err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(s.States(), x) {
		t.Error("States after SetStates differ")
	}
	if err := s.SetStates(mat.NewDense(3, 4, nil)); err == nil {
		t.Error("wrong shape accepted")
	}
	if err := s.SetStates(mat.NewDense(2, 4, []float64{math.NaN(), 0, 0, 0, 0, 0, 0, 0})); err == nil {
		t.Error("NaN accepted")
	}
}

// counter is an inflight.Tracker, like the kernel's; it counts calls.
type counter struct {
	begins, ends atomic.Int32
}

func (c *counter) Begin() func() {
	c.begins.Add(1)
	return func() { c.ends.Add(1) }
}

func TestTrackBeginEnd(t *testing.T) {
	m := randomModel(16, 2, false, 1)
	data := mat.NewDense(8, 16, nil)
	p := Preset{Name: "t", T: 1, Dt: 0.01, StepsPerUpdate: 2, LR: 0.01, Batch: 4, Chains: 4, Epochs: 1, GenSteps: 3}
	calls := []struct {
		name string
		f    func(ctx context.Context) error
	}{
		{"Sampler.Run", func(ctx context.Context) error {
			s, _ := NewSampler(m, 2, PaperDynamics(), 1)
			return s.Run(ctx, 3)
		}},
		{"Sampler.Quench", func(ctx context.Context) error {
			s, _ := NewSampler(m, 2, PaperDynamics(), 1)
			return s.Quench(ctx, 3)
		}},
		{"Generate", func(ctx context.Context) error { _, err := Generate(ctx, m, 2, 3, PaperDynamics(), 1); return err }},
		{"Preset.Generate", func(ctx context.Context) error { _, err := p.Generate(ctx, m, 2, 1); return err }},
		{"Trainer.Train", func(ctx context.Context) error {
			tr, err := NewTrainer(m.Clone(), data, p, nil)
			if err != nil {
				return err
			}
			return tr.Train(ctx)
		}},
		{"Train", func(ctx context.Context) error { _, err := Train(ctx, m.Clone(), data, p, nil); return err }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			tr := &counter{}
			if err := c.f(inflight.WithTracker(context.Background(), tr)); err != nil {
				t.Fatal(err)
			}
			if b, e := tr.begins.Load(), tr.ends.Load(); b < 1 || b != e {
				t.Errorf("Begin called %d times, its end %d times; want ≥ 1 and equal", b, e)
			}
		})
	}
}

// TestCancelLatency cancels long runs and checks they return ctx.Err()
// promptly (generous bound: 100 ms plus one step, measured).
func TestCancelLatency(t *testing.T) {
	m := NewModel(784, 2, 1)
	for _, chains := range []int{36, 300} {
		s, err := NewSampler(m, chains, Dynamics{T: 1, Dt: 0.01, Threads: 2}, 1)
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		s.Run(context.Background(), 3)
		step := time.Since(t0) / 3
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan time.Time, 1)
		var runErr error
		go func() {
			runErr = s.Run(ctx, 1<<30)
			done <- time.Now()
		}()
		time.Sleep(50 * time.Millisecond)
		cancel()
		at := time.Now()
		end := <-done
		lat := end.Sub(at)
		if !errors.Is(runErr, context.Canceled) {
			t.Errorf("Run returned %v, want context.Canceled", runErr)
		}
		if lat > 100*time.Millisecond+2*step {
			t.Errorf("%d chains: returned %v after cancel (one step takes %v)", chains, lat, step)
		}
		t.Logf("%d chains: cancel latency %v, step %v", chains, lat, step)
	}
}

func TestSamplerErrors(t *testing.T) {
	m := NewModel(4, 1, 1)
	checkErrors(t, []errorCase{
		{"T0", "temperature", func() error { _, err := NewSampler(m, 1, Dynamics{T: 0, Dt: 0.1}, 1); return err }},
		{"Tneg", "temperature", func() error { _, err := NewSampler(m, 1, Dynamics{T: -1, Dt: 0.1}, 1); return err }},
		{"Tnan", "temperature", func() error { _, err := NewSampler(m, 1, Dynamics{T: math.NaN(), Dt: 0.1}, 1); return err }},
		{"dt0", "Dt", func() error { _, err := NewSampler(m, 1, Dynamics{T: 1, Dt: 0}, 1); return err }},
		{"dtinf", "Dt", func() error { _, err := NewSampler(m, 1, Dynamics{T: 1, Dt: math.Inf(1)}, 1); return err }},
		{"threads", "Threads", func() error { _, err := NewSampler(m, 1, Dynamics{T: 1, Dt: 1, Threads: -1}, 1); return err }},
		{"chains", "chains", func() error { _, err := NewSampler(m, 0, PaperDynamics(), 1); return err }},
		{"nil-model", "nil", func() error { _, err := NewSampler(nil, 1, PaperDynamics(), 1); return err }},
		{"nan-model", "non-finite", func() error {
			_, err := NewSampler(&Model{J: mat.NewDense(1, 1, []float64{math.NaN()})}, 1, PaperDynamics(), 1)
			return err
		}},
		{"steps", "steps", func() error { s, _ := NewSampler(m, 1, PaperDynamics(), 1); return s.Run(nil, -1) }},
		{"gen-steps", "steps", func() error { _, err := Generate(nil, m, 1, -5, PaperDynamics(), 1); return err }},
		{"gen-n", "chains", func() error { _, err := Generate(nil, m, 0, 5, PaperDynamics(), 1); return err }},
		{"record-every", "Every", func() error { s, _ := NewSampler(m, 1, PaperDynamics(), 1); return s.Record(Recording{}) }},
		{"record-chain", "chain 3", func() error {
			s, _ := NewSampler(m, 1, PaperDynamics(), 1)
			return s.Record(Recording{Every: 1, Chains: []int{3}})
		}},
		{"record-neuron", "neuron -1", func() error {
			s, _ := NewSampler(m, 1, PaperDynamics(), 1)
			return s.Record(Recording{Every: 1, Neurons: []int{-1}})
		}},
		{"refresh-n", "N = 5", func() error {
			mm := NewModel(4, 1, 1)
			s, _ := NewSampler(mm, 1, PaperDynamics(), 1)
			mm.J = mat.NewDense(5, 5, nil)
			return s.Refresh()
		}},
	})
}

func TestGenerateSamples(t *testing.T) {
	m := NewModel(784, 2, 1)
	s, err := Generate(context.Background(), m, 4, 20, PaperDynamics(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 4 || s.Rows != 28 || s.Cols != 28 {
		t.Fatalf("samples: %d of %d×%d, want 4 of 28×28", s.Len(), s.Rows, s.Cols)
	}
	v := s.Values()
	for i, x := range s.X.RawMatrix().Data {
		if v.RawMatrix().Data[i] != math.Tanh(x) {
			t.Fatal("Values is not tanh(X)")
		}
	}
	img, err := s.Grid(2)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 56 || b.Dy() < 56 {
		t.Errorf("grid image is %v", b)
	}
	if r, c := imageShapeOf(10); r != 1 || c != 10 {
		t.Errorf("shape of 10 neurons %d×%d, want 1×10", r, c)
	}
	if r, c := imageShapeOf(16); r != 4 || c != 4 {
		t.Errorf("shape of 16 neurons %d×%d, want 4×4", r, c)
	}
}
