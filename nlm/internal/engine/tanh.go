package engine

import "github.com/gonlm/gonlm/nlm/internal/simd"

// Rational minimax-style approximation tanh(x) ≈ x·P(x²)/Q(x²) on |x| < 8,
// fitted for this package (weighted least squares with Lawson reweighting);
// evaluated in float32 its absolute error is below 5e-7 on the whole real
// line. For |x| ≥ 8, tanh(x) rounds to ±1 within 2.3e-7.
const (
	tp1 = 0.13554266823069405
	tp2 = 0.0037053739546533187
	tp3 = 2.429320785591185e-05
	tp4 = 1.9126712233464334e-08
	tq1 = 0.4688760009905574
	tq2 = 0.026664042379791787
	tq3 = 0.00036375961416952254
	tq4 = 9.982460116376741e-07
)

// Tanh returns a float32 approximation of tanh(x) with absolute error < 5e-7.
// NaN maps to NaN.
func Tanh(x float32) float32 {
	if x >= 8 {
		return 1
	}
	if x <= -8 {
		return -1
	}
	s := x * x
	p := (((tp4*s+tp3)*s+tp2)*s+tp1)*s + 1
	q := (((tq4*s+tq3)*s+tq2)*s+tq1)*s + 1
	y := x * p / q
	if y > 1 {
		y = 1
	} else if y < -1 {
		y = -1
	}
	return y
}

// TanhSlice sets dst[i] = tanh(src[i]); dst and src may be the same slice.
// With AVX2 the first len&^7 elements use the vector kernel (the same
// arithmetic as the fused step), the rest Tanh, so that a row's P = tanh(X)
// is bit-identical whether it comes from a step or from TanhSlice on that row.
func TanhSlice(dst, src []float32) {
	dst = dst[:len(src)]
	if n := len(src) &^ 7; simd.UseAVX2 && n > 0 {
		simd.Tanh(&dst[0], &src[0], n)
		dst, src = dst[n:], src[n:]
	}
	for i, x := range src {
		dst[i] = Tanh(x)
	}
}
