package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernel12x32 checks the micro-kernel against a float64 sum for odd and
// even kc, partial column masks and both the replace and accumulate modes.
func TestKernel12x32(t *testing.T) {
	if !UseAVX512 {
		t.Skip("no AVX-512 on this CPU")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const lda, ldc = 57, 41
	for _, tc := range []struct {
		kc   int
		cols int
		acc  bool
	}{{1, 32, false}, {2, 32, true}, {7, 16, false}, {50, 5, true}, {51, 31, false}, {0, 32, true}} {
		a := make([]float32, 12*lda)
		w := make([]float32, max(tc.kc, 1)*32)
		c := make([]float32, 12*ldc+1)
		for i := range a {
			a[i] = float32(rng.NormFloat64())
		}
		for i := range w {
			w[i] = float32(rng.NormFloat64())
		}
		for i := range c {
			c[i] = float32(rng.NormFloat64())
		}
		want := append([]float32(nil), c...)
		for r := 0; r < 12; r++ {
			for j := 0; j < tc.cols; j++ {
				s := 0.0
				if tc.acc {
					s = float64(want[r*ldc+j])
				}
				for k := 0; k < tc.kc; k++ {
					s += float64(a[r*lda+k]) * float64(w[32*k+j])
				}
				want[r*ldc+j] = float32(s)
			}
		}
		mask := uint64(1)<<tc.cols - 1
		acc := uintptr(0)
		if tc.acc {
			acc = 1
		}
		Kernel12x32(&a[0], lda*4, &w[0], uintptr(tc.kc), &c[0], ldc*4, mask, acc)
		for i := range c {
			r, j := i/ldc, i%ldc
			if r >= 12 || j >= tc.cols {
				if c[i] != want[i] {
					t.Fatalf("%+v: element %d outside the tile changed: %v → %v", tc, i, want[i], c[i])
				}
				continue
			}
			if d := math.Abs(float64(c[i] - want[i])); d > 1e-4*(1+math.Abs(float64(want[i]))) {
				t.Fatalf("%+v: C[%d][%d] = %v, want %v", tc, r, j, c[i], want[i])
			}
		}
	}
}

// TestUpdateRow16 checks that the 16-lane fused pass gives the 8-lane one's
// results bit for bit, with and without noise.
func TestUpdateRow16(t *testing.T) {
	if !UseAVX512 {
		t.Skip("no AVX-512 on this CPU")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 784
	vec := func(scale float64) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(scale * rng.NormFloat64())
		}
		return v
	}
	for _, sigma := range []float32{0, 0.1414} {
		x, r, g, xi := vec(3), vec(2), vec(2), vec(1)
		x[0], x[1] = 40, -40 // beyond the tanh clamp
		p := make([]float32, n)
		for i := range p {
			p[i] = float32(math.Tanh(float64(x[i])))
		}
		x2, p2 := append([]float32(nil), x...), append([]float32(nil), p...)
		UpdateRow16(&x[0], &p[0], &r[0], &g[0], &xi[0], n, 0.01, sigma)
		UpdateRow(&x2[0], &p2[0], &r[0], &g[0], &xi[0], n, 0.01, sigma)
		for i := range x {
			if math.Float32bits(x[i]) != math.Float32bits(x2[i]) || math.Float32bits(p[i]) != math.Float32bits(p2[i]) {
				t.Fatalf("sigma %v, element %d: 16 lanes give x %v p %v, 8 lanes x %v p %v", sigma, i, x[i], p[i], x2[i], p2[i])
			}
		}
	}
}
