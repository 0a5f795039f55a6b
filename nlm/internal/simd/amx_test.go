package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

func skipNoAMX(t testing.TB) {
	t.Helper()
	if !UseAMX {
		t.Skipf("AMX-BF16 tiles not available: %v", AMXError)
	}
}

// randBF16 returns n random bf16 values in [−2, 2) (zeros where zero is
// true for the index).
func randBF16(rng *rand.Rand, n int) []uint16 {
	v := make([]uint16, n)
	for i := range v {
		v[i] = BF16(float32(4*rng.Float64() - 2))
	}
	return v
}

// refMul returns C = A·W (+ C0 when acc) in float64, A m×k (bf16, lda
// words per row), W k×n float32 values already rounded to bf16.
func refMul(a []uint16, lda, m, k int, w []float32, n int, c0 []float32, ldc int, acc bool) []float64 {
	out := make([]float64, m*n)
	for r := range m {
		for j := range n {
			s := 0.0
			if acc {
				s = float64(c0[r*ldc+j])
			}
			for t := range k {
				s += float64(FromBF16(a[r*lda+t])) * float64(w[t*n+j])
			}
			out[r*n+j] = s
		}
	}
	return out
}

// TestAMXMul checks MulAMX (and so AMXMul's four block shapes, the row
// tail and partial panels) against a float64 product of the same bf16
// values, in both modes, on panel sub-ranges, in one pass over k and in
// blocks of k-steps, with C's elements outside the product left alone.
func TestAMXMul(t *testing.T) {
	skipNoAMX(t)
	defer func(kb, rb int) { AMXKBlock, AMXRowBlock = kb, rb }(AMXKBlock, AMXRowBlock)
	for _, b := range [][2]int{{0, 32}, {1, 16}, {3, 48}, {7, 1000}} {
		AMXKBlock, AMXRowBlock = b[0], b[1]
		testMulBF16(t, MulAMX)
	}
}

func testMulBF16(t *testing.T, mul func(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool)) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, tc := range []struct {
		m, k, n int
		p0, p1  int // panel range; p1 = -1: all
		acc     bool
	}{
		{16, 32, 16, 0, -1, false},
		{32, 32, 32, 0, -1, false},
		{33, 64, 48, 0, -1, true},
		{5, 40, 20, 0, -1, false},
		{47, 100, 70, 0, -1, true},
		{50, 784, 784, 0, -1, false},
		{50, 784, 784, 2, 10, true},
		{31, 65, 33, 2, -1, false},
		{12, 7, 5, 0, -1, true},
		{100, 300, 100, 4, 7, false},
	} {
		np := (tc.n + 15) / 16
		p1 := tc.p1
		if p1 < 0 {
			p1 = np
		}
		ks := KSteps(tc.k)
		lda, ldc := 32*ks+32, tc.n+3
		a := make([]uint16, tc.m*lda)
		for r := range tc.m {
			copy(a[r*lda:r*lda+tc.k], randBF16(rng, tc.k))
		}
		wf := make([]float32, tc.k*tc.n)
		for i := range wf {
			wf[i] = FromBF16(BF16(float32(rng.NormFloat64())))
		}
		w := make([]uint16, PackedLen(tc.k, tc.n))
		for i := range w {
			w[i] = 0x7fc0 // NaN: every word must be written
		}
		Pack(w, tc.k, tc.n, wf, tc.n, false, 0, np)
		c := make([]float32, tc.m*ldc)
		for i := range c {
			c[i] = float32(rng.NormFloat64())
		}
		c0 := append([]float32(nil), c...)
		want := refMul(a, lda, tc.m, tc.k, wf, tc.n, c0, ldc, tc.acc)
		mul(c, ldc, a, lda, tc.m, w, tc.k, tc.n, tc.p0, p1, tc.acc)
		j0, j1 := 16*tc.p0, min(16*p1, tc.n)
		for r := range tc.m {
			for j := range ldc {
				got := c[r*ldc+j]
				if j < j0 || j >= j1 {
					if math.Float32bits(got) != math.Float32bits(c0[r*ldc+j]) {
						t.Fatalf("%+v: C[%d][%d] outside the product changed: %v → %v", tc, r, j, c0[r*ldc+j], got)
					}
					continue
				}
				if d := math.Abs(float64(got) - want[r*tc.n+j]); d > 1e-5*(4+math.Abs(want[r*tc.n+j]))*math.Sqrt(float64(tc.k)) {
					t.Fatalf("%+v: C[%d][%d] = %v, want %v", tc, r, j, got, want[r*tc.n+j])
				}
			}
		}
	}
}

// TestPackTrans checks that packing the transpose gives the same words as
// packing the transposed matrix.
func TestPackTrans(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const k, n = 70, 37
	w := make([]float32, k*n)
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	wt := make([]float32, n*k)
	for i := range k {
		for j := range n {
			wt[j*k+i] = w[i*n+j]
		}
	}
	p1, p2 := make([]uint16, PackedLen(k, n)), make([]uint16, PackedLen(k, n))
	Pack(p1, k, n, w, n, false, 0, 3)
	Pack(p1, k, n, w, n, false, 2, 3)
	Pack(p2, k, n, wt, k, true, 0, 2)
	Pack(p2, k, n, wt, k, true, 2, 3)
	for i := range p1 {
		if p1[i] != p2[i] {
			t.Fatalf("word %d: %#x packed, %#x packed from the transpose", i, p1[i], p2[i])
		}
	}
}

// TestBF16Round checks the rounding of BF16 on ties, carries, denormals,
// infinities and NaN.
func TestBF16Round(t *testing.T) {
	for _, tc := range []struct {
		in   uint32
		want uint16
	}{
		{0x3f800000, 0x3f80}, // 1
		{0x3f808000, 0x3f80}, // tie, even stays
		{0x3f818000, 0x3f82}, // tie, odd rounds up
		{0x3f808001, 0x3f81}, // above the tie
		{0x3f7fffff, 0x3f80}, // carry into the exponent
		{0x7f7fffff, 0x7f80}, // rounds to +Inf
		{0x00400000, 0x0000}, // denormal → 0
		{0x80400000, 0x8000}, // negative denormal → −0
		{0xff800000, 0xff80}, // −Inf
		{0x7f800001, 0x7fc0}, // signalling NaN → quiet
	} {
		if got := BF16(math.Float32frombits(tc.in)); got != tc.want {
			t.Errorf("BF16(%#08x) = %#04x, want %#04x", tc.in, got, tc.want)
		}
	}
}

// TestAMXPeak checks AMXPeak's sums: n times the product of its tiles.
func TestAMXPeak(t *testing.T) {
	skipNoAMX(t)
	a := make([]uint16, 1024)
	w := make([]uint16, 1024)
	for i := range a {
		a[i] = BF16(float32(i%3 - 1))
		w[i] = BF16(float32(i%5 - 2))
	}
	c := make([]float32, 1024)
	const n = 5
	AMXPeak(&a[0], &w[0], &c[0], n)
	for r := range 2 {
		for u := range 2 {
			for m := range 16 {
				for j := range 16 {
					s := float32(0)
					for k := range 32 {
						s += FromBF16(a[512*r+32*m+k]) * FromBF16(w[512*u+32*(k/2)+2*j+k%2])
					}
					if got := c[256*(2*r+u)+16*m+j]; got != n*s {
						t.Fatalf("tile %d element (%d, %d) = %v, want %v", 2*r+u, m, j, got, n*s)
					}
				}
			}
		}
	}
}
