package engine

import (
	"math"
	"testing"

	"github.com/gonlm/gonlm/nlm/internal/simd"
)

// forBF16Kernels runs f once per bf16 kernel this CPU has, as the active
// one; it skips where there is none.
func forBF16Kernels(t *testing.T, f func(t *testing.T)) {
	ks := bf16Kernels()
	if len(ks) == 0 {
		t.Skip("no AMX-BF16 or AVX512-BF16 on this CPU (or NLM_BF16=0): the bf16 products are not used")
	}
	defer func(k *bf16Kernel) { bf16Active = k }(bf16Active)
	for _, k := range ks {
		bf16Active = k
		t.Run(k.name, f)
	}
}

func biasedCouplings(n int, bias bool, seed uint64) *Couplings {
	c := randomCouplings(n, seed)
	if bias {
		c.Bias = make([]float32, n)
		s := NewStream(seed+1, 0)
		s.Normal(c.Bias)
	}
	return c
}

// checkPb fails unless Pb = bf16(P) on every row and is zero past N.
func checkPb(t *testing.T, bt *Batch, what string) {
	t.Helper()
	n, kp := bt.N, bt.kp
	for r := range bt.B {
		for i := range kp {
			want := uint16(0)
			if i < n {
				want = simd.BF16(bt.P[r*n+i])
			}
			if got := bt.Pb[r*kp+i]; got != want {
				t.Fatalf("%s: Pb[%d][%d] = %#04x, want %#04x", what, r, i, got, want)
			}
		}
	}
}

// TestBF16StepMatchesFloat32 runs the same steps with bf16 and float32
// products, split by rows and by columns, with and without bias and the
// Onsager term: the states agree to bf16 rounding, and Pb follows P.
func TestBF16StepMatchesFloat32(t *testing.T) { forBF16Kernels(t, testBF16StepMatchesFloat32) }

func testBF16StepMatchesFloat32(t *testing.T) {
	for _, tc := range []struct {
		b, n, threads int
		bias, onsager bool
	}{{200, 70, 2, false, true}, {200, 70, 2, true, true}, {5, 100, 2, true, true}, {30, 784, 3, false, false},
		{13, 33, 1, true, true}, {250, 784, 2, true, true}, {40, 16, 2, false, true}} {
		c := biasedCouplings(tc.n, tc.bias, 2)
		var xs [2][]float32
		for i, bf := range []bool{false, true} {
			bt := NewBatch(tc.b, tc.n, tc.threads, 4)
			bt.InitNormal()
			if got := bt.SetBF16(bf); got != bf {
				t.Fatalf("SetBF16(%v) = %v", bf, got)
			}
			for range 3 {
				bt.Step(c, 1, 0.01, tc.onsager)
			}
			if bf {
				checkPb(t, bt, "after steps")
			}
			xs[i] = bt.X
		}
		worst := 0.0
		for i := range xs[0] {
			worst = max(worst, math.Abs(float64(xs[0][i]-xs[1][i])))
		}
		// Three steps of dt = 0.01 with products of relative error ~2⁻⁸.
		if worst > 2e-3 || worst == 0 && tc.n > 16 {
			t.Fatalf("%+v: bf16 and float32 steps differ by up to %v", tc, worst)
		}
	}
}

// TestBF16StepBitIdentical: with bf16 products a step's result does not
// depend on the thread count or on the split by rows or columns.
func TestBF16StepBitIdentical(t *testing.T) { forBF16Kernels(t, testBF16StepBitIdentical) }

func testBF16StepBitIdentical(t *testing.T) {
	c := biasedCouplings(100, true, 1)
	var ref []float32
	for _, tc := range []struct{ threads, split int }{{1, 0}, {2, 0}, {3, 0}, {2, 1000}, {4, 1000}} {
		bt := NewBatch(150, 100, tc.threads, 7)
		bt.Tune.ColumnSplitBelow = tc.split
		bt.InitNormal()
		bt.SetBF16(true)
		for range 4 {
			bt.Step(c, 1, 0.01, true)
		}
		if ref == nil {
			ref = bt.X
			continue
		}
		for i := range ref {
			if bt.X[i] != ref[i] {
				t.Fatalf("%+v: X[%d] = %v, want %v bit for bit", tc, i, bt.X[i], ref[i])
			}
		}
	}
}

// TestBF16Refresh: Pb follows P through RefreshP, InitNormal and SetBF16,
// and a step after Touch uses the new couplings.
func TestBF16Refresh(t *testing.T) { forBF16Kernels(t, testBF16Refresh) }

func testBF16Refresh(t *testing.T) {
	n := 40
	c := randomCouplings(n, 1)
	bt := NewBatch(20, n, 2, 1)
	bt.InitNormal()
	bt.SetBF16(true)
	checkPb(t, bt, "SetBF16")
	s := NewStream(9, 0)
	s.Normal(bt.X)
	bt.RefreshP()
	checkPb(t, bt, "RefreshP")
	bt.InitNormal()
	checkPb(t, bt, "InitNormal")
	bt.Step(c, 0, 0.01, true)
	clear(c.J)
	c.Touch()
	x := append([]float32(nil), bt.X...)
	bt.Step(c, 0, 0.01, true) // J = 0: x ← x − dt·x exactly in float32
	for i := range x {
		if want := x[i] + 0.01*(-x[i]); math.Abs(float64(bt.X[i]-want)) > 1e-6 {
			t.Fatalf("after Touch, X[%d] = %v, want %v (the old J was used)", i, bt.X[i], want)
		}
	}
	if bt.SetBF16(false) || bt.Pb != nil {
		t.Fatal("SetBF16(false) left the bf16 buffers")
	}
}

// TestStatisticBF16 compares the bf16 learning statistic with the float32
// one (two batches of different sizes, with the bias part).
func TestStatisticBF16(t *testing.T) { forBF16Kernels(t, testStatisticBF16) }

func testStatisticBF16(t *testing.T) {
	for _, n := range []int{70, 784} {
		c := biasedCouplings(n, true, 3)
		mk := func(b int, seed uint64, bf bool) *Batch {
			bt := NewBatch(b, n, 2, seed)
			bt.InitNormal()
			bt.SetBF16(bf)
			bt.Residual(c)
			return bt
		}
		var s [2][]float32
		var sb [2][]float32
		for i, bf := range []bool{false, true} {
			m, d := mk(101, 5, bf), mk(64, 6, bf)
			s[i], sb[i] = make([]float32, n*n), make([]float32, n)
			Statistic(s[i], sb[i], m, -1.0/101, d, 1.0/64, new(Stats))
		}
		worst, scale := 0.0, 0.0
		for i := range s[0] {
			worst = max(worst, math.Abs(float64(s[0][i]-s[1][i])))
			scale = max(scale, math.Abs(float64(s[0][i])))
		}
		if worst > 0.02*scale || worst == 0 {
			t.Errorf("n %d: bf16 and float32 statistics differ by up to %v (largest entry %v)", n, worst, scale)
		}
		for i := range sb[0] {
			if math.Abs(float64(sb[0][i]-sb[1][i])) > 1e-2*(1+math.Abs(float64(sb[0][i]))) {
				t.Fatalf("n %d: bias statistic %d: %v (bf16 residuals) vs %v", n, i, sb[1][i], sb[0][i])
			}
		}
	}
}
