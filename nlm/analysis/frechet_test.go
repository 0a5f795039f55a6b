package analysis

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestFrechetFormula: the distance between two Gaussians against closed
// forms: 0 for equal ones, (μ₁ − μ₂)² + (σ₁ − σ₂)² per axis for diagonal
// covariances, and a rotation of both leaves it unchanged.
func TestFrechetFormula(t *testing.T) {
	g := func(mean []float64, cov []float64) gaussian {
		k := len(mean)
		return gaussian{mean: mean, cov: mat.NewSymDense(k, cov)}
	}
	a := g([]float64{1, -2}, []float64{4, 0, 0, 0.25})
	b := g([]float64{0, 0}, []float64{1, 0, 0, 1})
	if d := frechet(a, a); math.Abs(d) > 1e-12 {
		t.Errorf("distance of a Gaussian to itself: %v", d)
	}
	want := 1.0 + 4 + (2-1)*(2-1) + (0.5-1)*(0.5-1)
	if d := frechet(a, b); math.Abs(d-want) > 1e-12 {
		t.Errorf("diagonal case: %v, want %v", d, want)
	}
	if d := frechet(b, a); math.Abs(d-want) > 1e-12 {
		t.Errorf("not symmetric: %v, want %v", d, want)
	}
	c, s := math.Cos(0.3), math.Sin(0.3)
	rot := mat.NewDense(2, 2, []float64{c, -s, s, c})
	turn := func(x gaussian) gaussian {
		var m mat.VecDense
		m.MulVec(rot, mat.NewVecDense(2, x.mean))
		var cv mat.Dense
		cv.Product(rot, x.cov, rot.T())
		return g([]float64{m.AtVec(0), m.AtVec(1)}, []float64{cv.At(0, 0), cv.At(0, 1), cv.At(1, 0), cv.At(1, 1)})
	}
	if d := frechet(turn(a), turn(b)); math.Abs(d-want) > 1e-9 {
		t.Errorf("rotated: %v, want %v", d, want)
	}
}

// TestFrechetDigits: real unseen digits score no more than the floor
// (training-split digits: MNIST's test split has other writers, so real
// test digits lie even closer to the held-out test digits); the same digits
// faint (like tanh samples) or inverted score the same (features are
// standardised and oriented); blends of two digits score higher, one digit
// repeated (mode collapse) and noise far higher.
func TestFrechetDigits(t *testing.T) {
	ref, _, eval := qualityOrSkip(t)
	ctx := context.Background()
	q, err := ref.Quality(ctx, eval.X)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("real unseen digits: Fréchet %.1f, floor %.1f", q.Frechet, q.FrechetFloor)
	if q.Frechet > q.FrechetFloor {
		t.Errorf("real unseen digits score %.1f, above the floor %.1f", q.Frechet, q.FrechetFloor)
	}
	score := func(name string, x *mat.Dense) float64 {
		t.Helper()
		q, err := ref.Quality(ctx, x)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: Fréchet %.1f", name, q.Frechet)
		return q.Frechet
	}
	n := eval.Len()
	faint, neg := mat.NewDense(n, 784, nil), mat.NewDense(n, 784, nil)
	faint.Scale(0.3, eval.X)
	neg.Scale(-1, eval.X)
	for _, x := range []struct {
		name string
		x    *mat.Dense
	}{{"faint", faint}, {"inverted", neg}} {
		if d := score(x.name, x.x); math.Abs(d-q.Frechet) > 1e-6*q.Frechet {
			t.Errorf("%s digits score %.3f, the digits themselves %.3f", x.name, d, q.Frechet)
		}
	}
	blend := mat.NewDense(n, 784, nil)
	same := mat.NewDense(n, 784, nil)
	noise := mat.NewDense(n, 784, nil)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		a, b := eval.X.RawRowView(i), eval.X.RawRowView((i+1)%n)
		for j := range a {
			blend.Set(i, j, 0.5*(a[j]+b[j]))
			noise.Set(i, j, math.Tanh(r.NormFloat64()))
		}
		same.SetRow(i, eval.X.RawRowView(0))
	}
	for _, x := range []struct {
		name   string
		x      *mat.Dense
		factor float64
	}{{"blends", blend, 2}, {"one digit", same, 10}, {"noise", noise, 10}} {
		if d := score(x.name, x.x); d < x.factor*q.Frechet {
			t.Errorf("%s score %.1f, want ≥ %g× that of real digits (%.1f)", x.name, d, x.factor, q.Frechet)
		}
	}
}

// TestQualityCancel: NewReference and Quality return ctx.Err() on a
// cancelled context.
func TestQualityCancel(t *testing.T) {
	ref, train, eval := qualityOrSkip(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewReference(ctx, train, eval); !errors.Is(err, context.Canceled) {
		t.Errorf("NewReference with a cancelled context: %v", err)
	}
	if _, err := ref.Quality(ctx, eval.X); !errors.Is(err, context.Canceled) {
		t.Errorf("Quality with a cancelled context: %v", err)
	}
}
