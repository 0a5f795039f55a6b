package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gonlm/gonlm/nlm"
	"github.com/gonlm/gonlm/nlm/mnist"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// planted returns p observations μ + 3a·u + 1b·w + 0.1·noise in n dimensions,
// with u, w orthonormal and a, b, noise standard normal.
func planted(p, n int) (x *mat.Dense, mu, u, w []float64) {
	r := rand.New(rand.NewPCG(7, 7))
	mu, u, w = make([]float64, n), make([]float64, n), make([]float64, n)
	for j := range mu {
		mu[j] = float64(j) / float64(n)
	}
	u[1], u[2] = 0.6, -0.8 // largest-magnitude entry negative: FitPCA must flip it
	w[0] = 1
	x = mat.NewDense(p, n, nil)
	for i := 0; i < p; i++ {
		a, b := r.NormFloat64(), r.NormFloat64()
		row := x.RawRowView(i)
		for j := range row {
			row[j] = mu[j] + 3*a*u[j] + b*w[j] + 0.1*r.NormFloat64()
		}
	}
	return x, mu, u, w
}

func TestFitPCAPlanted(t *testing.T) {
	const p, n = 4000, 6
	x, mu, u, w := planted(p, n)
	pca, err := FitPCA(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	if pca.K() != 2 || len(pca.Mean) != n {
		t.Fatalf("K = %d, len(Mean) = %d", pca.K(), len(pca.Mean))
	}
	if !floats.EqualApprox(pca.Mean, mu, 0.15) {
		t.Errorf("mean %v, want ≈ %v", pca.Mean, mu)
	}
	// The sign convention makes the largest entry positive: u flips to −u.
	neg := make([]float64, n)
	floats.ScaleTo(neg, -1, u)
	if c := pca.Component(0); !floats.EqualApprox(c, neg, 0.02) {
		t.Errorf("component 0 = %v, want ≈ %v", c, neg)
	}
	if c := pca.Component(1); !floats.EqualApprox(c, w, 0.02) {
		t.Errorf("component 1 = %v, want ≈ %v", c, w)
	}
	v := pca.Variances()
	if math.Abs(v[0]-9.01) > 0.6 || math.Abs(v[1]-1.01) > 0.1 {
		t.Errorf("variances %v, want ≈ [9.01 1.01]", v)
	}
	total := 9.01 + 1.01 + 0.01*float64(n-2)
	r := pca.ExplainedRatio()
	if math.Abs(r[0]-9.01/total) > 0.01 || math.Abs(r[1]-1.01/total) > 0.01 || r[0]+r[1] > 1 {
		t.Errorf("explained ratio %v, want ≈ [%.3f %.3f]", r, 9.01/total, 1.01/total)
	}
	// Project = (x − μ)·V, checked on a few rows against a direct computation.
	y := pca.Project(x)
	if rr, cc := y.Dims(); rr != p || cc != 2 {
		t.Fatalf("projection is %d×%d", rr, cc)
	}
	for _, i := range []int{0, 17, p - 1} {
		for c := 0; c < 2; c++ {
			want := 0.0
			for j := 0; j < n; j++ {
				want += (x.At(i, j) - pca.Mean[j]) * pca.Components.At(j, c)
			}
			if math.Abs(y.At(i, c)-want) > 1e-12 {
				t.Errorf("y[%d,%d] = %v, want %v", i, c, y.At(i, c), want)
			}
		}
	}
	// The mean projects to the origin; the projections' variances are the λs.
	m := pca.Project(mat.NewDense(1, n, pca.Mean))
	if math.Abs(m.At(0, 0)) > 1e-12 || math.Abs(m.At(0, 1)) > 1e-12 {
		t.Errorf("mean projects to %v", mat.Formatted(m))
	}
	col := mat.Col(nil, 0, y)
	if got := floats.Dot(col, col) / float64(p-1); math.Abs(got-v[0]) > 1e-9*v[0] {
		t.Errorf("variance of the projection %v, want λ₁ = %v", got, v[0])
	}
	// Accessors return copies.
	pca.Variances()[0] = -1
	if pca.Variances()[0] < 0 {
		t.Error("Variances exposes internal state")
	}
}

func TestFitPCAErrors(t *testing.T) {
	nan := mat.NewDense(3, 2, []float64{1, 2, 3, math.NaN(), 5, 6})
	for _, tc := range []struct {
		name string
		x    mat.Matrix
		k    int
		want string
	}{
		{"nil", nil, 1, "nil"},
		{"empty", &mat.Dense{}, 1, "empty"},
		{"one-row", mat.NewDense(1, 3, nil), 1, "at least 2"},
		{"k-zero", mat.NewDense(3, 2, nil), 0, "1 ≤ k ≤ 2"},
		{"k-big", mat.NewDense(3, 5, nil), 4, "1 ≤ k ≤ 3"},
		{"nan", nan, 1, "x[1, 1] = NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FitPCA(tc.x, tc.k)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	x, _, _, _ := planted(50, 6)
	pca, err := FitPCA(x, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, nlm.ErrShape) {
			t.Errorf("Project(nil): panic %v, want an error wrapping nlm.ErrShape", err)
		}
	}()
	defer pca.Project(nil)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(error).Error(), "fitted on 6") {
			t.Errorf("Project with the wrong width: panic %v", r)
		}
	}()
	pca.Project(mat.NewDense(2, 5, nil))
}

// TestPCAFig1 reproduces the setting of the paper's Fig. 1: three components fitted
// on 400 training images of 1, 3, 6 separate the digits (nearest class centroid
// in the 3-D projection classifies held-out test images well).
func TestPCAFig1(t *testing.T) {
	mnistOrSkip(t)
	train, err := mnist.LoadDigits([]int{1, 3, 6}, 400)
	if err != nil {
		t.Fatal(err)
	}
	pca, err := FitPCA(train.X, 3)
	if err != nil {
		t.Fatal(err)
	}
	r := pca.ExplainedRatio()
	if s := r[0] + r[1] + r[2]; s < 0.15 || s > 0.6 {
		t.Errorf("3 components explain %.3f of the variance", s)
	}
	y := pca.Project(train.X)
	cent := map[int][]float64{}
	cnt := map[int]float64{}
	for i, l := range train.Labels {
		if cent[l] == nil {
			cent[l] = make([]float64, 3)
		}
		floats.Add(cent[l], y.RawRowView(i))
		cnt[l]++
	}
	for l := range cent {
		floats.Scale(1/cnt[l], cent[l])
	}
	test, err := mnist.Load("test")
	if err != nil {
		t.Fatal(err)
	}
	te := test.Select(1, 3, 6).Head(600)
	yt := pca.Project(te.X)
	right := 0
	for i, l := range te.Labels {
		best, bl := math.Inf(1), -1
		for c, m := range cent {
			if d := floats.Distance(yt.RawRowView(i), m, 2); d < best {
				best, bl = d, c
			}
		}
		if bl == l {
			right++
		}
	}
	if acc := float64(right) / float64(te.Len()); acc < 0.85 {
		t.Errorf("nearest centroid in 3 PCs classifies %.3f of held-out 1/3/6, want ≥ 0.85", acc)
	} else {
		t.Logf("3 PCs explain %.3f; nearest-centroid accuracy on 600 held-out: %.3f", r[0]+r[1]+r[2], acc)
	}
}

// mnistOrSkip skips the test when MNIST is not installed (a fresh machine
// before `go mod download`).
func mnistOrSkip(t testing.TB) {
	t.Helper()
	if _, err := mnist.Dir(); err != nil {
		t.Skipf("MNIST not available (%v)", err)
	}
}

// randomStates returns b states of n values tanh(2z), z ~ N(0, 1).
func randomStates(b, n int, seed uint64) *mat.Dense {
	r := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(b, n, nil)
	for i := 0; i < b; i++ {
		for j, row := 0, x.RawRowView(i); j < n; j++ {
			row[j] = math.Tanh(2 * r.NormFloat64())
		}
	}
	return x
}
