package nlm

import (
	"fmt"
	"math"

	"github.com/gonlm/gonlm/nlm/internal/finite"
	"gonum.org/v1/gonum/mat"
)

// Stats returns the learning statistic of a batch x (B×N, one state per row)
// at temperature T, in float64: post-synaptic error x_i − h_i times
// pre-synaptic rate φ(x_j),
//
//	S_ij = (1/(T·B)) Σ_b (x_bi − h_bi) φ(x_bj),   h_b = Jφ(x_b) + b,
//
// that is S = −(1/(T·B)) Rᵀ φ(X) with the residual R = H − X, N×N, and its
// bias part Sb_i = −(1/(T·B)) Σ_b r_bi. Since ∂E/∂J_ij = r_i φ(x_j) and
// ∂E/∂b_i = r_i, S = −⟨∂E/∂J⟩/T and Sb = −⟨∂E/∂b⟩/T over the batch, and the
// gradient of KL(P_data ‖ P_model) is S(model) − S(data).
func (m *Model) Stats(x mat.Matrix, T float64) (*mat.Dense, *mat.VecDense, error) {
	if err := m.Validate(); err != nil {
		return nil, nil, err
	}
	n := m.N()
	b, c := x.Dims()
	if c != n || b == 0 {
		return nil, nil, fmt.Errorf("nlm: Stats: %w: x is %d×%d, want B×N with B > 0 and N = %d", ErrShape, b, c, n)
	}
	if !(T > 0) || math.IsInf(T, 0) {
		return nil, nil, fmt.Errorf("nlm: Stats: %w: temperature must be finite and > 0, got %v", ErrInvalid, T)
	}
	if i, j, bad := finite.Find(x); bad {
		return nil, nil, fmt.Errorf("nlm: Stats: %w: x has a non-finite value at (%d, %d)", ErrNonFinite, i, j)
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
	r.Sub(&h, x) // the residual R = H − X
	s := mat.NewDense(n, n, nil)
	s.Mul(r.T(), phi)
	s.Scale(-1/(T*float64(b)), s)
	sb := mat.NewVecDense(n, nil)
	for i := 0; i < b; i++ {
		sb.AddVec(sb, r.RowView(i))
	}
	sb.ScaleVec(-1/(T*float64(b)), sb)
	return s, sb, nil
}

// Update applies one step of the local asymmetric learning rule in float64,
// with learning rate lr (the paper's k) and weight decay weightDecay (its λ):
//
//	J ← (1 − λ) J − k (S(X_model) − S(X_data)),
//	b ← (1 − λ) b − k (Sb(X_model) − Sb(X_data))   (when the model has a bias),
//
// with S from Stats at temperature T, and returns the monitor
// mean((S(X_model) − S(X_data))²) over the N² entries (the paper's "KL norm").
// The Trainer runs the same rule in float32 on persistent chains; Update is
// the exact reference for small experiments.
func (m *Model) Update(model, data mat.Matrix, T, lr, weightDecay float64) (float64, error) {
	if !(lr >= 0) || math.IsInf(lr, 0) {
		return 0, fmt.Errorf("nlm: Update: %w: learning rate lr must be finite and ≥ 0, got %v", ErrInvalid, lr)
	}
	if !(weightDecay >= 0 && weightDecay < 1) {
		return 0, fmt.Errorf("nlm: Update: %w: weightDecay must be in [0, 1), got %v", ErrInvalid, weightDecay)
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
	m.J.Scale(1-weightDecay, m.J)
	m.J.Add(m.J, scaled(-lr, sm))
	if m.B != nil {
		sbm.SubVec(sbm, sbd)
		m.B.ScaleVec(1-weightDecay, m.B)
		m.B.AddScaledVec(m.B, -lr, sbm)
	}
	return kl, nil
}

func scaled(a float64, x *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.Scale(a, x)
	return &out
}
