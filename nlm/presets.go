package nlm

import (
	"context"
	"fmt"
	"math"

	"github.com/gonlm/gonlm/nlm/mnist"
)

// Preset is a complete set of hyperparameters for Algorithm 1 (training) and
// Algorithm 2 (generation). Field names are Go's; the paper's symbol of each
// is in its comment.
//
// Training runs Epochs passes over the P shuffled images, ⌊P/Batch⌋ updates
// each; every update advances the Chains persistent chains (initialised
// N(0, 1)) by StepsPerUpdate Langevin steps at temperature T and applies
//
//	J ← (1 − WeightDecay)·J − LR·(S(X_model) − S(X_data)).
//
// Generation runs GenSteps steps at T from N(0, I), then Quench noise-free
// steps (0 = none, as in the paper).
//
// Four training refinements go beyond the paper; their zero values give the
// paper's Algorithm 1 exactly:
//
//   - Reset ρ: before each update, r = ⌈ρ·M⌉ of the M persistent chains are
//     redrawn from N(0, I), in turn (update u redraws chains u·r … u·r + r − 1
//     mod M), so every chain restarts from noise every M/r updates and is at
//     most ⌈M/r⌉·n_t steps old. Generation starts from noise; chains that
//     never restart never show the learning rule where chains from noise go,
//     and regions that only such chains reach keep a low energy.
//   - Warmup w and FinalLR k₁: the learning rate of update u (0-based, of
//     U = Updates()) is k(u) = min(1, (u+1)/w) · (k₁ + (k − k₁)·½(1 + cos(π·u/U)))
//     when FinalLR > 0: a linear warm-up over the first w updates and a
//     cosine decay from LR to FinalLR; k(u) = FinalLR for u ≥ U (more epochs
//     set with Trainer.SetEpochs). FinalLR = 0 keeps k constant after the
//     warm-up.
//   - Adam: J and b follow Adam (Kingma & Ba, 2015) on the gradient
//     g = S(X_model) − S(X_data): J ← (1 − λ)J − k(u)·m̂/(√v̂ + ε), with m̂ and
//     v̂ the bias-corrected running means of g and g² (β₁ = 0.9, β₂ = 0.999,
//     ε = 10⁻⁸), entry by entry. Every entry then moves by about k per update
//     whatever the scale of its gradient, so LR is a step size in units of J
//     (about 10⁻⁴, not the 5·10⁻³ of plain gradient descent).
type Preset struct {
	Name           string
	Digits         []int   // the MNIST digits trained on (the paper: 1, 3, 6)
	P              int     // P, the number of training images (mnist.LoadDigits)
	G              float64 // g, the gain of the initial couplings J_ij ~ N(0, g²/N), J_ii = 0
	Bias           bool    // a learned bias b in h = Jφ(x) + b (not in the paper)
	T              float64 // T, the temperature
	Dt             float64 // dt, the Euler–Maruyama time step
	StepsPerUpdate int     // n_t, Langevin steps of the chains per update
	LR             float64 // k, the learning rate
	WeightDecay    float64 // λ, the weight decay
	Batch          int     // B, data images per mini-batch
	Chains         int     // M, persistent chains
	Epochs         int     // passes over the data
	GenSteps       int     // generation steps (the paper's figures: 25 000)
	Quench         int     // noise-free steps after generation
	Reset          float64 // ρ, the share of chains redrawn from N(0, I) before each update
	Warmup         int     // updates of linear learning-rate warm-up
	FinalLR        float64 // k₁, the learning rate the cosine decay ends at (0 = no decay)
	Adam           bool    // Adam's update instead of plain gradient descent
}

// Paper is Table 1 of the paper: digits 1, 3, 6, P = 18000, N = 784, g = 2,
// dt = 0.01, T = 1, n_t = 10, k = 0.0005, λ = 2·10⁻⁶, B = M = 1000, 3000 epochs
// (54 000 updates, about 1.4·10¹⁵ flops: a GPU job, 285 s on an H100 by the
// authors' report; CPU times in nlm/bench/README.md), and 25 000 generation
// steps (time 250).
var Paper = Preset{
	Name: "paper", Digits: []int{1, 3, 6}, P: 18000, G: 2,
	T: 1, Dt: 0.01, StepsPerUpdate: 10, LR: 0.0005, WeightDecay: 2e-6,
	Batch: 1000, Chains: 1000, Epochs: 3000, GenSteps: 25000,
}

// Quick produces recognisable 1/3/6 digits in under a minute on a 2-core CPU
// with AVX-512 (43 s measured on a Xeon, nlm/bench/README.md), a few minutes
// elsewhere. It keeps the paper's model, data and dynamics and trades
// training time: a 10× larger learning rate (k = 0.005; 0.0075 and 0.01
// diverge in the first epochs), 20 epochs instead of 3000, mini-batches and
// persistent chains of 500 instead of 1000 (720 updates in all, each half the
// cost: 0.7% of the protocol's work), and 200 noise-free steps after
// generation that remove the pixel noise of T = 1.
//
// Quality of 100 samples by the nearest-neighbour report
// (analysis.Reference.Quality against the 18 000 training images, calibrated
// on MNIST test digits):
//
//	class   share   conf
//	    1   35.0%   1.00
//	    3   26.0%   1.00
//	    6   23.0%   0.99
//	    ?   16.0%      -   unrecognised
//	confidence 0.84   inverted 45.0%   novelty 1.44
//
// What it trades away: the couplings are far from converged, so some
// samples are blends of two digits or unrecognisable, and about half are
// inverted (no bias, as in the paper). Measured alternatives of the same
// budget: B = M = 1000 for 20 epochs (4.5 minutes) gave 91% recognised but
// few 3s (1: 40%, 3: 7%, 6: 44% of 200 samples); 40 such epochs were no
// better; B = M = 250 lost the 1s (38% unrecognised).
var Quick = Preset{
	Name: "quick", Digits: []int{1, 3, 6}, P: 18000, G: 2,
	T: 1, Dt: 0.01, StepsPerUpdate: 10, LR: 0.005, WeightDecay: 2e-6,
	Batch: 500, Chains: 500, Epochs: 20, GenSteps: 25000, Quench: 200,
}

// String lists the preset's hyperparameters in the paper's notation.
func (p Preset) String() string {
	bias := ""
	if p.Bias {
		bias = ", bias"
	}
	return fmt.Sprintf("preset %q: digits %v, P = %d, g = %g%s, T = %g, dt = %g, n_t = %d, k = %g, λ = %g, B = %d, M = %d, %d epochs (%d updates); generation %d steps + %d quench",
		p.Name, p.Digits, p.P, p.G, bias, p.T, p.Dt, p.StepsPerUpdate, p.LR, p.WeightDecay, p.Batch, p.Chains, p.Epochs, p.Updates(), p.GenSteps, p.Quench)
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
		return fmt.Errorf("nlm: preset %q: %w: "+f, append([]any{p.Name, ErrInvalid}, args...)...)
	}
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !(p.T > 0) || !fin(p.T):
		return bad("temperature T must be finite and > 0, got %v", p.T)
	case !(p.Dt > 0) || !fin(p.Dt):
		return bad("time step Dt must be finite and > 0, got %v", p.Dt)
	case p.StepsPerUpdate <= 0:
		return bad("StepsPerUpdate (n_t, Langevin steps per update) must be > 0, got %d", p.StepsPerUpdate)
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
// Updates() updates: LR, or LR shaped by Warmup and FinalLR (see Preset).
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

// Data loads the preset's training data: mnist.LoadDigits(p.Digits, p.P).
func (p Preset) Data() (*mnist.Dataset, error) {
	return mnist.LoadDigits(p.Digits, p.P)
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
