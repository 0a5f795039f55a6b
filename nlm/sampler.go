package nlm

import (
	"context"
	"fmt"
	"math"
	"runtime"

	"github.com/gonlm/gonlm/internal/inflight"

	"github.com/gonlm/gonlm/nlm/internal/engine"
	"github.com/gonlm/gonlm/nlm/internal/finite"
	"gonum.org/v1/gonum/mat"
)

// track tells the inflight.Tracker that ctx carries, if any (the kernel puts
// one in every cell's context), that a long-running compiled call is in
// flight; the returned function marks its end.
func track(ctx context.Context) func() { return inflight.Begin(ctx) }

// orBackground replaces a nil context by context.Background().
func orBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// MaxDefaultThreads caps the default thread count (runtime.NumCPU()) used
// when Dynamics.Threads is 0.
const MaxDefaultThreads = 8

// DefaultThreads returns the thread count used when Threads is 0:
// runtime.NumCPU() capped at MaxDefaultThreads.
func DefaultThreads() int {
	t := runtime.NumCPU()
	if t > MaxDefaultThreads {
		t = MaxDefaultThreads
	}
	if t < 1 {
		t = 1
	}
	return t
}

// Dynamics are the parameters of the Langevin dynamics
//
//	dx/dt = F(x) + η(t),   ⟨η_i(t) η_j(t')⟩ = 2T δ_ij δ(t − t'),
//
// with F = −∇E, integrated by Euler–Maruyama with step Dt:
//
//	x ← x + Dt·F(x) + sqrt(2·T·Dt)·ξ,   ξ ~ N(0, I).
//
// Its stationary distribution is P(x) ∝ exp(−E(x)/T). NoOnsager drops the
// Onsager term of F (see Model.Force), giving the plain chaotic rate dynamics.
// Threads is the number of threads (goroutines, each taking its share of the
// chains, or of the products' columns for small batches); 0 means
// DefaultThreads(). Results are bit-identical for the same seed and thread
// count (where the step runs on the package's own kernel, also across
// thread counts).
type Dynamics struct {
	T, Dt     float64
	NoOnsager bool
	Threads   int
}

// PaperDynamics returns the paper's dynamics: T = 1, dt = 0.01, with the
// Onsager term.
func PaperDynamics() Dynamics { return Dynamics{T: 1, Dt: 0.01} }

// Validate checks T > 0, Dt > 0 (both finite) and Threads ≥ 0.
func (d Dynamics) Validate() error {
	if !(d.T > 0) || math.IsInf(d.T, 0) {
		return fmt.Errorf("nlm: %w: temperature T must be finite and > 0, got %v (the paper uses T = 1)", ErrInvalid, d.T)
	}
	if !(d.Dt > 0) || math.IsInf(d.Dt, 0) {
		return fmt.Errorf("nlm: %w: time step Dt must be finite and > 0, got %v (the paper uses Dt = 0.01)", ErrInvalid, d.Dt)
	}
	if d.Threads < 0 {
		return fmt.Errorf("nlm: %w: Threads must be ≥ 0 (0 = default), got %d", ErrInvalid, d.Threads)
	}
	return nil
}

func (d Dynamics) threads() int {
	if d.Threads > 0 {
		return d.Threads
	}
	return DefaultThreads()
}

// Recording asks a Sampler to record its trajectory: after every step whose
// (cumulative) step count s satisfies s ≥ From and s % Every == 0, the values
// x_i of the chosen chains and neurons are stored. Chains and Neurons nil mean
// all of them.
type Recording struct {
	Every   int
	From    int
	Chains  []int
	Neurons []int
}

// Trajectory is what a Sampler recorded: Steps[f] is the cumulative step
// count of frame f; Chain(k) gives the frames of the k-th recorded chain.
type Trajectory struct {
	Steps   []int
	Chains  []int
	Neurons []int
	Dt      float64
	data    [][]float64 // per recorded chain: frames × len(Neurons), row-major
}

// Len returns the number of recorded frames.
func (t *Trajectory) Len() int { return len(t.Steps) }

// Times returns the time Steps[f]·Dt of each frame.
func (t *Trajectory) Times() []float64 {
	out := make([]float64, len(t.Steps))
	for i, s := range t.Steps {
		out[i] = float64(s) * t.Dt
	}
	return out
}

// Chain returns the trajectory of the k-th recorded chain (k indexes
// t.Chains) as a frames × len(Neurons) matrix, one state per row, or an error
// when k is out of range or nothing was recorded.
func (t *Trajectory) Chain(k int) (*mat.Dense, error) {
	if k < 0 || k >= len(t.data) {
		return nil, fmt.Errorf("nlm: Trajectory.Chain: %w: index %d out of range [0, %d)", ErrInvalid, k, len(t.data))
	}
	if len(t.Steps) == 0 {
		return nil, fmt.Errorf("nlm: Trajectory.Chain: %w: no frames recorded yet", ErrInvalid)
	}
	return mat.NewDense(len(t.Steps), len(t.Neurons), append([]float64(nil), t.data[k]...)), nil
}

// Sampler advances a batch of Langevin chains (Dynamics) under a model's
// couplings, in float32 with fused passes (see package doc for the cost).
// A Sampler is not safe for concurrent use.
type Sampler struct {
	model *Model
	d     Dynamics
	c     *engine.Couplings
	bt    *engine.Batch
	steps int
	rec   *Recording
	traj  *Trajectory
}

// NewSampler returns a sampler of chains independent chains for m, with
// states initialised i.i.d. N(0, 1) from seed. It packs a float32 copy of m's
// couplings; call Refresh after changing m.
func NewSampler(m *Model, chains int, d Dynamics, seed uint64) (*Sampler, error) {
	if err := m.Validate(); err != nil {
		return nil, inFn("NewSampler", err)
	}
	if err := d.Validate(); err != nil {
		return nil, inFn("NewSampler", err)
	}
	if chains <= 0 {
		return nil, fmt.Errorf("nlm: NewSampler: %w: number of chains must be > 0, got %d", ErrInvalid, chains)
	}
	if err := checkMemory("NewSampler", "chains × N", chains, m.N(), samplerBytes); err != nil {
		return nil, err
	}
	s := &Sampler{model: m, d: d, c: m.couplings32(d.threads())}
	s.bt = engine.NewBatch(chains, m.N(), d.threads(), seed)
	s.bt.SetBF16(useBF16())
	s.bt.InitNormal()
	return s, nil
}

// Refresh re-packs the model's couplings (after J or B was changed).
func (s *Sampler) Refresh() error {
	if err := s.model.Validate(); err != nil {
		return inFn("Refresh", err)
	}
	if s.model.N() != s.c.N {
		return fmt.Errorf("nlm: Sampler.Refresh: %w: model now has N = %d, sampler was built for %d", ErrInvalid, s.model.N(), s.c.N)
	}
	if (s.model.B != nil) != (s.c.Bias != nil) {
		s.c = s.model.couplings32(s.d.threads())
		return nil
	}
	s.model.pack(s.c)
	return nil
}

// Chains returns the number of chains.
func (s *Sampler) Chains() int { return s.bt.B }

// String describes the sampler in one line (what a notebook shows for it).
func (s *Sampler) String() string {
	if s == nil || s.bt == nil {
		return "nlm.Sampler(nil)"
	}
	return fmt.Sprintf("nlm.Sampler: %d chains of N = %d, T = %g, dt = %g, %d steps taken", s.bt.B, s.bt.N, s.d.T, s.d.Dt, s.steps)
}

// Steps returns the number of steps taken so far (Run and Quench).
func (s *Sampler) Steps() int { return s.steps }

// Dynamics returns the sampler's dynamics.
func (s *Sampler) Dynamics() Dynamics { return s.d }

// States returns a copy of the chains' states x (chains × N, one per row).
func (s *Sampler) States() *mat.Dense {
	out := mat.NewDense(s.bt.B, s.bt.N, nil)
	raw := out.RawMatrix().Data
	for i, v := range s.bt.X {
		raw[i] = float64(v)
	}
	return out
}

// SetStates replaces the chains' states by the rows of x (chains × N, finite).
func (s *Sampler) SetStates(x mat.Matrix) error {
	if x == nil {
		return fmt.Errorf("nlm: SetStates: %w: x is nil, want a chains × N = %d×%d matrix", ErrInvalid, s.bt.B, s.bt.N)
	}
	r, c := x.Dims()
	if r != s.bt.B || c != s.bt.N {
		return fmt.Errorf("nlm: SetStates: %w: x is %d×%d, want chains × N = %d×%d", ErrShape, r, c, s.bt.B, s.bt.N)
	}
	if i, j, bad := finite.Find(x); bad {
		return fmt.Errorf("nlm: SetStates: %w: x has a non-finite value at (%d, %d)", ErrNonFinite, i, j)
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			s.bt.X[i*c+j] = float32(x.At(i, j))
		}
	}
	s.bt.RefreshP()
	return nil
}

// Record starts recording the trajectory (see Recording); it replaces an
// earlier recording.
func (s *Sampler) Record(r Recording) error {
	if r.Every <= 0 {
		return fmt.Errorf("nlm: Record: %w: Every must be > 0, got %d", ErrInvalid, r.Every)
	}
	if r.From < 0 {
		return fmt.Errorf("nlm: Record: %w: From must be ≥ 0, got %d", ErrInvalid, r.From)
	}
	chains := r.Chains
	if chains == nil {
		chains = seq(s.bt.B)
	}
	neurons := r.Neurons
	if neurons == nil {
		neurons = seq(s.bt.N)
	}
	for _, c := range chains {
		if c < 0 || c >= s.bt.B {
			return fmt.Errorf("nlm: Record: %w: chain %d out of range [0, %d)", ErrInvalid, c, s.bt.B)
		}
	}
	for _, n := range neurons {
		if n < 0 || n >= s.bt.N {
			return fmt.Errorf("nlm: Record: %w: neuron %d out of range [0, %d)", ErrInvalid, n, s.bt.N)
		}
	}
	r.Chains = append([]int(nil), chains...)
	r.Neurons = append([]int(nil), neurons...)
	s.rec = &r
	s.traj = &Trajectory{Chains: r.Chains, Neurons: r.Neurons, Dt: s.d.Dt, data: make([][]float64, len(chains))}
	return nil
}

// Trajectory returns what was recorded so far (nil without Record).
func (s *Sampler) Trajectory() *Trajectory { return s.traj }

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func (s *Sampler) record() {
	r := s.rec
	if r == nil || s.steps < r.From || s.steps%r.Every != 0 {
		return
	}
	t := s.traj
	t.Steps = append(t.Steps, s.steps)
	n := s.bt.N
	for k, c := range r.Chains {
		row := s.bt.X[c*n : c*n+n]
		for _, i := range r.Neurons {
			t.data[k] = append(t.data[k], float64(row[i]))
		}
	}
}

// Run advances every chain by steps Euler–Maruyama steps at the sampler's
// temperature. It checks ctx before every step and returns ctx.Err() when it
// is cancelled, with the chains as of the last completed step. It reports
// its progress to the function ctx carries (see WithProgress).
func (s *Sampler) Run(ctx context.Context, steps int) error {
	ctx = orBackground(ctx)
	defer track(ctx)()
	return s.runReported(ctx, "run", steps, 0)
}

// Quench runs steps noise-free steps (T = 0: gradient descent on E with step
// Dt, or the plain rate dynamics with NoOnsager), which removes the pixel
// noise of samples taken at T > 0. Cancellation and progress as in Run.
func (s *Sampler) Quench(ctx context.Context, steps int) error {
	ctx = orBackground(ctx)
	defer track(ctx)()
	return s.runReported(ctx, "quench", 0, steps)
}

// Anneal advances every chain by steps steps whose temperature moves
// linearly from from to the sampler's T: step s (0-based) runs at
//
//	T_s = from + (T − from)·s/steps,
//
// so the first step runs at from and the last one at T + (from − T)/steps;
// Run continues at T. Starting hot (from > T) lets chains started from
// noise spread over the basins of every digit before T decides between
// them (Preset.AnnealFrom). from must be finite and > 0. Cancellation and
// progress as in Run (its reports' Op is "anneal").
func (s *Sampler) Anneal(ctx context.Context, steps int, from float64) error {
	ctx = orBackground(ctx)
	defer track(ctx)()
	if !(from > 0) || math.IsInf(from, 0) {
		return fmt.Errorf("nlm: Sampler.Anneal: %w: start temperature must be finite and > 0, got %v", ErrInvalid, from)
	}
	return s.runSchedule(ctx, "anneal", steps, from, 0, 0)
}

// runReported runs steps steps at the sampler's temperature, then quench
// noise-free steps, as one call op for the progress reports.
func (s *Sampler) runReported(ctx context.Context, op string, steps, quench int) error {
	return s.runSchedule(ctx, op, 0, 0, steps, quench)
}

// runSchedule runs anneal steps annealed from temperature from to the
// sampler's T (see Anneal), then steps steps at T, then quench noise-free
// steps, as one call op for the progress reports.
func (s *Sampler) runSchedule(ctx context.Context, op string, anneal int, from float64, steps, quench int) error {
	if anneal < 0 || steps < 0 || quench < 0 {
		fn := map[string]string{"run": "Run", "quench": "Quench", "anneal": "Anneal", "generate": "Generate"}[op]
		return fmt.Errorf("nlm: Sampler.%s: %w: number of steps must be ≥ 0, got %d", fn, ErrInvalid, min(anneal, steps, quench))
	}
	r := newStepReporter(ctx, op, anneal+steps+quench, s.bt.B)
	first := s.steps
	err := s.run(ctx, anneal, from, s.d.T, r, 0)
	if err == nil {
		err = s.run(ctx, steps, s.d.T, s.d.T, r, anneal)
	}
	if err == nil {
		err = s.run(ctx, quench, 0, 0, r, anneal+steps)
	}
	r.finish(s.steps - first)
	return err
}

// run takes steps steps, step i at temperature t0 + (t1 − t0)·i/steps
// (t0 throughout when t1 == t0); r (nil: none) hears of them as steps
// offset+1, offset+2, … of its call.
func (s *Sampler) run(ctx context.Context, steps int, t0, t1 float64, r *stepReporter, offset int) error {
	for i := 0; i < steps; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		T := t0
		if t1 != t0 {
			T = t0 + (t1-t0)*float64(i)/float64(steps)
		}
		s.bt.Step(s.c, T, s.d.Dt, !s.d.NoOnsager)
		s.steps++
		s.record()
		r.step(offset + i + 1)
	}
	return nil
}

// Energies returns E(x) of every chain, computed in float32 from the
// sampler's working copy of the couplings (with float32 products in
// either precision: energies are a measurement, not the hot loop).
func (s *Sampler) Energies() []float64 {
	s.bt.ResidualFloat32(s.c)
	n := s.bt.N
	out := make([]float64, s.bt.B)
	for b := range out {
		e := 0.0
		for _, v := range s.bt.R[b*n : b*n+n] {
			e += float64(v) * float64(v)
		}
		out[b] = 0.5 * e
	}
	return out
}
