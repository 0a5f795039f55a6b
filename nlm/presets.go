package nlm

import (
	"context"
	"fmt"
	"math"
)

// Preset is a complete set of hyperparameters for Algorithm 1 (training) and
// Algorithm 2 (generation):
//
//   - data: the first P images of the digits Digits in the paper's order
//     (LoadDigits), pixels mapped to [−1, 1];
//   - model: N from the data, J_ij ~ N(0, G²/N), J_ii = 0, a bias when Bias;
//   - dynamics: temperature T, step Dt (Euler–Maruyama);
//   - learning: Chains persistent chains (initialised N(0, 1)), mini-batches
//     of Batch data rows, Steps Langevin steps of the chains per update,
//     J ← (1 − WeightDecay)·J − LR·(S(model) − S(data)), Epochs passes over
//     the shuffled data (⌊P/Batch⌋ updates each);
//   - generation: GenSteps steps at T from N(0, I), then Quench noise-free
//     steps (0 = none, as in the paper).
//
// Three training refinements go beyond the paper; their zero values give
// the paper's Algorithm 1 exactly:
//
//   - Reset ρ: before each update, ⌈ρ·M⌉ of the M persistent chains are
//     redrawn from N(0, I), in turn (update u resets chains u·r … u·r + r − 1
//     mod M, r = ⌈ρ·M⌉), so every chain restarts from noise every M/r updates
//     and its age is at most ⌈M/r⌉·Steps steps. Generation starts from noise;
//     chains that never restart never show the learning rule where chains
//     from noise go, and regions only such chains reach keep a low energy.
//   - Warmup w and FinalLR k₁: the learning rate of update u (0-based, of U =
//     Updates()) is k(u) = min(1, (u+1)/w) · (k₁ + (k − k₁)·½(1 + cos(π·u/U)))
//     when FinalLR > 0: a linear warm-up over the first w updates and a
//     cosine decay from LR to FinalLR; k(u) = FinalLR for u ≥ U (more epochs
//     set with Trainer.SetEpochs). FinalLR = 0 keeps k constant (after the
//     warm-up).
//   - Adam: the update of J and b follows Adam (Kingma & Ba, 2015) on the
//     gradient g = S(model) − S(data): J ← (1 − λ)J − k(u)·m̂/(√v̂ + ε), with
//     m̂ and v̂ the bias-corrected running means of g and g² (β₁ = 0.9,
//     β₂ = 0.999, ε = 10⁻⁸), entry by entry. Every entry then moves by about
//     k per update whatever the scale of its gradient, so LR is a step size
//     in units of J (about 10⁻⁴, not the 5·10⁻³ of plain gradient descent).
type Preset struct {
	Name        string
	Digits      []int
	P           int
	G           float64
	Bias        bool
	T, Dt       float64
	Steps       int
	LR          float64
	WeightDecay float64
	Batch       int
	Chains      int
	Epochs      int
	GenSteps    int
	Quench      int
	Reset       float64
	Warmup      int
	FinalLR     float64
	Adam        bool
}

// Paper is Table 1 of the paper: digits 1, 3, 6, P = 18000, N = 784, g = 2,
// dt = 0.01, T = 1, n_t = 10, k = 0.0005, λ = 2·10⁻⁶, B = M = 1000, 3000 epochs
// (54 000 updates, about 1.4·10¹⁵ flops: a GPU job; about 100 ms per update
// on a 2-core CPU here, i.e. 1.5 hours per 1000 epochs), and 25 000 generation
// steps (time 250).
var Paper = Preset{
	Name: "paper", Digits: []int{1, 3, 6}, P: 18000, G: 2,
	T: 1, Dt: 0.01, Steps: 10, LR: 0.0005, WeightDecay: 2e-6,
	Batch: 1000, Chains: 1000, Epochs: 3000, GenSteps: 25000,
}

// Quick produces recognisable 1/3/6 digits in under a minute on a 2-core CPU
// with AVX-512 (43 s measured), a few minutes elsewhere.
// Against Paper it trades: a 10× larger learning rate LR (0.005; 0.0075 and
// 0.01 diverge), 20 epochs instead of 3000, mini-batches and persistent chains
// of 500 instead of 1000 (720 updates in all, each half the cost: 0.7% of
// the protocol's work), and 200 noise-free steps after generation. See the
// package documentation for its measured cost and quality.
var Quick = Preset{
	Name: "quick", Digits: []int{1, 3, 6}, P: 18000, G: 2,
	T: 1, Dt: 0.01, Steps: 10, LR: 0.005, WeightDecay: 2e-6,
	Batch: 500, Chains: 500, Epochs: 20, GenSteps: 25000, Quench: 200,
}

// String lists the preset's hyperparameters in the paper's notation.
func (p Preset) String() string {
	bias := ""
	if p.Bias {
		bias = ", bias"
	}
	return fmt.Sprintf("preset %q: digits %v, P = %d, g = %g%s, T = %g, dt = %g, n_t = %d, k = %g, λ = %g, B = %d, M = %d, %d epochs (%d updates); generation %d steps + %d quench",
		p.Name, p.Digits, p.P, p.G, bias, p.T, p.Dt, p.Steps, p.LR, p.WeightDecay, p.Batch, p.Chains, p.Epochs, p.Updates(), p.GenSteps, p.Quench)
}

// Dynamics returns the preset's sampling dynamics (T, Dt, with the Onsager
// term, default threads).
func (p Preset) Dynamics() Dynamics { return Dynamics{T: p.T, Dt: p.Dt} }

// Updates returns the number of learning updates of the whole run,
// Epochs·⌊P/Batch⌋.
func (p Preset) Updates() int {
	if p.Batch <= 0 {
		return 0
	}
	return p.Epochs * (p.P / p.Batch)
}

// Validate checks every field of the preset.
func (p Preset) Validate() error {
	bad := func(f string, args ...any) error {
		return fmt.Errorf("nlm: preset %q: "+f, append([]any{p.Name}, args...)...)
	}
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !(p.T > 0) || !fin(p.T):
		return bad("temperature T must be finite and > 0, got %v", p.T)
	case !(p.Dt > 0) || !fin(p.Dt):
		return bad("time step Dt must be finite and > 0, got %v", p.Dt)
	case p.Steps <= 0:
		return bad("Steps (Langevin steps per update) must be > 0, got %d", p.Steps)
	case !(p.LR >= 0) || !fin(p.LR):
		return bad("learning rate LR must be finite and ≥ 0, got %v", p.LR)
	case !(p.Reset >= 0 && p.Reset <= 1):
		return bad("Reset (share of chains redrawn per update) must be in [0, 1], got %v", p.Reset)
	case p.Warmup < 0:
		return bad("Warmup must be ≥ 0 updates, got %d", p.Warmup)
	case !(p.FinalLR >= 0) || !fin(p.FinalLR):
		return bad("FinalLR must be finite and ≥ 0 (0 = no decay), got %v", p.FinalLR)
	case !(p.WeightDecay >= 0 && p.WeightDecay < 1):
		return bad("WeightDecay must be in [0, 1), got %v", p.WeightDecay)
	case p.Batch <= 0:
		return bad("Batch must be > 0, got %d", p.Batch)
	case p.Chains <= 0:
		return bad("Chains must be > 0, got %d", p.Chains)
	case p.Epochs < 0:
		return bad("Epochs must be ≥ 0, got %d", p.Epochs)
	case p.GenSteps < 0 || p.Quench < 0:
		return bad("GenSteps and Quench must be ≥ 0, got %d and %d", p.GenSteps, p.Quench)
	case !fin(p.G):
		return bad("G must be finite, got %v", p.G)
	}
	return nil
}

// LRAt returns the learning rate of update u (0-based) of a run of
// Updates() updates: LR, or LR after the warm-up and cosine decay set by
// Warmup and FinalLR (see Preset).
func (p Preset) LRAt(u int) float64 {
	return lrAt(p, u, p.Updates())
}

func lrAt(p Preset, u, total int) float64 {
	k := p.LR
	if p.FinalLR > 0 {
		if u >= total {
			k = p.FinalLR
		} else {
			k = p.FinalLR + (p.LR-p.FinalLR)*0.5*(1+math.Cos(math.Pi*float64(u)/float64(total)))
		}
	}
	if p.Warmup > 0 && u < p.Warmup {
		k *= float64(u+1) / float64(p.Warmup)
	}
	return k
}

// resetCount returns r = ⌈Reset·Chains⌉, the chains redrawn per update.
func (p Preset) resetCount() int {
	if p.Reset <= 0 {
		return 0
	}
	return min(p.Chains, int(math.Ceil(p.Reset*float64(p.Chains)-1e-9)))
}

// Data loads the preset's training data: LoadDigits(p.Digits, p.P).
func (p Preset) Data() (*Dataset, error) {
	return LoadDigits(p.Digits, p.P)
}

// NewModel returns a fresh model of n neurons initialised with the preset's
// gain G (and a zero bias when p.Bias).
func (p Preset) NewModel(n int, seed uint64) *Model {
	m := NewModel(n, p.G, seed)
	if p.Bias {
		m.EnableBias()
	}
	return m
}

// Generate runs Algorithm 2 with the preset's settings: n chains from
// N(0, I), p.GenSteps steps at temperature p.T, then p.Quench noise-free steps.
func (p Preset) Generate(ctx context.Context, m *Model, n int, seed uint64) (*Samples, error) {
	ctx = orBackground(ctx)
	defer track(ctx)()
	return generate(ctx, m, n, p.GenSteps, p.Quench, p.Dynamics(), seed)
}
