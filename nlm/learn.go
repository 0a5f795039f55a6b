package nlm

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Stats returns the learning statistic of a batch x (B×N, one state per row)
// at temperature T, in float64:
//
//	S_ij = (1/(T·B)) Σ_b (x_bi − h_bi) φ(x_bj),   h_b = Jφ(x_b) + b,
//
// that is S = (1/(T·B)) (X − H)ᵀ φ(X), N×N, and its bias part
// Sb_i = (1/(T·B)) Σ_b (x_bi − h_bi). Since ∂E/∂J_ij = −(x_i − h_i)φ(x_j) and
// ∂E/∂b_i = −(x_i − h_i), S = −⟨∂E/∂J⟩/T and Sb = −⟨∂E/∂b⟩/T over the batch,
// and the gradient of KL(P_data ‖ P_model) is S(model) − S(data).
func (m *Model) Stats(x mat.Matrix, T float64) (*mat.Dense, *mat.VecDense, error) {
	if err := m.Validate(); err != nil {
		return nil, nil, err
	}
	n := m.N()
	b, c := x.Dims()
	if c != n || b == 0 {
		return nil, nil, fmt.Errorf("nlm: Stats: x is %d×%d, want B×N with B > 0 and N = %d", b, c, n)
	}
	if !(T > 0) || math.IsInf(T, 0) {
		return nil, nil, fmt.Errorf("nlm: Stats: temperature must be finite and > 0, got %v", T)
	}
	if i, j, bad := findNonFinite(x); bad {
		return nil, nil, fmt.Errorf("nlm: Stats: x has a non-finite value at (%d, %d)", i, j)
	}
	phi := mat.NewDense(b, n, nil)
	phi.Apply(func(i, j int, v float64) float64 { return math.Tanh(v) }, x)
	var h mat.Dense
	h.Mul(phi, m.J.T())
	if m.B != nil {
		for i := 0; i < b; i++ {
			row := h.RawRowView(i)
			for j := range row {
				row[j] += m.B.AtVec(j)
			}
		}
	}
	var r mat.Dense
	r.Sub(x, &h) // X − H
	s := mat.NewDense(n, n, nil)
	s.Mul(r.T(), phi)
	s.Scale(1/(T*float64(b)), s)
	sb := mat.NewVecDense(n, nil)
	for i := 0; i < b; i++ {
		sb.AddVec(sb, r.RowView(i))
	}
	sb.ScaleVec(1/(T*float64(b)), sb)
	return s, sb, nil
}

// Update applies one step of the local asymmetric learning rule in float64:
//
//	J ← (1 − λ) J − k (S(X_model) − S(X_data)),
//	b ← (1 − λ) b − k (Sb(X_model) − Sb(X_data))   (when the model has a bias),
//
// with S from Stats at temperature T, and returns the monitor
// mean((S(X_model) − S(X_data))²) over the N² entries (the paper's "KL norm").
// The Trainer runs the same rule in float32 on persistent chains; Update is
// the exact reference for small experiments.
func (m *Model) Update(model, data mat.Matrix, T, k, lambda float64) (float64, error) {
	if !(k >= 0) || math.IsInf(k, 0) {
		return 0, fmt.Errorf("nlm: Update: learning rate must be finite and ≥ 0, got %v", k)
	}
	if !(lambda >= 0 && lambda < 1) {
		return 0, fmt.Errorf("nlm: Update: weight decay must be in [0, 1), got %v", lambda)
	}
	sm, sbm, err := m.Stats(model, T)
	if err != nil {
		return 0, fmt.Errorf("%w (model samples)", err)
	}
	sd, sbd, err := m.Stats(data, T)
	if err != nil {
		return 0, fmt.Errorf("%w (data)", err)
	}
	sm.Sub(sm, sd)
	n := m.N()
	kl := 0.0
	for _, v := range sm.RawMatrix().Data {
		kl += v * v
	}
	kl /= float64(n * n)
	m.J.Scale(1-lambda, m.J)
	m.J.Add(m.J, scaled(-k, sm))
	if m.B != nil {
		sbm.SubVec(sbm, sbd)
		m.B.ScaleVec(1-lambda, m.B)
		m.B.AddScaledVec(m.B, -k, sbm)
	}
	return kl, nil
}

func scaled(a float64, x *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.Scale(a, x)
	return &out
}
