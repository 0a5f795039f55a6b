package analysis

import (
	"context"
	"fmt"
	"math"

	"github.com/gonlm/gonlm/nlm"

	"gonum.org/v1/gonum/mat"
)

// FrechetComponents is the number of principal axes of the standardised
// training images that span the features of the Fréchet distance.
const FrechetComponents = 40

// maxFrechetFit is how many training images (evenly spaced) the principal
// axes of the Fréchet features are fitted on.
const maxFrechetFit = 4000

// frechetBasis holds the feature map of the Fréchet distance and the
// held-out digits' Gaussian in it.
//
// A sample x (one image) becomes the feature vector f = Vᵀ(√N·z − μ): z is
// the per-image standardisation of the k-NN match, z = (x − x̄)/‖x − x̄‖, so
// √N·z has zero mean and unit pixel variance and contrast does not count;
// μ is the mean of √N·z over the training images and V (N×K) holds the
// top K = FrechetComponents eigenvectors of their covariance, fitted on at
// most maxFrechetFit evenly spaced training images.
type frechetBasis struct {
	mu   []float64  // μ, length N
	axes *mat.Dense // V, N×K
	held gaussian   // mean and covariance of the held-out digits' features
}

// gaussian is the mean and covariance (normalised by n − 1) of n feature
// vectors.
type gaussian struct {
	mean []float64
	cov  *mat.SymDense
}

// newFrechetBasis fits V and μ on the standardised training images z (rows
// of unit norm, as standardise returns them) and stores the Gaussian of the
// held-out images' features (standardised likewise).
func newFrechetBasis(ctx context.Context, z, heldZ *mat.Dense) (*frechetBasis, error) {
	p, n := z.Dims()
	m := min(p, maxFrechetFit)
	fit := mat.NewDense(m, n, nil)
	scale := math.Sqrt(float64(n))
	for i := 0; i < m; i++ {
		src := z.RawRowView(i * p / m)
		dst := fit.RawRowView(i)
		for j, v := range src {
			dst[j] = scale * v
		}
	}
	mu := make([]float64, n)
	for i := 0; i < m; i++ {
		for j, v := range fit.RawRowView(i) {
			mu[j] += v
		}
	}
	for j := range mu {
		mu[j] /= float64(m)
	}
	for i := 0; i < m; i++ {
		row := fit.RawRowView(i)
		for j := range row {
			row[j] -= mu[j]
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cov := mat.NewSymDense(n, nil)
	cov.SymOuterK(1/float64(m-1), fit.T())
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, fmt.Errorf("%w: the eigendecomposition of the training images' covariance did not converge", nlm.ErrInvalid)
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs) // ascending eigenvalues: the last K columns
	k := min(FrechetComponents, n)
	axes := mat.DenseCopyOf(vecs.Slice(0, n, n-k, n))
	b := &frechetBasis{mu: mu, axes: axes}
	b.held = fitGaussian(b.features(heldZ))
	return b, nil
}

// features maps standardised images z (rows of unit norm) to Vᵀ(√N·z − μ),
// one feature vector per row.
func (b *frechetBasis) features(z *mat.Dense) *mat.Dense {
	r, n := z.Dims()
	c := mat.NewDense(r, n, nil)
	scale := math.Sqrt(float64(n))
	for i := 0; i < r; i++ {
		dst := c.RawRowView(i)
		for j, v := range z.RawRowView(i) {
			dst[j] = scale*v - b.mu[j]
		}
	}
	var f mat.Dense
	f.Mul(c, b.axes)
	return &f
}

func fitGaussian(f *mat.Dense) gaussian {
	n, k := f.Dims()
	g := gaussian{mean: make([]float64, k), cov: mat.NewSymDense(k, nil)}
	for i := 0; i < n; i++ {
		for j, v := range f.RawRowView(i) {
			g.mean[j] += v
		}
	}
	for j := range g.mean {
		g.mean[j] /= float64(n)
	}
	c := mat.NewDense(n, k, nil)
	for i := 0; i < n; i++ {
		dst := c.RawRowView(i)
		for j, v := range f.RawRowView(i) {
			dst[j] = v - g.mean[j]
		}
	}
	if n > 1 {
		g.cov.SymOuterK(1/float64(n-1), c.T())
	}
	return g
}

// frechet returns the Fréchet distance between two Gaussians,
//
//	‖μ₁ − μ₂‖² + tr(C₁) + tr(C₂) − 2 tr((C₁^{1/2} C₂ C₁^{1/2})^{1/2}),
//
// the squared 2-Wasserstein distance between N(μ₁, C₁) and N(μ₂, C₂). The
// square roots come from symmetric eigendecompositions (negative rounding
// residue of an eigenvalue counts as 0).
func frechet(a, b gaussian) float64 {
	d := 0.0
	for j := range a.mean {
		e := a.mean[j] - b.mean[j]
		d += e * e
	}
	k := len(a.mean)
	for j := 0; j < k; j++ {
		d += a.cov.At(j, j) + b.cov.At(j, j)
	}
	sa := symSqrt(a.cov)
	var t mat.Dense
	t.Mul(sa, b.cov)
	t.Mul(&t, sa)
	m := mat.NewSymDense(k, nil)
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			m.SetSym(i, j, 0.5*(t.At(i, j)+t.At(j, i)))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(m, false) {
		return math.NaN()
	}
	for _, v := range eig.Values(nil) {
		d -= 2 * math.Sqrt(math.Max(v, 0))
	}
	return math.Max(d, 0)
}

// symSqrt returns the symmetric square root of a positive semi-definite
// matrix.
func symSqrt(c *mat.SymDense) *mat.Dense {
	k := c.SymmetricDim()
	var eig mat.EigenSym
	if !eig.Factorize(c, true) {
		return mat.NewDense(k, k, nil)
	}
	var v mat.Dense
	eig.VectorsTo(&v)
	vals := eig.Values(nil)
	w := mat.DenseCopyOf(&v)
	for j, l := range vals {
		s := math.Sqrt(math.Max(l, 0))
		for i := 0; i < k; i++ {
			w.Set(i, j, w.At(i, j)*s)
		}
	}
	var out mat.Dense
	out.Mul(w, v.T())
	return &out
}
