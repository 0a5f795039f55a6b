package nlm

import (
	"context"
	"errors"
	"math"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gonlm/gonlm/internal/inflight"

	"gonum.org/v1/gonum/mat"
)

// TestQuenchStepMatchesForce checks one noise-free float32 step against the
// float64 Euler step x + dt·F(x).
func TestQuenchStepMatchesForce(t *testing.T) { forPrecisions(t, testQuenchStepMatchesForce) }

func testQuenchStepMatchesForce(t *testing.T, p Precision) {
	// bf16 products: inputs rounded to 8 significant bits (relative error
	// 2⁻⁹), so dt·F is off by about 1e-4 here.
	tol := 2e-5
	if p == BF16 {
		tol = 5e-4
	}
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
					if math.Abs(x1.At(c, i)-want) > tol*(1+math.Abs(want)) {
						t.Fatalf("chain %d neuron %d: %v after a %v step, %v in float64", c, i, x1.At(c, i), p, want)
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
func TestEquilibrium(t *testing.T) { forPrecisions(t, testEquilibrium) }

func testEquilibrium(t *testing.T, p Precision) {
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
			checkPrecisionUsed(t, s, p)
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

// checkPrecisionUsed fails unless the sampler's products run in p.
func checkPrecisionUsed(t *testing.T, s *Sampler, p Precision) {
	t.Helper()
	if got := s.bt.BF16(); got != (p == BF16) {
		t.Fatalf("sampler built in %v has bf16 products: %v", p, got)
	}
}

// TestEquilibrium2D runs notebook 01's two-neuron machine (J = [[1.8,
// 0.6], [−0.4, 1.5]], T = 0.5, asymmetric couplings), 40 independent copies
// of it in one block-diagonal model of 80 neurons so that the products
// span several panels and k-steps, and applies a chi-square test to the
// joint histogram of each copy's (x₀, x₁), folded onto x₀ ≥ 0 (see fold),
// on 5×5 cells against the exact density exp(−E/T)/Z integrated on a
// grid. In bf16 the couplings
// themselves are rounded (1.8 → 1.796875, 0.6 → 0.6015625, −0.4 →
// −0.400390625), and the test shows that the samples still follow the
// float64 model's density within its statistical power (about 2% per
// cell).
func TestEquilibrium2D(t *testing.T) { forPrecisions(t, testEquilibrium2D) }

func testEquilibrium2D(t *testing.T, p Precision) {
	j2 := []float64{1.8, 0.6, -0.4, 1.5}
	const copies, T = 40, 0.5
	n := 2 * copies
	j := mat.NewDense(n, n, nil)
	for c := 0; c < copies; c++ {
		for a := 0; a < 2; a++ {
			for b := 0; b < 2; b++ {
				j.Set(2*c+a, 2*c+b, j2[2*a+b])
			}
		}
	}
	m, err := NewModelFrom(j)
	if err != nil {
		t.Fatal(err)
	}
	one, err := NewModelFrom(mat.NewDense(2, 2, j2))
	if err != nil {
		t.Fatal(err)
	}
	const chains, burn, thin, rounds = 64, 4000, 400, 20
	s, err := NewSampler(m, chains, Dynamics{T: T, Dt: 0.005, Threads: 2}, 777)
	if err != nil {
		t.Fatal(err)
	}
	checkPrecisionUsed(t, s, p)
	ctx := context.Background()
	if err := s.Run(ctx, burn); err != nil {
		t.Fatal(err)
	}
	var x0, x1 []float64
	for r := 0; r < rounds; r++ {
		if err := s.Run(ctx, thin); err != nil {
			t.Fatal(err)
		}
		raw := s.States().RawMatrix().Data
		for i := 0; i < len(raw); i += 2 {
			a, b := fold(raw[i], raw[i+1])
			x0, x1 = append(x0, a), append(x1, b)
		}
	}
	// The exact density on a grid, folded as the samples are, its
	// marginals' quintiles as cell edges.
	const lo, h, k = -6.0, 0.01, 1201
	w := make([]float64, k*k)
	z := 0.0
	xy := []float64{0, 0}
	idx := func(v float64) int { return int(math.Round((v - lo) / h)) }
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			xy[0], xy[1] = lo+float64(a)*h, lo+float64(b)*h
			e := math.Exp(-one.Energy(xy) / T)
			fa, fb := fold(xy[0], xy[1])
			w[idx(fa)*k+idx(fb)] += e
			z += e
		}
	}
	const bins = 5
	edges := func(axis int) []float64 {
		marg := make([]float64, k)
		for a := 0; a < k; a++ {
			for b := 0; b < k; b++ {
				if axis == 0 {
					marg[a] += w[a*k+b] / z
				} else {
					marg[b] += w[a*k+b] / z
				}
			}
		}
		var e []float64
		cum := 0.0
		for i, v := range marg {
			cum += v
			if len(e) < bins-1 && cum >= float64(len(e)+1)/bins {
				e = append(e, lo+float64(i)*h+h/2)
			}
		}
		return e
	}
	e0, e1 := edges(0), edges(1)
	prob := make([]float64, bins*bins)
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			c0 := sort.SearchFloat64s(e0, lo+float64(a)*h)
			c1 := sort.SearchFloat64s(e1, lo+float64(b)*h)
			prob[c0*bins+c1] += w[a*k+b] / z
		}
	}
	counts := make([]float64, bins*bins)
	for i := range x0 {
		counts[sort.SearchFloat64s(e0, x0[i])*bins+sort.SearchFloat64s(e1, x1[i])]++
	}
	chi2 := 0.0
	for c, n := range counts {
		exp := prob[c] * float64(len(x0))
		chi2 += (n - exp) * (n - exp) / exp
	}
	// 24 degrees of freedom: P(χ² > 51.2) = 0.001.
	if chi2 > 51.2 {
		t.Errorf("%v: chi-square %.1f with 24 dof exceeds the 0.1%% critical value 51.2; counts %v, probabilities %v", p, chi2, counts, prob)
	}
	t.Logf("%v (%s): chi-square %.1f (24 dof), %d samples", p, Backend(), chi2, len(x0))
}

// fold maps (x₀, x₁) to the half-plane x₀ ≥ 0 by x → −x, a symmetry of
// models without bias: chains cross between the two wells of
// TestEquilibrium2D's machine too rarely for the wells' shares to
// converge within the test, so it compares the density on one half.
func fold(x0, x1 float64) (float64, float64) {
	if x0 < 0 || x0 == 0 && x1 < 0 {
		return -x0, -x1
	}
	return x0, x1
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
		{"steps", "steps", func() error { s, _ := NewSampler(m, 1, PaperDynamics(), 1); return s.Run(context.Background(), -1) }},
		{"gen-steps", "steps", func() error { _, err := Generate(context.Background(), m, 1, -5, PaperDynamics(), 1); return err }},
		{"gen-n", "chains", func() error { _, err := Generate(context.Background(), m, 0, 5, PaperDynamics(), 1); return err }},
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

// TestAnnealSteps checks Sampler.Anneal step by step against samplers whose
// temperature is set by hand to the documented T_s = from + (T − from)·s/steps
// (the same noise stream: same seed): the first step runs at from, and an
// anneal from T itself is Run.
func TestAnnealSteps(t *testing.T) {
	m := randomModel(30, 2, true, 3)
	ctx := context.Background()
	newS := func(T float64) *Sampler {
		s, err := NewSampler(m, 5, Dynamics{T: T, Dt: 0.01, Threads: 1}, 9)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := newS(1)
	if err := a.Anneal(ctx, 4, 3); err != nil {
		t.Fatal(err)
	}
	b := newS(3)
	for _, T := range []float64{3, 2.5, 2, 1.5} {
		b.d.T = T
		if err := b.Run(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	if !mat.Equal(a.States(), b.States()) {
		t.Error("Anneal(4, from 3) at T = 1 differs from steps at T = 3, 2.5, 2, 1.5")
	}
	if a.Steps() != 4 || a.Dynamics().T != 1 {
		t.Errorf("after Anneal: %d steps, T = %v; want 4 and the sampler's T = 1 unchanged", a.Steps(), a.Dynamics().T)
	}
	c, d := newS(1), newS(1)
	if err := c.Anneal(ctx, 6, 1); err != nil {
		t.Fatal(err)
	}
	if err := d.Run(ctx, 6); err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(c.States(), d.States()) {
		t.Error("Anneal from T itself differs from Run")
	}
}

// TestAnnealVariance checks the anneal's temperatures through the physics:
// with J = 0 every neuron is an Ornstein–Uhlenbeck process,
// x ← (1 − dt)·x + sqrt(2·T_s·dt)·ξ, whose variance follows
// v ← (1 − dt)²·v + 2·T_s·dt from v = 1; the chains' sample variance after
// an anneal from 4 to 1 must match it (and not the variance without the
// anneal), within 5 standard errors.
func TestAnnealVariance(t *testing.T) {
	const n, chains, steps, dt, from, T = 40, 400, 150, 0.01, 4.0, 1.0
	m := NewModel(n, 0, 1)
	s, err := NewSampler(m, chains, Dynamics{T: T, Dt: dt}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Anneal(context.Background(), steps, from); err != nil {
		t.Fatal(err)
	}
	want, flat := 1.0, 1.0
	for i := 0; i < steps; i++ {
		want = (1-dt)*(1-dt)*want + 2*(from+(T-from)*float64(i)/steps)*dt
		flat = (1-dt)*(1-dt)*flat + 2*T*dt
	}
	got := 0.0
	x := s.States().RawMatrix().Data
	for _, v := range x {
		got += v * v
	}
	got /= float64(len(x))
	se := want * math.Sqrt(2/float64(len(x)))
	if math.Abs(got-want) > 5*se {
		t.Errorf("variance after the anneal %.4f, want %.4f ± %.4f (without the anneal: %.4f)", got, want, se, flat)
	}
	if math.Abs(want-flat) < 10*se {
		t.Fatalf("test too weak: annealed %.4f and flat %.4f variances are within 10 standard errors", want, flat)
	}
}

// TestPresetGenerateAnneal checks that Preset.Generate with AnnealSteps
// runs the anneal, the rest of GenSteps at T and the quench, in that order
// and as one progress call of GenSteps + Quench steps.
func TestPresetGenerateAnneal(t *testing.T) {
	m := randomModel(16, 2, true, 4)
	p := Preset{Name: "t", T: 1, Dt: 0.01, GenSteps: 20, Quench: 3, AnnealFrom: 1.5, AnnealSteps: 8}
	var last StepProgress
	ctx := WithProgress(context.Background(), func(sp StepProgress) { last = sp })
	got, err := p.Generate(ctx, m, 6, 2)
	if err != nil {
		t.Fatal(err)
	}
	if last.Op != "generate" || !last.Done || last.Step != 23 || last.Steps != 23 {
		t.Errorf("last progress report %+v, want generate, done, 23 of 23 steps", last)
	}
	s, err := NewSampler(m, 6, p.Dynamics(), 2)
	if err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	if err := s.Anneal(bg, 8, 1.5); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(bg, 12); err != nil {
		t.Fatal(err)
	}
	if err := s.Quench(bg, 3); err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(got.X, s.States()) {
		t.Error("Preset.Generate with an anneal differs from Anneal(8, 1.5) + Run(12) + Quench(3)")
	}
	p.AnnealFrom, p.AnnealSteps = 0, 0
	plain, err := p.Generate(bg, m, 6, 2)
	if err != nil {
		t.Fatal(err)
	}
	if mat.Equal(plain.X, got.X) {
		t.Error("the anneal changed nothing")
	}
	p.AnnealSteps = 21
	p.AnnealFrom = 1.5
	if _, err := p.Generate(bg, m, 6, 2); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "AnnealSteps") {
		t.Errorf("AnnealSteps > GenSteps: got %v, want an ErrInvalid naming AnnealSteps", err)
	}
}
