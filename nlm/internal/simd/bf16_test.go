package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

func skipNoBF16(t testing.TB) {
	t.Helper()
	if !UseAVX512BF16 {
		t.Skip("no AVX512-BF16 on this CPU (or NLM_BF16=0)")
	}
}

// TestAVX512BF16Mul checks MulAVX512BF16 (BF16Kernel12x32 and
// BF16Kernel12x16, the row tail and k-blocks) as TestAMXMul does MulAMX.
func TestAVX512BF16Mul(t *testing.T) {
	skipNoBF16(t)
	var s Scratch
	testMulBF16(t, func(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool) {
		MulAVX512BF16(c, ldc, a, lda, m, w, k, n, p0, p1, acc, &s)
	})
}

// TestToBF16 checks VCVTNEPS2BF16 (through ToBF16) against BF16 on random
// values and on the cases of TestBF16Round.
func TestToBF16(t *testing.T) {
	skipNoBF16(t)
	rng := rand.New(rand.NewPCG(13, 14))
	src := make([]float32, 4096)
	for i := range src {
		src[i] = math.Float32frombits(rng.Uint32())
	}
	copy(src, []float32{
		math.Float32frombits(0x3f808000), math.Float32frombits(0x3f818000), math.Float32frombits(0x3f7fffff),
		math.Float32frombits(0x7f7fffff), math.Float32frombits(0x00400000), math.Float32frombits(0x80400000),
		math.Float32frombits(0xff800000), math.Float32frombits(0x7f800001), float32(math.NaN()), 0, -1,
	})
	dst := make([]uint16, len(src)+16)
	ToBF16(&dst[0], &src[0], len(src)+7) // converts len(src) values
	for i, v := range src {
		if got, want := dst[i], BF16(v); got != want {
			t.Fatalf("VCVTNEPS2BF16(%#08x) = %#04x, BF16 gives %#04x", math.Float32bits(v), got, want)
		}
	}
	for _, v := range dst[len(src):] {
		if v != 0 {
			t.Fatal("ToBF16 wrote past n&^15 elements")
		}
	}
}

// TestUpdateRow16BF16 checks that the bf16-writing update gives
// UpdateRow16's x and p bit for bit, and pb = BF16(p).
func TestUpdateRow16BF16(t *testing.T) {
	skipNoBF16(t)
	rng := rand.New(rand.NewPCG(17, 18))
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
		p := make([]float32, n)
		for i := range p {
			p[i] = float32(math.Tanh(float64(x[i])))
		}
		x2, p2 := append([]float32(nil), x...), append([]float32(nil), p...)
		pb := make([]uint16, n+16)
		UpdateRow16BF16(&x[0], &p[0], &r[0], &g[0], &xi[0], &pb[0], n, 0.01, sigma)
		UpdateRow16(&x2[0], &p2[0], &r[0], &g[0], &xi[0], n, 0.01, sigma)
		for i := range x {
			if math.Float32bits(x[i]) != math.Float32bits(x2[i]) || math.Float32bits(p[i]) != math.Float32bits(p2[i]) {
				t.Fatalf("sigma %v, element %d: x %v p %v, UpdateRow16 gives x %v p %v", sigma, i, x[i], p[i], x2[i], p2[i])
			}
			if pb[i] != BF16(p[i]) {
				t.Fatalf("sigma %v, element %d: pb %#04x, want BF16(%v) = %#04x", sigma, i, pb[i], p[i], BF16(p[i]))
			}
		}
		if pb[n] != 0 {
			t.Fatal("UpdateRow16BF16 wrote past n")
		}
	}
}

// TestResidualBF16 checks h + (b − x), h − x and the bf16 copy against Go.
func TestResidualBF16(t *testing.T) {
	skipNoBF16(t)
	rng := rand.New(rand.NewPCG(19, 20))
	const n = 800
	for _, bias := range []bool{false, true} {
		h, x, b := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range h {
			h[i], x[i], b[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64()), float32(rng.NormFloat64())
		}
		want := make([]float32, n)
		for i := range want {
			if bias {
				want[i] = h[i] + (b[i] - x[i])
			} else {
				want[i] = h[i] - x[i]
			}
		}
		rb := make([]uint16, n)
		bp := &b[0]
		if !bias {
			bp = nil
		}
		ResidualBF16(&h[0], &x[0], bp, &rb[0], n)
		for i := range h {
			if h[i] != want[i] || rb[i] != BF16(want[i]) {
				t.Fatalf("bias %v, element %d: h %v rb %#04x, want %v %#04x", bias, i, h[i], rb[i], want[i], BF16(want[i]))
			}
		}
	}
}

// TestStatsOperands checks PackRows and TransposeRows through a product:
// Σ_t α_t·R_t[i]·P_t[j] over two row sources, on the active bf16 kernel.
func TestStatsOperands(t *testing.T) {
	skipNoBF16(t)
	rng := rand.New(rand.NewPCG(21, 22))
	const n, b1, b2 = 37, 13, 20
	k := b1 + b2
	mk := func(rows int) [][]float32 {
		m := make([][]float32, rows)
		for i := range m {
			m[i] = make([]float32, n)
			for j := range m[i] {
				m[i][j] = float32(rng.NormFloat64())
			}
		}
		return m
	}
	r1, r2, p1, p2 := mk(b1), mk(b2), mk(b1), mk(b2)
	const al1, al2 = -0.25, 0.125
	ks := KSteps(k)
	w := make([]uint16, PackedLen(k, n))
	PackRows(w, k, n, func(t int) []float32 {
		if t < b1 {
			return p1[t]
		}
		return p2[t-b1]
	}, 0, ks)
	lda := 32 * ks
	a := make([]uint16, n*lda)
	for i := range a {
		a[i] = 0x7fc0 // every word must be written
	}
	row := func(t int) ([]float32, float32) {
		if t < b1 {
			return r1[t], al1
		}
		return r2[t-b1], al2
	}
	TransposeRows(a, lda, n, k, row, 0, 1)
	TransposeRows(a, lda, n, k, row, 1, ks)
	c := make([]float32, n*n)
	np := (n + 15) / 16
	if UseAMX {
		MulAMX(c, n, a, lda, n, w, k, n, 0, np, false)
	} else {
		MulAVX512BF16(c, n, a, lda, n, w, k, n, 0, np, false, new(Scratch))
	}
	for i := range n {
		for j := range n {
			s := 0.0
			for t := range k {
				rt, al := row(t)
				pt := p1
				tt := t
				if t >= b1 {
					pt, tt = p2, t-b1
				}
				s += float64(FromBF16(BF16(al*rt[i]))) * float64(FromBF16(BF16(pt[tt][j])))
			}
			if d := math.Abs(float64(c[i*n+j]) - s); d > 1e-5*(1+math.Abs(s)) {
				t.Fatalf("S[%d][%d] = %v, want %v", i, j, c[i*n+j], s)
			}
		}
	}
}

// TestPackKernels checks the vector packing (PackPairRows, PackTransTile,
// TransposeRowsTiles behind Pack, PackRows and TransposeRows) against Go
// word for word, on shapes with and without edges.
func TestPackKernels(t *testing.T) {
	skipNoBF16(t)
	rng := rand.New(rand.NewPCG(23, 24))
	for _, sh := range [][2]int{{784, 784}, {70, 37}, {64, 64}, {33, 100}, {1000, 784}, {5, 16}} {
		k, n := sh[0], sh[1]
		src := make([]float32, k*n)
		for i := range src {
			src[i] = float32(rng.NormFloat64())
		}
		np := (n + 15) / 16
		for _, trans := range []bool{false, true} {
			ld := n
			if trans {
				ld = k // src holds Wᵀ, n×k
			}
			if trans && len(src) < n*k {
				continue
			}
			got, want := make([]uint16, PackedLen(k, n)), make([]uint16, PackedLen(k, n))
			for i := range got {
				got[i], want[i] = 0x7fc0, 0x7fc1
			}
			half := (np / 2) &^ 1
			Pack(got, k, n, src, ld, trans, 0, half)
			Pack(got, k, n, src, ld, trans, half, np)
			packGo(want, k, n, src, ld, trans, 0, np)
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("Pack %d×%d trans %v: word %d = %#04x, Go gives %#04x", k, n, trans, i, got[i], want[i])
				}
			}
			if trans {
				continue
			}
			// PackRows of the same rows gives the same words.
			pr := make([]uint16, PackedLen(k, n))
			PackRows(pr, k, n, func(t int) []float32 { return src[t*n : t*n+n] }, 0, KSteps(k))
			for i := range pr {
				if pr[i] != want[i] {
					t.Fatalf("PackRows %d×%d: word %d = %#04x, Pack gives %#04x", k, n, i, pr[i], want[i])
				}
			}
			// TransposeRows: A[i][t] = bf16(α_t·src[t][i]).
			ks := KSteps(k)
			lda := 32*ks + 32
			a := make([]uint16, n*lda)
			alpha := func(t int) float32 { return float32(t%7) - 2.5 }
			TransposeRows(a, lda, n, k, func(t int) ([]float32, float32) { return src[t*n : t*n+n], alpha(t) }, 0, ks)
			for i := range n {
				for c := range 32 * ks {
					want := uint16(0)
					if c < k {
						want = BF16(alpha(c) * src[c*n+i])
					}
					if a[i*lda+c] != want {
						t.Fatalf("TransposeRows %d×%d: A[%d][%d] = %#04x, want %#04x", k, n, i, c, a[i*lda+c], want)
					}
				}
			}
		}
	}
}
