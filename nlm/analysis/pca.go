// Package analysis measures what a model does: principal components of
// states and trajectories (the paper's Fig. 1) and the quality report of
// generated samples against real digits (recognised share, confidence,
// inverted digits, novelty, near copies, Fréchet distance).
package analysis

import (
	"fmt"
	"math"

	"github.com/gonlm/gonlm/nlm"
	"github.com/gonlm/gonlm/nlm/internal/finite"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// PCA is a principal component analysis fitted on data with one observation per
// row (e.g. 400 training images, as in the paper's Fig. 1), used to project
// other states (e.g. a generating chain's trajectory) onto the same axes.
//
// For data X (P×N) with column means μ, the components are the top k
// eigenvectors v₁…v_k of the sample covariance C = (X − 1μᵀ)ᵀ(X − 1μᵀ)/(P − 1),
// with eigenvalues (variances) λ₁ ≥ … ≥ λ_k; a state x projects to
// yᵢ = (x − μ)·vᵢ.
type PCA struct {
	// Mean is μ, the column means of the fitted data (length N).
	Mean []float64
	// Components is N×k; column i is the unit vector vᵢ. Each column's sign is
	// fixed so that its entry of largest magnitude is positive, making fits
	// reproducible.
	Components *mat.Dense

	vars  []float64 // λ₁…λ_k
	total float64   // trace of C = Σ of all eigenvalues
}

// FitPCA fits the top k principal components of x (rows are observations,
// columns variables) with gonum's stat.PC (an SVD of the centred data).
// It needs at least two rows and 1 ≤ k ≤ min(P, N).
func FitPCA(x mat.Matrix, k int) (*PCA, error) {
	if x == nil {
		return nil, fmt.Errorf("analysis: FitPCA: %w: x is nil; pass a matrix with one observation per row", nlm.ErrInvalid)
	}
	if d, ok := x.(*mat.Dense); ok && d.IsEmpty() {
		return nil, fmt.Errorf("analysis: FitPCA: %w: x is empty; pass a matrix with one observation per row", nlm.ErrShape)
	}
	p, n := x.Dims()
	if p < 2 {
		return nil, fmt.Errorf("analysis: FitPCA: %w: x has %d row(s); a covariance needs at least 2 observations (rows)", nlm.ErrShape, p)
	}
	if k < 1 || k > min(p, n) {
		return nil, fmt.Errorf("analysis: FitPCA: %w: k = %d; use 1 ≤ k ≤ %d (the smaller of %d rows and %d columns)", nlm.ErrShape, k, min(p, n), p, n)
	}
	if i, j, bad := finite.Find(x); bad {
		return nil, fmt.Errorf("analysis: FitPCA: %w: x[%d, %d] = %v; the data must be finite", nlm.ErrNonFinite, i, j, x.At(i, j))
	}
	var pc stat.PC
	if !pc.PrincipalComponents(x, nil) {
		return nil, fmt.Errorf("analysis: FitPCA: %w: the SVD of the centred data did not converge", nlm.ErrInvalid)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	all := pc.VarsTo(nil)
	total := 0.0
	for _, v := range all {
		total += v
	}
	comp := mat.DenseCopyOf(vecs.Slice(0, n, 0, k))
	for j := 0; j < k; j++ {
		best, sign := 0.0, 1.0
		for i := 0; i < n; i++ {
			if a := math.Abs(comp.At(i, j)); a > best {
				best, sign = a, math.Copysign(1, comp.At(i, j))
			}
		}
		if sign < 0 {
			for i := 0; i < n; i++ {
				comp.Set(i, j, -comp.At(i, j))
			}
		}
	}
	mean := make([]float64, n)
	col := make([]float64, p)
	for j := range mean {
		mat.Col(col, j, x)
		mean[j] = stat.Mean(col, nil)
	}
	return &PCA{Mean: mean, Components: comp, vars: append([]float64(nil), all[:k]...), total: total}, nil
}

// K returns the number of components.
func (p *PCA) K() int { return len(p.vars) }

// Variances returns λ₁ ≥ … ≥ λ_k, the variances of the data along the
// components (eigenvalues of the sample covariance, normalised by P − 1).
func (p *PCA) Variances() []float64 { return append([]float64(nil), p.vars...) }

// ExplainedRatio returns λᵢ / tr(C) for each component: the share of the data's
// total variance along it.
func (p *PCA) ExplainedRatio() []float64 {
	r := make([]float64, len(p.vars))
	for i, v := range p.vars {
		if p.total > 0 {
			r[i] = v / p.total
		}
	}
	return r
}

// Component returns a copy of vᵢ (length N), e.g. to draw it with DigitImage
// after scaling. It panics if i is not in [0, K()), like a slice index.
func (p *PCA) Component(i int) []float64 {
	if i < 0 || i >= p.K() {
		panic(fmt.Sprintf("analysis: PCA.Component(%d) out of range [0, %d)", i, p.K()))
	}
	return mat.Col(nil, i, p.Components)
}

// Project projects the rows of x onto the components: Y = (X − 1μᵀ) V,
// B×k for B rows. x must have N columns, as the fitted data had; otherwise
// Project panics with an error wrapping nlm.ErrShape (see nlm.ErrShape for
// the convention).
func (p *PCA) Project(x mat.Matrix) *mat.Dense {
	if x == nil {
		panic(fmt.Errorf("analysis: PCA.Project: %w: x is nil", nlm.ErrShape))
	}
	if d, ok := x.(*mat.Dense); ok && d.IsEmpty() {
		panic(fmt.Errorf("analysis: PCA.Project: %w: x is empty", nlm.ErrShape))
	}
	b, n := x.Dims()
	if n != len(p.Mean) {
		panic(fmt.Errorf("analysis: PCA.Project: %w: x has %d columns but the PCA was fitted on %d; pass states with one state per row", nlm.ErrShape, n, len(p.Mean)))
	}
	c := mat.NewDense(b, n, nil)
	c.Copy(x)
	for i := 0; i < b; i++ {
		r := c.RawRowView(i)
		for j, m := range p.Mean {
			r[j] -= m
		}
	}
	var y mat.Dense
	y.Mul(c, p.Components)
	return &y
}
