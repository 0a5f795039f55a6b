package engine

import (
	"math"
	"sort"
	"testing"

	"github.com/gonlm/gonlm/nlm/internal/simd"
)

func TestTanhAccuracy(t *testing.T) {
	worst, at := 0.0, 0.0
	for i := -2000000; i <= 2000000; i++ {
		x := float32(i) * 1e-5 // [−20, 20]
		e := math.Abs(float64(Tanh(x)) - math.Tanh(float64(x)))
		if e > worst {
			worst, at = e, float64(x)
		}
	}
	if worst > 1e-6 {
		t.Errorf("max |Tanh − tanh| = %.3g at x = %v, want ≤ 1e-6", worst, at)
	}
	t.Logf("max abs error %.3g at %v", worst, at)
	for _, tc := range []struct{ x, want float32 }{{0, 0}, {100, 1}, {-100, -1}, {float32(math.Inf(1)), 1}, {float32(math.Inf(-1)), -1}} {
		if got := Tanh(tc.x); got != tc.want {
			t.Errorf("Tanh(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
	if !math.IsNaN(float64(Tanh(float32(math.NaN())))) {
		t.Error("Tanh(NaN) is not NaN")
	}
	for _, x := range []float32{0.3, 1.7, 5} {
		if Tanh(-x) != -Tanh(x) {
			t.Errorf("Tanh is not odd at %v", x)
		}
	}
}

// TestNormalDistribution checks the Ziggurat sampler: moments and a
// Kolmogorov–Smirnov distance to Φ on 10⁶ draws, tails included.
func TestNormalDistribution(t *testing.T) {
	const n = 1000000
	s := NewStream(42, 3)
	x := make([]float32, n)
	s.Normal(x[:n-1]) // odd length exercises the single-draw tail
	s.Normal(x[n-1:])
	var m1, m2, m3, m4 float64
	tail := 0
	for _, v := range x {
		f := float64(v)
		m1 += f
		m2 += f * f
		m3 += f * f * f
		m4 += f * f * f * f
		if math.Abs(f) > zigR {
			tail++
		}
	}
	m1 /= n
	m2 /= n
	m3 /= n
	m4 /= n
	if math.Abs(m1) > 5/math.Sqrt(n) || math.Abs(m2-1) > 5*math.Sqrt(2.0/n) || math.Abs(m3) > 5*math.Sqrt(15.0/n) || math.Abs(m4-3) > 5*math.Sqrt(96.0/n) {
		t.Errorf("moments mean %.4f var %.4f skew %.4f kurt %.4f; want 0, 1, 0, 3", m1, m2, m3, m4)
	}
	// P(|z| > r) = erfc(r/√2).
	wantTail := math.Erfc(zigR/math.Sqrt2) * n
	if math.Abs(float64(tail)-wantTail) > 5*math.Sqrt(wantTail) {
		t.Errorf("%d draws beyond ±r, want %.0f", tail, wantTail)
	}
	f := make([]float64, n)
	for i, v := range x {
		f[i] = float64(v)
	}
	sort.Float64s(f)
	d := 0.0
	for i, v := range f {
		c := 0.5 * math.Erfc(-v/math.Sqrt2)
		d = math.Max(d, math.Max(math.Abs(c-float64(i)/n), math.Abs(c-float64(i+1)/n)))
	}
	// KS critical value at α = 0.001: 1.95/√n.
	if d > 1.95/math.Sqrt(n) {
		t.Errorf("Kolmogorov–Smirnov distance %.5f > %.5f", d, 1.95/math.Sqrt(n))
	}
}

func TestStreamsDiffer(t *testing.T) {
	a, b, c := NewStream(1, 0), NewStream(1, 1), NewStream(2, 0)
	if a == b || a == c {
		t.Fatal("streams with different (seed, idx) coincide")
	}
	a2 := NewStream(1, 0)
	for i := 0; i < 10; i++ {
		if a.Uint64() != a2.Uint64() {
			t.Fatal("stream is not reproducible")
		}
	}
}

func TestParallelRowsCoversOnce(t *testing.T) {
	for _, tc := range []struct{ threads, rows int }{{1, 10}, {2, 10}, {3, 10}, {8, 5}, {4, 0}, {2, 1}} {
		seen := make([]int, tc.rows)
		blocks := make([][2]int, tc.threads)
		ParallelRows(tc.threads, tc.rows, func(th, lo, hi int) {
			blocks[th] = [2]int{lo, hi}
		})
		for _, b := range blocks {
			for r := b[0]; r < b[1]; r++ {
				seen[r]++
			}
		}
		for r, s := range seen {
			if s != 1 {
				t.Errorf("threads %d rows %d: row %d visited %d times", tc.threads, tc.rows, r, s)
			}
		}
	}
}

// TestStepThreadIndependence: the element-wise part of a step does not depend
// on how rows are split.
func TestStepThreadIndependence(t *testing.T) {
	c := randomCouplings(40, 1)
	var res [][]float32
	for _, th := range []int{1, 2, 3} {
		bt := NewBatch(9, 40, th, 7)
		bt.InitNormal()
		for i := 0; i < 5; i++ {
			bt.Step(c, 1, 0.01, true)
		}
		res = append(res, bt.X)
	}
	for k := 1; k < len(res); k++ {
		for i := range res[0] {
			if d := math.Abs(float64(res[k][i] - res[0][i])); d > 1e-4 {
				t.Fatalf("threads differ at %d by %v", i, d)
			}
		}
	}
}

func TestGemm(t *testing.T) {
	a := []float32{1, 2, 3, 4, 5, 6} // A: 2×3
	b := []float32{1, 0, 2, 1, 0, 3} // B: 3×2
	for _, tc := range []struct {
		name   string
		ta, tb bool
		x, y   []float32
		ldx    int
		ldy    int
		m, n   int
		k      int
		want   []float32
	}{
		{"A·B", false, false, a, b, 3, 2, 2, 2, 3, []float32{5, 11, 14, 23}},
		{"A·Aᵀ", false, true, a, a, 3, 3, 2, 2, 3, []float32{14, 32, 32, 77}},
		{"Aᵀ·A", true, false, a, a, 3, 3, 3, 3, 2, []float32{17, 22, 27, 22, 29, 36, 27, 36, 45}},
	} {
		c := make([]float32, tc.m*tc.n)
		for i := range c {
			c[i] = 1
		}
		Gemm(tc.ta, tc.tb, tc.m, tc.n, tc.k, 2, tc.x, tc.ldx, tc.y, tc.ldy, 3, c, tc.n)
		for i := range c {
			if c[i] != 2*tc.want[i]+3 {
				t.Errorf("%s: Gemm = %v, want 2·%v + 3", tc.name, c, tc.want)
				break
			}
		}
	}
}

// TestUpdateRowKernels compares the vectorised fused pass with the portable
// one (lengths that exercise the 8-lane body and the tail).
func TestUpdateRowKernels(t *testing.T) {
	if !simd.UseAVX2 {
		t.Skip("no AVX2/FMA on this CPU (or built with nlm_noasm)")
	}
	for _, n := range []int{1, 7, 8, 9, 31, 784} {
		for _, sigma := range []float32{0, 0.3} {
			s := NewStream(uint64(n), 1)
			mk := func(scale float32) []float32 {
				v := make([]float32, n)
				s.Normal(v)
				for i := range v {
					v[i] *= scale
				}
				return v
			}
			x, r, g, xi := mk(4), mk(1), mk(1), mk(1)
			x[0] = 30 // saturated tanh
			p := make([]float32, n)
			TanhSlice(p, x)
			x2, p2 := append([]float32(nil), x...), append([]float32(nil), p...)
			updateRow(x, p, r, g, xi, 0.01, sigma)
			updateRowGo(x2, p2, r, g, xi, 0.01, sigma)
			for i := range x {
				if math.Abs(float64(x[i]-x2[i])) > 1e-5*(1+math.Abs(float64(x2[i]))) || math.Abs(float64(p[i]-p2[i])) > 1e-6 {
					t.Fatalf("n=%d σ=%v i=%d: AVX2 (x %v, p %v), Go (x %v, p %v)", n, sigma, i, x[i], p[i], x2[i], p2[i])
				}
				if want := math.Tanh(float64(x[i])); math.Abs(float64(p[i])-want) > 1e-6 {
					t.Fatalf("n=%d: p = %v, tanh(x) = %v", n, p[i], want)
				}
			}
		}
	}
}

// TestTanhSliceMatchesStep: P = tanh(X) from TanhSlice is bit-identical to
// the P a step computes (needed for exact checkpoint/resume).
func TestTanhSliceMatchesStep(t *testing.T) {
	for _, n := range []int{5, 16, 20, 784} {
		s := NewStream(3, uint64(n))
		x := make([]float32, n)
		s.Normal(x)
		for i := range x {
			x[i] *= 5
		}
		zero := make([]float32, n)
		p1 := make([]float32, n)
		updateRow(x, p1, zero, zero, zero, 0, 0) // x unchanged, p = tanh(x)
		p2 := make([]float32, n)
		TanhSlice(p2, x)
		for i := range p1 {
			if p1[i] != p2[i] {
				t.Fatalf("n=%d i=%d: step gives %v, TanhSlice %v", n, i, p1[i], p2[i])
			}
		}
	}
}
