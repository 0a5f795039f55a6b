package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gonlm/gonlm/nlm"
	"github.com/gonlm/gonlm/nlm/mnist"

	"gonum.org/v1/gonum/mat"
)

// Defaults of a Reference.
const (
	// DefaultNeighbours is the k of the k-nearest-neighbour vote.
	DefaultNeighbours = 10
	// DefaultQuantile is the quantile of real held-out digits' nearest-neighbour
	// distances beyond which a sample counts as unrecognised.
	DefaultQuantile = 0.99
	// MaxHeldOut is how many held-out images calibrate a Reference; larger
	// held-out sets are subsampled evenly (image ⌊i·H/MaxHeldOut⌋ for i < MaxHeldOut).
	MaxHeldOut = 1000
)

// Reference is a nearest-neighbour yardstick for generated samples, built from
// the images a model was trained on and real digits it never saw.
//
// Images are compared after per-image standardisation,
// z = (x − x̄) / ‖x − x̄‖ (x̄ the image's mean pixel), so that contrast does
// not count: samples tanh(x) are fainter than the data, and the authors' figures
// stretch each image's contrast too. The distance between two images is
// d = ‖z₁ − z₂‖ = √(2 − 2 z₁·z₂) ∈ [0, 2] (√2 for unrelated images). Distances
// from many samples to all training images come from one matrix product
// Z_s Z_trainᵀ.
//
// Because E(−x) = E(x), a model generates inverted digits (light background)
// as often as normal ones; each sample is therefore matched both as x and as −x
// and the orientation with the nearer training image is used (and reported).
//
// The classes are the labels present in the training set: pass the model's own
// training set (e.g. LoadDigits([]int{1, 3, 6}, 18000)) so that novelty is the
// distance to the images the model actually saw, and real held-out digits of the
// same classes (e.g. the test split's 1, 3, 6). Memory: a standardised copy of the
// training images (P·N float64, 113 MB for the paper's 18000 images).
//
// The report's Fréchet distance compares the samples as a whole with the
// held-out digits: Gaussians fitted to their features (the standardised
// images projected on the top FrechetComponents principal axes of the
// standardised training images, fitted once in NewReference); see
// QualityReport.Frechet.
//
// Reading the report: pixel noise counts as distance. Samples taken at T = 1
// without a noise-free quench carry visible pixel noise; measured on a model
// trained with the Quick preset (100 chains, 5000 steps), 89% of them were
// unrecognised with novelty 1.87 although most are legible, while after a
// 200-step quench 4% were unrecognised, novelty 1.19, confidence 0.96. Compare
// settings on quenched samples (Preset.Quench), and read QualityReport.Guesses
// for the class balance of noisy ones.
type Reference struct {
	// K is the number of nearest training images that vote on a sample's class.
	K int
	// Quantile q: a sample is unrecognised when its distance to the nearest
	// training image exceeds the q-quantile of the same distance for real
	// held-out digits (those are not digit-like enough to classify).
	Quantile float64

	train   *mat.Dense // standardised training images, one per row
	labels  []int
	classes []int
	rows    int
	cols    int
	held    []float64 // nearest-neighbour distances of held-out digits, ascending
	heldAcc float64   // k-NN accuracy on the held-out digits
	fd      *frechetBasis
}

// NewReference standardises the training images and calibrates the novelty
// scale and the recognition threshold on the held-out images (at most
// MaxHeldOut of them, evenly spaced): for each, the distance to its nearest
// training image. It also measures the classifier's accuracy on them
// (QualityReport.HeldOutAccuracy) and fits the features of the Fréchet
// distance (QualityReport.Frechet) with the held-out digits' Gaussian in
// them, once. It costs one P×N×H matrix product (about 2 s for P = 18000,
// H = 1000 on 2 cores) and an N×N eigendecomposition; it checks ctx between
// blocks of 64 held-out images and returns ctx.Err() when it is cancelled.
func NewReference(ctx context.Context, train, heldOut *mnist.Dataset) (*Reference, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if train.Len() == 0 {
		return nil, fmt.Errorf("analysis: NewReference: %w: the training set is empty; pass the images the model was trained on", nlm.ErrShape)
	}
	if heldOut.Len() == 0 {
		return nil, fmt.Errorf("analysis: NewReference: %w: the held-out set is empty; pass real images the model never saw (e.g. mnist.Load(\"test\") selected to the same digits)", nlm.ErrShape)
	}
	if train.X == nil || heldOut.X == nil {
		return nil, fmt.Errorf("analysis: NewReference: %w: a dataset has a nil X", nlm.ErrInvalid)
	}
	_, n := train.X.Dims()
	if _, hn := heldOut.X.Dims(); hn != n {
		return nil, fmt.Errorf("analysis: NewReference: %w: training images have %d pixels but held-out images have %d", nlm.ErrShape, n, hn)
	}
	if p, _ := train.X.Dims(); p != train.Len() {
		return nil, fmt.Errorf("analysis: NewReference: %w: the training set has %d rows but %d labels", nlm.ErrShape, p, train.Len())
	}
	if h, _ := heldOut.X.Dims(); h != heldOut.Len() {
		return nil, fmt.Errorf("analysis: NewReference: %w: the held-out set has %d rows but %d labels", nlm.ErrShape, h, heldOut.Len())
	}
	z, flat, err := standardise(train.X, 0)
	if err != nil {
		return nil, fmt.Errorf("analysis: NewReference: training set: %w", err)
	}
	if len(flat) == train.Len() {
		return nil, fmt.Errorf("analysis: NewReference: %w: every training image is constant; nothing to compare with", nlm.ErrInvalid)
	}
	seen := map[int]bool{}
	var classes []int
	for _, l := range train.Labels {
		if !seen[l] {
			seen[l] = true
			classes = append(classes, l)
		}
	}
	sort.Ints(classes)
	r := &Reference{K: DefaultNeighbours, Quantile: DefaultQuantile, train: z, labels: train.Labels,
		classes: classes, rows: train.Rows, cols: train.Cols}
	h := heldOut
	if h.Len() > MaxHeldOut {
		// An evenly spaced subsample: MNIST's test file changes writers halfway.
		idx := make([]int, MaxHeldOut)
		for i := range idx {
			idx[i] = i * h.Len() / MaxHeldOut
		}
		h = h.Subset(idx)
	}
	res, err := r.match(ctx, h.X)
	if err != nil {
		return nil, fmt.Errorf("analysis: NewReference: held-out set: %w", err)
	}
	heldZ, _, err := standardise(heldOut.X, 0)
	if err != nil {
		return nil, fmt.Errorf("analysis: NewReference: held-out set: %w", err)
	}
	if r.fd, err = newFrechetBasis(ctx, z, heldZ); err != nil {
		return nil, fmt.Errorf("analysis: NewReference: %w", err)
	}
	r.held = make([]float64, len(res))
	right := 0
	for i, s := range res {
		r.held[i] = s.Distance
		if s.Label == h.Labels[i] {
			right++
		}
	}
	sort.Float64s(r.held)
	r.heldAcc = float64(right) / float64(len(res))
	return r, nil
}

// Len returns the number of training images in the reference.
func (r *Reference) Len() int { return len(r.labels) }

// Classes returns the labels the classifier can assign, ascending.
func (r *Reference) Classes() []int { return append([]int(nil), r.classes...) }

// Threshold returns the distance beyond which a sample is unrecognised: the
// Quantile of the held-out digits' nearest-neighbour distances.
func (r *Reference) Threshold() float64 { return quantile(r.held, r.Quantile) }

// HeldOutDistance returns the median nearest-neighbour distance of the real
// held-out digits, the unit of novelty.
func (r *Reference) HeldOutDistance() float64 { return quantile(r.held, 0.5) }

// quantile of an ascending slice, by linear interpolation.
func quantile(s []float64, q float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	q = math.Max(0, math.Min(1, q))
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	f := pos - float64(i)
	return s[i]*(1-f) + s[i+1]*f
}

// standardise returns the rows of x as z = (x − x̄)/‖x − x̄‖ and the indices of
// constant rows (left as zeros). It rejects non-finite values.
// Row numbers in the error are offset by off.
func standardise(x mat.Matrix, off int) (*mat.Dense, []int, error) {
	b, n := x.Dims()
	z := mat.NewDense(b, n, nil)
	z.Copy(x)
	var flat []int
	for i := 0; i < b; i++ {
		row := z.RawRowView(i)
		mean := 0.0
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, fmt.Errorf("element [%d, %d] is %v; images must be finite", i+off, j, v)
			}
			mean += v
		}
		mean /= float64(n)
		ss := 0.0
		for j := range row {
			row[j] -= mean
			ss += row[j] * row[j]
		}
		if ss < 1e-18*float64(n) {
			for j := range row {
				row[j] = 0
			}
			flat = append(flat, i)
			continue
		}
		inv := 1 / math.Sqrt(ss)
		for j := range row {
			row[j] *= inv
		}
	}
	return z, flat, nil
}

// SampleQuality is the verdict on one sample.
type SampleQuality struct {
	// Label is the k-NN class (majority of the K nearest training images; a tie
	// goes to the class of the nearest among the tied); −1 for a constant
	// sample, which has no shape to compare.
	Label int
	// Votes is the share of the K nearest training images with that label.
	Votes float64
	// Recognised is false when Distance exceeds the reference's Threshold.
	Recognised bool
	// Confidence is Votes for a recognised sample and 0 otherwise.
	Confidence float64
	// Inverted reports that −x matched the training images better than x.
	Inverted bool
	// Distance is √(2 − 2 z·t) to the nearest training image t (standardised).
	Distance float64
	// Novelty is Distance divided by the median of the same distance for real
	// held-out digits: 0 for a copy of a training image, about 1 for a digit as
	// new as real unseen ones.
	Novelty float64
	// Nearest is the row of the nearest training image in the training set
	// (−1 for a constant sample).
	Nearest int
}

// QualityReport summarises samples against a Reference. Shares and Unrecognised
// add up to 1.
type QualityReport struct {
	// N is the number of samples.
	N int
	// Classes are the labels the classifier can assign, ascending.
	Classes []int
	// Shares[i] is the share of all samples recognised as Classes[i].
	Shares []float64
	// Guesses[i] is the share of all samples, recognised or not, whose k-NN
	// label is Classes[i]: the classifier's best guess even for noisy samples
	// (un-quenched samples at T = 1 are mostly unrecognised but their guesses
	// still show the class balance). Guesses add up to 1 less the share of
	// constant samples, which have no label.
	Guesses []float64
	// ClassConfidence[i] is the mean Votes of the samples recognised as
	// Classes[i] (NaN when there are none).
	ClassConfidence []float64
	// Unrecognised is the share of samples farther from every training image
	// than the Threshold.
	Unrecognised float64
	// Confidence is the mean per-sample Confidence (0 for unrecognised samples).
	Confidence float64
	// Inverted is the share of samples matched as −x (inverted digits).
	Inverted float64
	// Novelty is the median per-sample Novelty.
	Novelty float64
	// NearCopies is the share of samples closer to their nearest training
	// image than 99% of real held-out digits are to theirs (below the 1%
	// quantile of the held-out distances): about 1% for real unseen digits,
	// more for a model that reproduces its training images.
	NearCopies float64
	// Frechet is the Fréchet distance between the Gaussians fitted to the
	// samples' features and to the held-out digits' features,
	// ‖μ_s − μ_h‖² + tr(C_s + C_h − 2(C_s^{1/2} C_h C_s^{1/2})^{1/2}). A
	// sample's features are its per-image standardised values (zero mean,
	// unit pixel variance, in its matched orientation: an inverted sample is
	// flipped, Inverted counts it) projected on the top FrechetComponents
	// principal axes of the standardised training images. Lower is better;
	// it grows when samples are blurred, noisy, unlike digits or less varied
	// than real ones (a generator that always makes the same digit scores
	// high), and it depends on the number of samples.
	Frechet float64
	// FrechetFloor is the same distance for as many real digits as there are
	// samples (training images, evenly spaced): what a perfect generator
	// scores at this sample size.
	FrechetFloor float64
	// K, Quantile and Threshold are the reference's settings.
	K         int
	Quantile  float64
	Threshold float64
	// TrainSize is the number of training images; HeldOutAccuracy is the
	// classifier's accuracy on the real held-out digits (how far to trust the
	// labels).
	TrainSize       int
	HeldOutAccuracy float64
	// Samples holds the per-sample verdicts, in the order of the samples' rows.
	Samples []SampleQuality
}

// Quality classifies samples (one per row, values in [−1, 1], e.g. the sample
// values tanh(x)) against the reference and summarises their per-class shares,
// confidence, inverted share, novelty, near copies and Fréchet distance.
// Samples must have as many columns as the training images and finite
// values; a constant sample is unrecognised. It checks ctx between blocks of
// 64 samples and returns ctx.Err() when it is cancelled.
func (r *Reference) Quality(ctx context.Context, samples mat.Matrix) (*QualityReport, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if r == nil || r.train == nil {
		return nil, fmt.Errorf("analysis: Quality: %w: the reference is nil; build it with NewReference", nlm.ErrInvalid)
	}
	if samples == nil {
		return nil, fmt.Errorf("analysis: Quality: %w: samples is nil; pass one sample per row", nlm.ErrInvalid)
	}
	if d, ok := samples.(*mat.Dense); ok && d.IsEmpty() {
		return nil, fmt.Errorf("analysis: Quality: %w: samples is empty; pass one sample per row", nlm.ErrShape)
	}
	if r.K < 1 {
		return nil, fmt.Errorf("analysis: Quality: %w: Reference.K = %d; use at least 1 neighbour", nlm.ErrInvalid, r.K)
	}
	if !(r.Quantile > 0 && r.Quantile <= 1) {
		return nil, fmt.Errorf("analysis: Quality: %w: Reference.Quantile = %v; use a value in (0, 1]", nlm.ErrInvalid, r.Quantile)
	}
	res, err := r.match(ctx, samples)
	if err != nil {
		return nil, fmt.Errorf("analysis: Quality: %w", err)
	}
	thr, unit := r.Threshold(), r.HeldOutDistance()
	rep := &QualityReport{N: len(res), Classes: r.Classes(), K: r.K, Quantile: r.Quantile, Threshold: thr,
		TrainSize: r.Len(), HeldOutAccuracy: r.heldAcc, Samples: res}
	rep.Shares = make([]float64, len(r.classes))
	rep.Guesses = make([]float64, len(r.classes))
	rep.ClassConfidence = make([]float64, len(r.classes))
	count := make([]int, len(r.classes))
	nov := make([]float64, len(res))
	for i := range res {
		s := &res[i]
		s.Recognised = s.Label >= 0 && s.Distance <= thr
		if unit > 0 {
			s.Novelty = s.Distance / unit
		} else {
			s.Novelty = math.Inf(1)
			if s.Distance == 0 {
				s.Novelty = 0
			}
		}
		nov[i] = s.Novelty
		if s.Inverted {
			rep.Inverted++
		}
		if s.Label < 0 { // a constant sample: no shape, no guess
			rep.Unrecognised++
			continue
		}
		c := sort.SearchInts(r.classes, s.Label)
		rep.Guesses[c]++
		if !s.Recognised {
			rep.Unrecognised++
			continue
		}
		s.Confidence = s.Votes
		rep.Confidence += s.Votes
		count[c]++
		rep.ClassConfidence[c] += s.Votes
	}
	nf := float64(len(res))
	for c := range r.classes {
		rep.Shares[c] = float64(count[c]) / nf
		rep.Guesses[c] /= nf
		if count[c] > 0 {
			rep.ClassConfidence[c] /= float64(count[c])
		} else {
			rep.ClassConfidence[c] = math.NaN()
		}
	}
	rep.Unrecognised /= nf
	rep.Confidence /= nf
	rep.Inverted /= nf
	sort.Float64s(nov)
	rep.Novelty = quantile(nov, 0.5)
	lo := quantile(r.held, 0.01)
	for _, s := range res {
		if s.Label >= 0 && s.Distance < lo {
			rep.NearCopies++
		}
	}
	rep.NearCopies /= nf
	rep.Frechet, rep.FrechetFloor = r.frechet(samples, res)
	return rep, nil
}

// frechet returns the Fréchet distance of the samples (oriented as matched)
// and of as many evenly spaced training images to the held-out digits (see
// QualityReport.Frechet).
func (r *Reference) frechet(samples mat.Matrix, res []SampleQuality) (fd, floor float64) {
	z, _, _ := standardise(samples, 0) // finite: match checked them
	for i, s := range res {
		if s.Inverted {
			row := z.RawRowView(i)
			for j := range row {
				row[j] = -row[j]
			}
		}
	}
	fd = frechet(fitGaussian(r.fd.features(z)), r.fd.held)
	p, n := r.train.Dims()
	m := min(len(res), p)
	ref := mat.NewDense(m, n, nil)
	for i := 0; i < m; i++ {
		ref.SetRow(i, r.train.RawRowView(i*p/m))
	}
	floor = frechet(fitGaussian(r.fd.features(ref)), r.fd.held)
	return fd, floor
}

// matchChunk is the number of samples per matrix product in match (ctx is
// checked between chunks: about 0.1 s each against 18 000 training images).
const matchChunk = 64

// neighbour is one candidate in a top-K list.
type neighbour struct {
	sim float64
	row int
}

// topK keeps the K largest similarities seen, descending.
type topK []neighbour

func (t *topK) push(k int, nb neighbour) {
	s := *t
	if len(s) == k && nb.sim <= s[k-1].sim {
		return
	}
	if len(s) < k {
		s = append(s, nb)
	} else {
		s[k-1] = nb
	}
	for i := len(s) - 1; i > 0 && s[i].sim > s[i-1].sim; i-- {
		s[i], s[i-1] = s[i-1], s[i]
	}
	*t = s
}

// match finds, for every row of x, the K nearest standardised training images
// in the better of the two orientations x and −x, and votes on the class.
func (r *Reference) match(ctx context.Context, x mat.Matrix) ([]SampleQuality, error) {
	b, n := x.Dims()
	if _, tn := r.train.Dims(); n != tn {
		return nil, fmt.Errorf("samples have %d values per row but the training images have %d", n, tn)
	}
	if b == 0 {
		return nil, errors.New("no samples")
	}
	k := min(r.K, len(r.labels))
	out := make([]SampleQuality, b)
	p := len(r.labels)
	dx, ok := x.(*mat.Dense)
	if !ok {
		dx = mat.DenseCopyOf(x)
	}
	var sims mat.Dense
	pos, neg := make(topK, 0, k), make(topK, 0, k)
	votes := make(map[int]int, len(r.classes))
	for lo := 0; lo < b; lo += matchChunk {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hi := min(lo+matchChunk, b)
		z, flat, err := standardise(dx.Slice(lo, hi, 0, n), lo)
		if err != nil {
			return nil, err
		}
		isFlat := make(map[int]bool, len(flat))
		for _, f := range flat {
			isFlat[f] = true
		}
		sims.Reset()
		sims.Mul(z, r.train.T())
		for i := 0; i < hi-lo; i++ {
			s := &out[lo+i]
			if isFlat[i] {
				// A constant image has no shape: unrelated to every digit.
				s.Label, s.Distance, s.Nearest = -1, math.Sqrt2, -1
				continue
			}
			pos, neg = pos[:0], neg[:0]
			for j, v := range sims.RawRowView(i)[:p] {
				pos.push(k, neighbour{v, j})
				neg.push(k, neighbour{-v, j})
			}
			best := pos
			if neg[0].sim > pos[0].sim {
				best, s.Inverted = neg, true
			}
			s.Nearest = best[0].row
			s.Distance = math.Sqrt(math.Max(0, 2-2*best[0].sim))
			clear(votes)
			top := 0
			for _, nb := range best {
				votes[r.labels[nb.row]]++
				top = max(top, votes[r.labels[nb.row]])
			}
			for _, nb := range best { // nearest first: ties go to the nearest
				if l := r.labels[nb.row]; votes[l] == top {
					s.Label = l
					break
				}
			}
			s.Votes = float64(top) / float64(len(best))
		}
	}
	return out, nil
}

// String prints the report as a compact table.
func (q *QualityReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "quality of %d samples: %d-NN over %d training images (classifier %.1f%% right on real held-out digits)\n",
		q.N, q.K, q.TrainSize, 100*q.HeldOutAccuracy)
	fmt.Fprintf(&b, "%6s %7s %6s %7s\n", "class", "share", "conf", "guess")
	for i, c := range q.Classes {
		conf := "     -"
		if !math.IsNaN(q.ClassConfidence[i]) {
			conf = fmt.Sprintf("%6.2f", q.ClassConfidence[i])
		}
		fmt.Fprintf(&b, "%6d %6.1f%% %s %6.1f%%\n", c, 100*q.Shares[i], conf, 100*q.Guesses[i])
	}
	fmt.Fprintf(&b, "%6s %6.1f%%                  unrecognised: farther from every training image than %.0f%% of real held-out digits\n",
		"?", 100*q.Unrecognised, 100*q.Quantile)
	b.WriteString("share: recognised as the class; conf: their mean k-NN vote; guess: k-NN label of every sample, recognised or not\n")
	fmt.Fprintf(&b, "confidence %.2f   inverted %.1f%%   novelty %.2f (0 = copies of training images, 1 = as new as real held-out digits)   near copies %.1f%%\n",
		q.Confidence, 100*q.Inverted, q.Novelty, 100*q.NearCopies)
	fmt.Fprintf(&b, "Fréchet distance to held-out digits %.1f (real digits, as many: %.1f; lower is better)", q.Frechet, q.FrechetFloor)
	return b.String()
}
