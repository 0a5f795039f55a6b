package engine

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
)

// forKernels runs f once per tile kernel this CPU has, as the active one.
func forKernels(t *testing.T, f func(t *testing.T)) {
	ks := kernels()
	if len(ks) == 0 {
		t.Skip("no AVX2 or AVX-512: the packed products are not used on this CPU")
	}
	// The kernel follows the CPU, so it is package state: tests that run
	// each kernel swap it and do not run in parallel.
	defer func(k *tileKernel) { packedKernel = k }(packedKernel)
	for _, k := range ks {
		packedKernel = k
		t.Run(k.name, f)
	}
}

// TestMulPacked compares packed products with a float64 reference over
// shapes that exercise row tails, the last partial panel, several k blocks
// and partial panel ranges, for W packed as given and transposed.
func TestMulPacked(t *testing.T) { forKernels(t, testMulPacked) }

func testMulPacked(t *testing.T) {
	nr := packedKernel.nr
	s := NewStream(5, 0)
	for _, tc := range []struct{ m, k, n, p0, p1 int }{
		{1, 1, 1, 0, 1}, {12, 3, 32, 0, 1}, {13, 40, 33, 0, 2}, {36, 784, 784, 0, 25},
		{36, 784, 784, 13, 25}, {25, 300, 70, 1, 3}, {5, 2 * kc, 100, 0, 4}, {24, kc + 1, 64, 1, 2},
		// p1 = -1: up to the last panel, partial when n is not a multiple of the width.
		{13, 40, 33, 0, -1}, {30, 300, 70, 1, -1}, {7, 2*kc + 3, 50, 0, -1}, {36, 784, 790, 0, -1},
	} {
		for _, trans := range []bool{false, true} {
			lda, ldc := tc.k+3, tc.n+5
			a := make([]float32, tc.m*lda)
			src := make([]float32, tc.k*tc.n)
			c := make([]float32, tc.m*ldc)
			s.Normal(a)
			s.Normal(src)
			s.Normal(c)
			before := append([]float32(nil), c...)
			w := func(t, j int) float32 { return src[t*tc.n+j] }
			var p Packed
			if trans { // src holds Wᵀ, n×k
				w = func(t, j int) float32 { return src[j*tc.k+t] }
				p.Pack(tc.k, tc.n, nr, src, tc.k, true)
			} else {
				p.Pack(tc.k, tc.n, nr, src, tc.n, false)
			}
			if tc.p1 < 0 {
				tc.p1 = p.Panels()
			}
			if tc.p1 > p.Panels() {
				continue
			}
			MulPacked(c, ldc, a, lda, tc.m, &p, tc.p0, tc.p1, &Scratch{})
			j0, j1 := tc.p0*nr, min(tc.p1*nr, tc.n)
			for r := 0; r < tc.m; r++ {
				for j := 0; j < ldc; j++ {
					got := c[r*ldc+j]
					if j < j0 || j >= j1 {
						if got != before[r*ldc+j] {
							t.Fatalf("%+v trans %v: C[%d][%d] outside the panels changed", tc, trans, r, j)
						}
						continue
					}
					want := 0.0
					for k := 0; k < tc.k; k++ {
						want += float64(a[r*lda+k]) * float64(w(k, j))
					}
					if d := math.Abs(float64(got) - want); d > 2e-6*float64(tc.k)+1e-5*math.Abs(want) {
						t.Fatalf("%+v trans %v: C[%d][%d] = %v, want %v", tc, trans, r, j, got, want)
					}
				}
			}
		}
	}
}

// TestPackedStepMatchesBLAS runs the same steps on the packed products and
// on the BLAS, for batches split by rows and by columns, with and without
// bias and the Onsager term.
func TestPackedStepMatchesBLAS(t *testing.T) { forKernels(t, testPackedStepMatchesBLAS) }

func testPackedStepMatchesBLAS(t *testing.T) {
	for _, tc := range []struct {
		b, n, threads int
		bias, onsager bool
	}{{200, 70, 2, false, true}, {200, 70, 2, true, true}, {5, 100, 2, true, true}, {30, 784, 3, false, false}, {13, 33, 1, true, true}} {
		c := randomCouplings(tc.n, 2)
		if tc.bias {
			c.Bias = make([]float32, tc.n)
			s := NewStream(3, 0)
			s.Normal(c.Bias)
		}
		var xs [2][]float32
		for i, packed := range []bool{false, true} {
			bt := NewBatch(tc.b, tc.n, tc.threads, 4)
			bt.Tune.Packed = packed
			bt.InitNormal()
			for range 3 {
				bt.Step(c, 1, 0.01, tc.onsager)
			}
			xs[i] = bt.X
		}
		for i := range xs[0] {
			if d := math.Abs(float64(xs[0][i] - xs[1][i])); d > 1e-4 {
				t.Fatalf("%+v: BLAS and packed steps differ at %d: %v vs %v", tc, i, xs[0][i], xs[1][i])
			}
		}
	}
}

// TestPackedStepBitIdentical: on the packed products a step's result does
// not depend on the thread count or on whether the products are split by
// rows or by columns.
func TestPackedStepBitIdentical(t *testing.T) { forKernels(t, testPackedStepBitIdentical) }

func testPackedStepBitIdentical(t *testing.T) {
	c := randomCouplings(100, 1)
	var ref []float32
	for _, tc := range []struct{ threads, split int }{{1, 0}, {2, 0}, {3, 0}, {2, 1000}, {4, 1000}} {
		bt := NewBatch(50, 100, tc.threads, 7)
		bt.Tune.ColumnSplitBelow = tc.split
		bt.InitNormal()
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

// TestTouchRepacks: a step after J changes (through Load or Touch) uses the
// new couplings.
func TestTouchRepacks(t *testing.T) { forKernels(t, testTouchRepacks) }

func testTouchRepacks(t *testing.T) {
	n := 20
	c := randomCouplings(n, 1)
	bt := NewBatch(3, n, 1, 1)
	bt.InitNormal()
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
	j64 := make([]float64, n*n)
	c.Load(j64, n, nil)
	if c.packed {
		t.Fatal("Load left the packed copies marked valid")
	}
}

// TestParallelRowsConcurrentAndNested: calls from several goroutines at once,
// and a call made from inside a block, all complete and cover every row.
func TestParallelRowsConcurrentAndNested(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				rows := 7 + g
				seen := make([]int32, rows)
				ParallelRows(3, rows, func(_, lo, hi int) {
					ParallelRows(2, hi-lo, func(_, a, b int) {
						for r := lo + a; r < lo+b; r++ {
							seen[r]++
						}
					})
				})
				for r, s := range seen {
					if s != 1 {
						t.Errorf("row %d visited %d times", r, s)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestNormal8MatchesNormal: the eight-stream vector Ziggurat gives Normal's
// values bit for bit and leaves the streams in the same state, including
// across slow-path draws and odd lengths.
func TestNormal8MatchesNormal(t *testing.T) {
	if !DefaultTuning().VectorNormal {
		t.Skip("no AVX-512: the vector Ziggurat is not used on this CPU")
	}
	for _, n := range []int{0, 1, 2, 3, 17, 784, 785, 20000} {
		ld := n + 3
		s := make([]Stream, 8)
		want := make([]Stream, 8)
		for l := range s {
			s[l] = NewStream(uint64(n), uint64(l))
			want[l] = s[l]
		}
		buf := make([]float32, 8*ld)
		normal8(s, buf, ld, n)
		for l := range 8 {
			row := make([]float32, n)
			want[l].Normal(row)
			for i, v := range row {
				if math.Float32bits(buf[l*ld+i]) != math.Float32bits(v) {
					t.Fatalf("n %d row %d: value %d = %v, Normal gives %v", n, l, i, buf[l*ld+i], v)
				}
			}
			if s[l] != want[l] {
				t.Fatalf("n %d row %d: stream state differs from Normal's", n, l)
			}
			for i := n; i < ld && l*ld+i < len(buf); i++ {
				if buf[l*ld+i] != 0 {
					t.Fatalf("n %d row %d: wrote past the row at %d", n, l, i)
				}
			}
		}
	}
}

// TestWedgeSqueeze: the squeeze bounds of the Ziggurat's wedge test change
// no draw (the bounds are exact; only rounding at the tangent point could
// differ, with probability about 1e-16 per draw).
func TestWedgeSqueeze(t *testing.T) {
	defer func(v bool) { wedgeSqueeze = v }(wedgeSqueeze)
	const n = 4_000_000
	var out [2][]float32
	for k, sq := range []bool{false, true} {
		wedgeSqueeze = sq
		s := NewStream(99, 1)
		out[k] = make([]float32, n)
		s.Normal(out[k])
	}
	for i := range out[0] {
		if out[0][i] != out[1][i] {
			t.Fatalf("draw %d: %v with the squeeze, %v without", i, out[1][i], out[0][i])
		}
	}
}

// TestParallelRowsPanic: a panic in a worker's block reaches the caller, as
// a recoverable panic that names the value and the block's stack, and the
// pool keeps working afterwards.
func TestParallelRowsPanic(t *testing.T) {
	for _, bad := range []int{0, 1, 2} {
		func() {
			defer func() {
				r := recover()
				p, ok := r.(*blockPanic)
				if !ok {
					t.Fatalf("block %d: recovered %v (%T), want a *blockPanic", bad, r, r)
				}
				if msg := p.Error(); !strings.Contains(msg, "boom") || !strings.Contains(msg, "packed_test.go") {
					t.Errorf("block %d: message lacks the value or the stack:\n%s", bad, msg)
				}
			}()
			ParallelRows(3, 9, func(b, _, _ int) {
				if b == bad {
					panic(fmt.Sprintf("boom in block %d", b))
				}
			})
		}()
	}
	seen := make([]int, 9)
	ParallelRows(3, 9, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			seen[r]++
		}
	})
	for r, s := range seen {
		if s != 1 {
			t.Fatalf("after the panics, row %d was visited %d times", r, s)
		}
	}
}
