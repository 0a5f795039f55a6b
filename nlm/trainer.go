package nlm

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"github.com/gonlm/gonlm/internal/atomicfile"

	"github.com/gonlm/gonlm/nlm/internal/engine"
	"github.com/gonlm/gonlm/nlm/internal/finite"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Progress is a snapshot of a training run. Update counts completed learning
// updates since the start of the run (over all epochs, resumes included) and
// Updates is their total Epochs·⌊P/Batch⌋; Epoch counts completed epochs.
// KLNorm is the monitor of the last completed epoch (NaN before the first):
// the mean over the epoch's updates of mean_ij (Mo_ij − D_ij)², with
// Mo = S(chains) and D = S(data batch). UpdatesPerSec is measured over this
// process's part of the run; ETA extrapolates it. Done is true in the last
// report of a finished run.
type Progress struct {
	Epoch, Epochs   int
	Update, Updates int
	KLNorm          float64
	Elapsed         time.Duration
	UpdatesPerSec   float64
	ETA             time.Duration
	Done            bool
}

// String formats the progress as one line.
func (p Progress) String() string {
	return fmt.Sprintf("epoch %d/%d  update %d/%d  KL-norm %.4g  %.1f updates/s  elapsed %v  ETA %v",
		p.Epoch, p.Epochs, p.Update, p.Updates, p.KLNorm, p.UpdatesPerSec,
		p.Elapsed.Round(time.Second), p.ETA.Round(time.Second))
}

// TrainOptions are the run-time settings of a Trainer (the hyperparameters
// are in the Preset). The zero value is valid.
type TrainOptions struct {
	// Seed seeds the persistent chains' initial states and noise and the
	// shuffling of the data.
	Seed uint64
	// Threads as in Dynamics (0 = DefaultThreads()).
	Threads int
	// OnProgress, when set, is called on the training goroutine at most once
	// per ProgressEvery during an epoch, at the end of every epoch and at the
	// end of Train, also when ctx stopped it; exactly one report, the last,
	// has Done set. Keep it short (it runs between updates).
	OnProgress func(Progress)
	// ProgressEvery is the minimum interval between progress reports inside
	// an epoch; 0 means the package's ProgressEvery (250 ms).
	ProgressEvery time.Duration
	// Checkpoint, when not empty, is a file that Train writes (atomically) at
	// the end of an epoch when CheckpointEvery has passed since the last write,
	// and when it stops (finished or cancelled).
	Checkpoint string
	// CheckpointEvery is the minimum interval between epoch-end checkpoints;
	// 0 means every epoch.
	CheckpointEvery time.Duration
}

// Trainer runs the paper's Algorithm 1 on a model: for each epoch the data
// rows are shuffled and cut into ⌊P/B⌋ mini-batches; for each mini-batch X_d,
// the persistent chains X_m advance by StepsPerUpdate Langevin steps, then
//
//	J ← (1 − λ) J − k (S(X_m) − S(X_d))   (and b likewise, see Model.Update).
//
// The computation is float32 (the model's float64 J is the master copy,
// re-packed after each update). A Trainer is not safe for concurrent use.
type Trainer struct {
	model  *Model
	p      Preset
	opt    TrainOptions
	data   *mat.Dense
	dhash  uint64
	n      int
	c      *engine.Couplings
	chains *engine.Batch
	batch  *engine.Batch
	delta  []float32
	stats  engine.Stats // workspace of the bf16 statistic
	klRows []float64    // per-row sums of delta² (see step)
	dbias  []float32
	snapX  []float32
	snapS  []engine.Stream
	adam   adamState // Preset.Adam: the moments of J's and b's gradients
	avg    avgState  // Preset.Average: the running sums of J and b

	pcg     *rand.PCG
	perm    []int
	pos     int // next mini-batch of the epoch
	epoch   int // completed epochs
	update  int // completed updates
	klSum   float64
	klCount int
	history []float64
	elapsed time.Duration // before this process's Train calls

	runStart    time.Time
	runUpdates  int
	lastReport  time.Time
	lastCkpt    time.Time
	trainedHere time.Duration
}

// NewTrainer prepares Algorithm 1 for model m on data (P×N, one image per
// row, values finite; typically Dataset.X) with hyperparameters p. The data
// matrix is used in place, not copied: do not modify it while training.
// opt may be nil.
func NewTrainer(m *Model, data mat.Matrix, p Preset, opt *TrainOptions) (*Trainer, error) {
	if err := m.Validate(); err != nil {
		return nil, inFn("NewTrainer", err)
	}
	if err := p.Validate(); err != nil {
		return nil, inFn("NewTrainer", err)
	}
	if err := checkMemory("NewTrainer", "Chains × N", p.Chains, m.N(), samplerBytes); err != nil {
		return nil, err
	}
	var o TrainOptions
	if opt != nil {
		o = *opt
	}
	if o.Threads < 0 {
		return nil, fmt.Errorf("nlm: NewTrainer: %w: TrainOptions.Threads must be ≥ 0, got %d", ErrInvalid, o.Threads)
	}
	d, hash, err := checkData(data, m.N(), p.Batch)
	if err != nil {
		return nil, inFn("NewTrainer", err)
	}
	if p.Bias && m.B == nil {
		m.EnableBias()
	}
	t := &Trainer{model: m, p: p, opt: o, data: d, dhash: hash, n: m.N()}
	t.alloc()
	t.chains.InitNormal()
	t.pcg = rand.NewPCG(o.Seed, o.Seed^0x5851f42d4c957f2d)
	t.newEpoch()
	return t, nil
}

func checkData(data mat.Matrix, n, batch int) (*mat.Dense, uint64, error) {
	if data == nil {
		return nil, 0, fmt.Errorf("nlm: %w: training data is nil; load it with LoadDigits or Preset.Data", ErrInvalid)
	}
	rows, cols := data.Dims()
	if cols != n {
		return nil, 0, fmt.Errorf("nlm: %w: training data have %d columns, the model has N = %d neurons (one image per row)", ErrShape, cols, n)
	}
	if rows < batch {
		return nil, 0, fmt.Errorf("nlm: %w: training data have %d rows, fewer than the mini-batch size %d; lower Preset.Batch", ErrShape, rows, batch)
	}
	if i, j, bad := finite.Find(data); bad {
		return nil, 0, fmt.Errorf("nlm: %w: training data have a non-finite value at row %d, column %d", ErrNonFinite, i, j)
	}
	d, ok := data.(*mat.Dense)
	if !ok {
		d = mat.DenseCopyOf(data)
	}
	h := fnv.New64a()
	var buf [8]byte
	raw := d.RawMatrix()
	for i := 0; i < rows; i++ {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+cols] {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			h.Write(buf[:])
		}
	}
	return d, h.Sum64() ^ uint64(rows)<<32 ^ uint64(cols), nil
}

func (t *Trainer) threads() int {
	if t.opt.Threads > 0 {
		return t.opt.Threads
	}
	return DefaultThreads()
}

func (t *Trainer) alloc() {
	n := t.n
	th := t.threads()
	t.c = t.model.couplings32(th)
	t.chains = engine.NewBatch(t.p.Chains, n, th, t.opt.Seed)
	t.batch = engine.NewBatch(t.p.Batch, n, th, 0)
	bf := useBF16()
	t.chains.SetBF16(bf)
	t.batch.SetBF16(bf)
	t.delta = make([]float32, n*n)
	t.klRows = make([]float64, n)
	if t.model.B != nil {
		t.dbias = make([]float32, n)
	}
	if t.p.Adam {
		t.adam.m = make([]float32, n*n+n)
		t.adam.v = make([]float32, n*n+n)
	}
	t.snapX = make([]float32, len(t.chains.X))
	t.snapS = make([]engine.Stream, len(t.chains.Streams))
}

func (t *Trainer) updatesPerEpoch() int { return t.data.RawMatrix().Rows / t.p.Batch }

func (t *Trainer) newEpoch() {
	rows := t.data.RawMatrix().Rows
	t.perm = rand.New(t.pcg).Perm(rows)
	t.pos = 0
}

// Model returns the model being trained (updated in place).
func (t *Trainer) Model() *Model { return t.model }

// Preset returns the trainer's hyperparameters.
func (t *Trainer) Preset() Preset { return t.p }

// KLNorm returns the per-epoch KL-norm monitor of the completed epochs.
func (t *Trainer) KLNorm() []float64 { return append([]float64(nil), t.history...) }

// Chains returns a copy of the persistent chains' states (Chains × N).
func (t *Trainer) Chains() *mat.Dense {
	out := mat.NewDense(t.chains.B, t.n, nil)
	for i, v := range t.chains.X {
		out.RawMatrix().Data[i] = float64(v)
	}
	return out
}

// Done reports whether all epochs are complete.
func (t *Trainer) Done() bool { return t.epoch >= t.p.Epochs }

// String describes the run in one line: the preset, how far it is and the
// last KL norm (what a notebook shows for a trainer).
func (t *Trainer) String() string {
	if t == nil || t.chains == nil {
		return "nlm.Trainer(nil)"
	}
	p := t.Progress()
	return fmt.Sprintf("nlm.Trainer: preset %q, N = %d; epoch %d/%d, update %d/%d, KL norm %.4g, trained %v",
		t.p.Name, t.n, p.Epoch, p.Epochs, p.Update, p.Updates, p.KLNorm, p.Elapsed.Round(100*time.Millisecond))
}

// Progress returns the current progress.
func (t *Trainer) Progress() Progress {
	p := Progress{Epoch: t.epoch, Epochs: t.p.Epochs, Update: t.update, Updates: t.p.Epochs * t.updatesPerEpoch(),
		KLNorm: math.NaN(), Elapsed: t.elapsed + t.trainedHere, Done: t.Done()}
	if len(t.history) > 0 {
		p.KLNorm = t.history[len(t.history)-1]
	}
	if t.trainedHere > 0 && t.runUpdates > 0 {
		p.UpdatesPerSec = float64(t.runUpdates) / t.trainedHere.Seconds()
		p.ETA = time.Duration(float64(p.Updates-p.Update) / p.UpdatesPerSec * float64(time.Second))
	}
	return p
}

// SetEpochs changes the number of epochs of the run (to train further after
// Train returned, or to stop earlier).
func (t *Trainer) SetEpochs(epochs int) error {
	if epochs < 0 {
		return fmt.Errorf("nlm: SetEpochs: %w: epochs must be ≥ 0, got %d", ErrInvalid, epochs)
	}
	t.p.Epochs = epochs
	return nil
}

// Train runs the remaining epochs. It checks ctx before every Langevin step;
// on cancellation it returns ctx.Err() within one step, with the model, the
// chains and the random streams as of the last completed update (the
// interrupted update is rolled back), so calling Train again continues
// exactly as if it had not been interrupted.
func (t *Trainer) Train(ctx context.Context) error {
	ctx = orBackground(ctx)
	defer track(ctx)()
	if err := t.model.Validate(); err != nil {
		return inFn("Train", err)
	}
	if t.model.N() != t.n || (t.model.B != nil) != (t.c.Bias != nil) {
		return fmt.Errorf("nlm: Train: %w: the model's size or bias changed since the trainer was created", ErrInvalid)
	}
	t.model.pack(t.c) // pick up edits made between calls
	every := t.opt.ProgressEvery
	if every <= 0 {
		every = ProgressEvery
	}
	start := time.Now()
	t.runStart = start
	t.lastReport = start
	if t.lastCkpt.IsZero() {
		t.lastCkpt = start
	}
	base := t.trainedHere
	var err error
	for !t.Done() {
		if err = t.step(ctx); err != nil {
			break
		}
		t.runUpdates++
		t.trainedHere = base + time.Since(start)
		epochEnd := t.pos == 0
		if epochEnd {
			if t.opt.Checkpoint != "" && (t.opt.CheckpointEvery <= 0 || time.Since(t.lastCkpt) >= t.opt.CheckpointEvery) {
				if cerr := t.SaveCheckpoint(t.opt.Checkpoint); cerr != nil {
					return cerr
				}
				t.lastCkpt = time.Now()
			}
		}
		// The last epoch's end is reported once, after the loop.
		if t.opt.OnProgress != nil && !t.Done() && (epochEnd || time.Since(t.lastReport) >= every) {
			t.opt.OnProgress(t.Progress())
			t.lastReport = time.Now()
		}
	}
	t.trainedHere = base + time.Since(start)
	if t.opt.Checkpoint != "" {
		if cerr := t.SaveCheckpoint(t.opt.Checkpoint); cerr != nil && err == nil {
			err = cerr
		}
	}
	if t.opt.OnProgress != nil && (err == nil || ctx.Err() != nil) {
		// Also when ctx stopped the run, so a view shows where it stopped.
		t.opt.OnProgress(t.Progress())
	}
	return err
}

// step performs one learning update (or rolls it back on cancellation).
func (t *Trainer) step(ctx context.Context) error {
	n := t.n
	B := t.p.Batch
	raw := t.data.RawMatrix()
	idx := t.perm[t.pos*B : (t.pos+1)*B]
	engine.ParallelRows(t.batch.Threads, B, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			i := idx[r]
			src := raw.Data[i*raw.Stride : i*raw.Stride+n]
			dst := t.batch.X[r*n : r*n+n]
			for k, v := range src {
				dst[k] = float32(v)
			}
		}
	})
	copy(t.snapX, t.chains.X)
	copy(t.snapS, t.chains.Streams)
	if r := t.p.resetCount(); r > 0 {
		m := t.p.Chains
		first := int((int64(t.update) * int64(r)) % int64(m))
		t.chains.InitNormalRows(func(i int) int { return (first + i) % m }, r)
	}
	for s := 0; s < t.p.StepsPerUpdate; s++ {
		if err := ctx.Err(); err != nil {
			copy(t.chains.X, t.snapX)
			copy(t.chains.Streams, t.snapS)
			t.chains.RefreshP()
			return err
		}
		t.chains.Step(t.c, t.p.T, t.p.Dt, true)
	}
	t.batch.RefreshP()
	t.batch.Residual(t.c)
	t.chains.Residual(t.c)
	// delta = S(model) − S(data) with S = −(1/(T·B)) Rᵀ P, R = H − X.
	am := float32(-1 / (t.p.T * float64(t.p.Chains)))
	ad := float32(1 / (t.p.T * float64(B)))
	engine.Statistic(t.delta, t.dbias, t.chains, am, t.batch, ad, &t.stats)
	// Row sums of delta², added in row order: the same kl for any thread count.
	engine.ParallelRows(t.batch.Threads, n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			s := 0.0
			for _, v := range t.delta[i*n : i*n+n] {
				s += float64(v) * float64(v)
			}
			t.klRows[i] = s
		}
	})
	kl := 0.0
	for _, s := range t.klRows {
		kl += s
	}
	kl /= float64(n * n)
	if math.IsNaN(kl) || math.IsInf(kl, 0) {
		// The chains or the statistics blew up: keep the last good state.
		copy(t.chains.X, t.snapX)
		copy(t.chains.Streams, t.snapS)
		t.chains.RefreshP()
		return fmt.Errorf("nlm: %w at update %d (epoch %d): the statistics are not finite; "+
			"lower the learning rate LR (now %g) or the time step Dt (now %g); the model is left as of the last good update",
			ErrDiverged, t.update+1, t.epoch+1, t.p.LR, t.p.Dt)
	}
	// J ← (1 − λ) J − k·delta (or Adam's step) in float64, then re-pack.
	decay := 1 - t.p.WeightDecay
	k := lrAt(t.p, t.update, t.p.Epochs*t.updatesPerEpoch())
	if t.p.Adam {
		t.adamMoments()
	}
	jr := t.model.J.RawMatrix()
	engine.ParallelRows(t.batch.Threads, n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			row := jr.Data[i*jr.Stride : i*jr.Stride+n]
			d := t.delta[i*n : i*n+n]
			for j := range row {
				row[j] = decay*row[j] - k*float64(d[j])
			}
		}
	})
	if t.model.B != nil {
		for i := range t.dbias {
			t.model.B.SetVec(i, decay*t.model.B.AtVec(i)-k*float64(t.dbias[i]))
		}
	}
	t.update++
	t.average()
	t.model.pack(t.c)
	t.klSum += kl
	t.klCount++
	t.pos++
	if t.pos == t.updatesPerEpoch() {
		t.history = append(t.history, t.klSum/float64(t.klCount))
		t.klSum, t.klCount = 0, 0
		t.epoch++
		t.newEpoch()
	}
	return nil
}

// avgState holds the sums of J (N², row-major) and b over the averaged
// updates so far (Preset.Average).
type avgState struct {
	j, b []float64
	n    int
}

// average adds the model after update t.update to the sums when it lies in
// the averaging window of the run, and at the run's last update replaces
// the model by the mean (Preset.Average).
func (t *Trainer) average() {
	total := t.p.Epochs * t.updatesPerEpoch()
	first, k := t.p.averageFrom(total)
	if k == 0 || t.update < first || t.update > total {
		return
	}
	n := t.n
	if t.avg.j == nil {
		t.avg.j = make([]float64, n*n)
		if t.model.B != nil {
			t.avg.b = make([]float64, n)
		}
	}
	jr := t.model.J.RawMatrix()
	for i := 0; i < n; i++ {
		row := jr.Data[i*jr.Stride : i*jr.Stride+n]
		floats.Add(t.avg.j[i*n:i*n+n], row)
	}
	if t.model.B != nil {
		floats.Add(t.avg.b, t.model.B.RawVector().Data)
	}
	t.avg.n++
	if t.update < total {
		return
	}
	s := 1 / float64(t.avg.n)
	for i := 0; i < n; i++ {
		floats.ScaleTo(jr.Data[i*jr.Stride:i*jr.Stride+n], s, t.avg.j[i*n:i*n+n])
	}
	if t.model.B != nil {
		for i, v := range t.avg.b {
			t.model.B.SetVec(i, s*v)
		}
	}
	t.avg = avgState{}
}

// adamState holds Adam's moment estimates for the N² entries of J followed
// by the N entries of b, and the number of steps taken.
type adamState struct {
	m, v []float32
	t    int
}

// Adam's constants (Kingma & Ba's defaults).
const (
	adamBeta1 = 0.9
	adamBeta2 = 0.999
	adamEps   = 1e-8
)

// adamMoments replaces the gradient g = delta (and dbias) by Adam's step
// direction: with m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g² and s the number
// of steps so far, g ← m̂ / (√v̂ + ε), m̂ = m/(1 − β₁ˢ), v̂ = v/(1 − β₂ˢ).
// The learning rate k then scales a step of about the same size for every
// entry. The moments stay in memory; rolling back an update never needs
// them (they change only once the update is certain).
func (t *Trainer) adamMoments() {
	a := &t.adam
	a.t++
	c1 := 1 - math.Pow(adamBeta1, float64(a.t))
	c2 := 1 - math.Pow(adamBeta2, float64(a.t))
	n := t.n
	upd := func(g []float32, m, v []float32) {
		for j, gj := range g {
			mj := adamBeta1*float64(m[j]) + (1-adamBeta1)*float64(gj)
			vj := adamBeta2*float64(v[j]) + (1-adamBeta2)*float64(gj)*float64(gj)
			m[j], v[j] = float32(mj), float32(vj)
			g[j] = float32((mj / c1) / (math.Sqrt(vj/c2) + adamEps))
		}
	}
	engine.ParallelRows(t.batch.Threads, n, func(_, lo, hi int) {
		upd(t.delta[lo*n:hi*n], a.m[lo*n:hi*n], a.v[lo*n:hi*n])
	})
	if t.dbias != nil {
		upd(t.dbias, a.m[n*n:], a.v[n*n:])
	}
}

// checkpoint is the on-disk state of a Trainer (encoding/gob).
type checkpoint struct {
	Version  int
	Preset   Preset
	Seed     uint64
	N        int
	J        []float64
	Bias     []float64
	Chains   []float32
	Streams  [][4]uint64
	PCG      []byte
	Perm     []int
	Pos      int
	Epoch    int
	Update   int
	KLSum    float64
	KLCount  int
	History  []float64
	Elapsed  time.Duration
	DataHash uint64
	AdamM    []float32
	AdamV    []float32
	AdamT    int
	AvgJ     []float64 // Preset.Average's sums (nil outside the window)
	AvgB     []float64
	AvgN     int
}

const checkpointVersion = 1

// SaveCheckpoint writes the complete training state (J, b, chains, random
// streams, shuffling state, epoch, position in the epoch, monitor history) to
// path, atomically (a temporary file in the same directory renamed over
// path). ResumeTrainer continues from it bit-for-bit.
func (t *Trainer) SaveCheckpoint(path string) error {
	jr := t.model.J.RawMatrix()
	ck := checkpoint{Version: checkpointVersion, Preset: t.p, Seed: t.opt.Seed, N: t.n,
		J: make([]float64, 0, t.n*t.n), Chains: t.chains.X, PCG: nil, Perm: t.perm, Pos: t.pos,
		Epoch: t.epoch, Update: t.update, KLSum: t.klSum, KLCount: t.klCount, History: t.history,
		Elapsed: t.elapsed + t.trainedHere, DataHash: t.dhash,
		AdamM: t.adam.m, AdamV: t.adam.v, AdamT: t.adam.t,
		AvgJ: t.avg.j, AvgB: t.avg.b, AvgN: t.avg.n}
	for i := 0; i < t.n; i++ {
		ck.J = append(ck.J, jr.Data[i*jr.Stride:i*jr.Stride+t.n]...)
	}
	if t.model.B != nil {
		ck.Bias = make([]float64, t.n)
		for i := range ck.Bias {
			ck.Bias[i] = t.model.B.AtVec(i)
		}
	}
	ck.Streams = make([][4]uint64, len(t.chains.Streams))
	for i, s := range t.chains.Streams {
		ck.Streams[i] = s
	}
	pcg, err := t.pcg.MarshalBinary()
	if err != nil {
		return fmt.Errorf("nlm: SaveCheckpoint: %w", err)
	}
	ck.PCG = pcg
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&ck); err != nil {
		return fmt.Errorf("nlm: SaveCheckpoint: encoding: %w", err)
	}
	if err := atomicfile.WriteFile(path, buf.Bytes()); err != nil {
		return fmt.Errorf("nlm: SaveCheckpoint: %w", err)
	}
	return nil
}

// ResumeTrainer restores a Trainer from a checkpoint written by
// SaveCheckpoint (or TrainOptions.Checkpoint). data must be the same training
// data (checked by a hash). The model is rebuilt from the checkpoint; get it
// with Model(). opt gives the run-time options (Seed is taken from the
// checkpoint; Threads, and the precision of the products (SetPrecision,
// Backend), should match the original run for bit-identical results).
func ResumeTrainer(path string, data mat.Matrix, opt *TrainOptions) (*Trainer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("nlm: ResumeTrainer: %w", err)
	}
	var ck checkpoint
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&ck); err != nil {
		return nil, fmt.Errorf("nlm: ResumeTrainer: %w: %s is not a trainer checkpoint: %w", ErrFormat, path, err)
	}
	if ck.Version != checkpointVersion {
		return nil, fmt.Errorf("nlm: ResumeTrainer: %w: %s has checkpoint version %d, this package reads %d", ErrFormat, path, ck.Version, checkpointVersion)
	}
	n := ck.N
	if n <= 0 || len(ck.J) != n*n || len(ck.Chains) != ck.Preset.Chains*n || len(ck.Streams) != ck.Preset.Chains ||
		(ck.Bias != nil && len(ck.Bias) != n) || ck.Preset.Batch <= 0 {
		return nil, fmt.Errorf("nlm: ResumeTrainer: %w: %s is inconsistent (corrupt checkpoint)", ErrFormat, path)
	}
	m, err := NewModelFrom(mat.NewDense(n, n, ck.J))
	if err != nil {
		return nil, fmt.Errorf("nlm: ResumeTrainer: %w", err)
	}
	if ck.Bias != nil {
		m.B = mat.NewVecDense(n, ck.Bias)
	}
	var o TrainOptions
	if opt != nil {
		o = *opt
	}
	o.Seed = ck.Seed
	d, hash, err := checkData(data, n, ck.Preset.Batch)
	if err != nil {
		return nil, err
	}
	if hash != ck.DataHash {
		return nil, fmt.Errorf("nlm: ResumeTrainer: %w: the training data differ from those of the checkpoint %s; pass the same data (same digits, P and order)", ErrInvalid, path)
	}
	if len(ck.Perm) != d.RawMatrix().Rows || ck.Pos < 0 || ck.Pos > len(ck.Perm)/ck.Preset.Batch {
		return nil, fmt.Errorf("nlm: ResumeTrainer: %w: %s is inconsistent (corrupt checkpoint)", ErrFormat, path)
	}
	t := &Trainer{model: m, p: ck.Preset, opt: o, data: d, dhash: hash, n: n}
	t.alloc()
	copy(t.chains.X, ck.Chains)
	for i, s := range ck.Streams {
		t.chains.Streams[i] = s
	}
	t.chains.RefreshP()
	t.pcg = &rand.PCG{}
	if err := t.pcg.UnmarshalBinary(ck.PCG); err != nil {
		return nil, fmt.Errorf("nlm: ResumeTrainer: %s: bad shuffling state: %w", path, err)
	}
	t.perm, t.pos, t.epoch, t.update = ck.Perm, ck.Pos, ck.Epoch, ck.Update
	t.klSum, t.klCount, t.history, t.elapsed = ck.KLSum, ck.KLCount, ck.History, ck.Elapsed
	if t.p.Adam {
		if len(ck.AdamM) != n*n+n || len(ck.AdamV) != n*n+n {
			return nil, fmt.Errorf("nlm: ResumeTrainer: %s is inconsistent (Adam moments missing or of the wrong size)", path)
		}
		copy(t.adam.m, ck.AdamM)
		copy(t.adam.v, ck.AdamV)
		t.adam.t = ck.AdamT
	}
	if ck.AvgN > 0 {
		if len(ck.AvgJ) != n*n || (ck.Bias != nil) != (ck.AvgB != nil) || (ck.AvgB != nil && len(ck.AvgB) != n) {
			return nil, fmt.Errorf("nlm: ResumeTrainer: %s is inconsistent (averaging sums of the wrong size)", path)
		}
		t.avg = avgState{j: ck.AvgJ, b: ck.AvgB, n: ck.AvgN}
	}
	return t, nil
}

// Train is a shortcut: NewTrainer(m, data, p, opt) then Trainer.Train(ctx).
// It returns the trainer (also on cancellation, to continue or inspect it).
func Train(ctx context.Context, m *Model, data mat.Matrix, p Preset, opt *TrainOptions) (*Trainer, error) {
	ctx = orBackground(ctx)
	defer track(ctx)()
	t, err := NewTrainer(m, data, p, opt)
	if err != nil {
		return nil, inFn("Train", err)
	}
	return t, t.Train(ctx)
}
