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
// steps (0 = none, as in the paper). With AnnealSteps A > 0 the first A of
// the GenSteps steps are annealed from T₀ = AnnealFrom down to T
// (Sampler.Anneal): step s (0-based) of generation runs at
//
//	T_s = T₀ + (T − T₀)·s/A  for s < A,   T_s = T  for s ≥ A.
//
// Training never anneals: its chains always run at T.
//
// Five training refinements go beyond the paper; their zero values give the
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
//   - Average a (Polyak averaging): the trained model is the mean of J and b
//     over the last K = ⌈a·U⌉ updates of the run, J̄ = (1/K)·Σ J(u) for
//     u = U − K + 1 … U, with J(u) the couplings after update u. Training
//     itself is unchanged (the chains and the updates see the current J); at
//     update U the model's J and b are replaced by J̄ and b̄. PCD's couplings
//     keep moving around a good solution (the share of each digit among the
//     chains swings from update to update); their mean is a better model than
//     any one of them. Training on after U (Trainer.SetEpochs) starts from J̄
//     and averages no more.
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
	Average        float64 // a, the share of the last updates whose J and b are averaged into the model (0 = none)
	AnnealFrom     float64 // T₀, the temperature generation starts at, annealed to T over the first AnnealSteps steps (0 = none)
	AnnealSteps    int     // A, the generation steps of the anneal from AnnealFrom to T (counted in GenSteps)
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
// with AVX-512: 10 s of training with the bf16 products on AMX, 43 s in
// float32 (measured on a 2-core Xeon, nlm/bench/README.md); a few minutes
// elsewhere. It keeps the paper's model, data and dynamics and trades
// training time: a 10× larger learning rate (k = 0.005; 0.0075 and 0.01
// diverge in the first epochs, and a 60-update warm-up does not save 0.01),
// 20 epochs instead of 3000, mini-batches and persistent chains of 500
// instead of 1000 (720 updates in all, each half the cost: 0.7% of the
// protocol's work). Two changes from the paper make its samples better: a
// learned bias (the model then prefers dark backgrounds: 0% inverted
// instead of 50%), and generation of 5000 steps without a quench (longer
// runs drift towards 3s, and the quench blurs).
//
// Quality of 500 samples p.Generate(ctx, m, 500, 2) after training with
// seed 1, by the CNN judge nlm/bench/evaluate.py (Fréchet distance to
// held-out test digits; real digits score 5): Fréchet distance 320, 0%
// inverted, 1 / 3 / 6: 13% / 56% / 17%, 59% recognised with p > 0.9. The
// preset before these two changes (no bias, 25 000 steps + 200 quench)
// scored 508, 50% inverted, 37% / 30% / 29%, 52%; with the bias alone
// (25 000 steps, no quench) 394, 0%, 25% / 52% / 5%. By the Go report
// (analysis.Reference.Quality): Fréchet distance 107 (floor 8.7), inverted
// 0%, novelty 1.89; its k-NN recognises only 16% of these un-quenched,
// noisy samples (see analysis.Reference on pixel noise).
//
// What it trades away: the couplings are far from converged, so many
// samples are blends of two digits, 6s and 1s are rarer than 3s, and each
// carries the pixel noise of T = 1.
var Quick = Preset{
	Name: "quick", Digits: []int{1, 3, 6}, P: 18000, G: 2, Bias: true,
	T: 1, Dt: 0.01, StepsPerUpdate: 10, LR: 0.005, WeightDecay: 2e-6,
	Batch: 500, Chains: 500, Epochs: 20, GenSteps: 5000,
}

// Laptop is the best measured recipe for 15 minutes of training on a 2-core
// CPU with bf16 matrix units (AMX): the paper's model, batch and chains
// (B = M = 1000) with a learned bias, 1650 epochs (29 700 updates of
// 29.6 ms on an idle 2-core Xeon with AMX: 14.7 minutes; about four times
// longer in float32, nlm/bench/README.md), a 100-update warm-up and a
// cosine decay of the learning rate from 0.005 to 0.0002, 1% of the chains
// redrawn from noise per update (Reset 0.01: every chain restarts every 100
// updates, so none is older than 1000 steps), and the model averaged over
// the last 20% of the updates (Average 0.2). Generation runs 2000 steps from
// noise, the first 1000 annealed from T = 1.5 down to T = 1 (AnnealFrom,
// AnnealSteps), no quench. examples/laptop.gonlm trains it and writes
// notebooks/laptop-136.npy.
//
// Quality of 500 samples p.Generate(ctx, m, 500, 2) after training with
// seed 1, by the CNN judge nlm/bench/evaluate.py: Fréchet distance 110 (the
// authors' released couplings, 25 000 steps: 290), 0% inverted,
// 1 / 3 / 6: 33% / 32% / 30%, 82% recognised with p > 0.9 (generation
// seeds 3 and 4: 113 and 126, each digit 27–36%, 85% and 81%). By the Go
// report (analysis.Reference.Quality): Fréchet distance 54 (floor 8.7), 96%
// recognised, novelty 1.13, no near copies.
//
// Why the anneal: at T = 1 chains started from noise drain into the 1s'
// basin (2000 steps at T = 1 from the same couplings: Fréchet distance 198,
// 59% / 22% / 16%); the training chains, never older than 1000 steps, do not
// show the learning rule where they go. Generation at a higher constant
// temperature balances the digits but blurs them (T = 1.3: 143,
// 31% / 30% / 30%, only 71% with p > 0.9); starting hot and cooling to T
// spreads the chains over the basins of all three digits first and ends
// with T = 1's sharp digits. What did not work (measured, nlm/bench/README.md
// has the table): a colder generation (T = 0.8: 86% 1s), another time step
// (Dt = 0.02 or 0.005: 21% inverted), long generation with chains never
// reset (25 000 steps end in one digit, which changes during training), a
// quench (after the anneal: novelty down to 1.02), a larger batch alone,
// Adam at step 10⁻⁴, k = 0.01.
var Laptop = Preset{
	Name: "laptop", Digits: []int{1, 3, 6}, P: 18000, G: 2, Bias: true,
	T: 1, Dt: 0.01, StepsPerUpdate: 10, LR: 0.005, WeightDecay: 2e-6,
	Batch: 1000, Chains: 1000, Epochs: 1650, GenSteps: 2000,
	Reset: 0.01, Warmup: 100, FinalLR: 0.0002, Average: 0.2,
	AnnealFrom: 1.5, AnnealSteps: 1000,
}

// String lists the preset's hyperparameters in the paper's notation.
func (p Preset) String() string {
	bias := ""
	if p.Bias {
		bias = ", bias"
	}
	avg := ""
	if p.Average > 0 {
		avg = fmt.Sprintf(", J averaged over the last %g%%", 100*p.Average)
	}
	anneal := ""
	if p.AnnealSteps > 0 {
		anneal = fmt.Sprintf(" (the first %d annealed from T = %g)", p.AnnealSteps, p.AnnealFrom)
	}
	return fmt.Sprintf("preset %q: digits %v, P = %d, g = %g%s, T = %g, dt = %g, n_t = %d, k = %g, λ = %g, B = %d, M = %d, %d epochs (%d updates%s); generation %d steps%s + %d quench",
		p.Name, p.Digits, p.P, p.G, bias, p.T, p.Dt, p.StepsPerUpdate, p.LR, p.WeightDecay, p.Batch, p.Chains, p.Epochs, p.Updates(), avg, p.GenSteps, anneal, p.Quench)
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
	case !(p.Average >= 0 && p.Average <= 1):
		return bad("Average (share of the last updates averaged) must be in [0, 1], got %v", p.Average)
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
	case !fin(p.G):
		return bad("G must be finite, got %v", p.G)
	}
	return p.validateGeneration()
}

// validateGeneration checks the fields that only generation reads:
// GenSteps, Quench, AnnealSteps and AnnealFrom.
func (p Preset) validateGeneration() error {
	bad := func(f string, args ...any) error {
		return fmt.Errorf("nlm: preset %q: %w: "+f, append([]any{p.Name, ErrInvalid}, args...)...)
	}
	switch {
	case p.GenSteps < 0 || p.Quench < 0:
		return bad("GenSteps and Quench must be ≥ 0, got %d and %d", p.GenSteps, p.Quench)
	case p.AnnealSteps < 0 || p.AnnealSteps > p.GenSteps:
		return bad("AnnealSteps must be in [0, GenSteps = %d] (the anneal is part of generation), got %d", p.GenSteps, p.AnnealSteps)
	case p.AnnealSteps > 0 && (!(p.AnnealFrom > 0) || math.IsInf(p.AnnealFrom, 0)):
		return bad("AnnealFrom (the temperature the anneal starts at) must be finite and > 0 when AnnealSteps > 0, got %v", p.AnnealFrom)
	case p.AnnealSteps == 0 && p.AnnealFrom != 0:
		return bad("AnnealFrom = %v needs AnnealSteps > 0 (the steps to anneal over); set AnnealFrom to 0 for no anneal", p.AnnealFrom)
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

// averageFrom returns the first update (1-based, counted after it is
// applied) whose J enters the average of a run of total updates, and the
// number K of averaged updates (0 when Average is 0).
func (p Preset) averageFrom(total int) (first, k int) {
	if p.Average <= 0 || total <= 0 {
		return 0, 0
	}
	k = max(1, min(total, int(math.Ceil(p.Average*float64(total)-1e-9))))
	return total - k + 1, k
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
// N(0, I), p.GenSteps steps at temperature p.T (the first p.AnnealSteps of
// them annealed from p.AnnealFrom, see Preset), then p.Quench noise-free
// steps. It checks the generation fields (GenSteps, Quench, AnnealSteps,
// AnnealFrom) first.
func (p Preset) Generate(ctx context.Context, m *Model, n int, seed uint64) (*Samples, error) {
	ctx = orBackground(ctx)
	defer track(ctx)()
	if err := p.validateGeneration(); err != nil {
		return nil, inFn("Preset.Generate", err)
	}
	return generate(ctx, "Preset.Generate", m, n, p.AnnealSteps, p.AnnealFrom, p.GenSteps-p.AnnealSteps, p.Quench, p.Dynamics(), seed)
}
