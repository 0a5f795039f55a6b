package simd

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
)

// BenchmarkTilePeak runs AMXPeak (AMXMul's inner step on L1-resident
// tiles: two A and two W tile loads, four TDPBF16PS) on every thread at
// once (NLM_THREADS, else all CPUs): the ceiling of the tile kernel, the
// bound against which nlm/bench/bench.sh states the bf16 products'
// efficiency.
func BenchmarkTilePeak(b *testing.B) {
	skipNoAMX(b)
	th := benchThreads()
	// Random data: the tiles run about 20% faster on zeros than on real
	// numbers.
	rng := rand.New(rand.NewPCG(3, 4))
	a, w := randBF16(rng, 1024), randBF16(rng, 1024)
	defer cpuPerOp(b, th)()
	var wg sync.WaitGroup
	for range th {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := make([]float32, 1024)
			AMXPeak(&a[0], &w[0], &c[0], b.N)
		}()
	}
	wg.Wait()
	b.ReportMetric(4*2*16*16*32*float64(th)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkMulAMX is one of a step's products on the tiles, 1000×784 times
// a packed 784×784, split by rows over the threads.
func BenchmarkMulAMX(b *testing.B) {
	skipNoAMX(b)
	benchMulBF16(b, 1000, MulAMX)
}

func benchMulBF16(b *testing.B, m int, mul func(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool)) {
	benchMulBF16Threads(b, m, benchThreads(), mul)
}

func benchMulBF16Threads(b *testing.B, m, th int, mul func(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool)) {
	const n = 784
	rng := rand.New(rand.NewPCG(1, 2))
	lda := 32 * KSteps(n)
	a := make([]uint16, m*lda)
	for r := range m {
		copy(a[r*lda:r*lda+n], randBF16(rng, n))
	}
	wf := make([]float32, n*n)
	for i := range wf {
		wf[i] = float32(rng.NormFloat64())
	}
	w := make([]uint16, PackedLen(n, n))
	np := (n + 15) / 16
	Pack(w, n, n, wf, n, false, 0, np)
	c := make([]float32, m*n)
	b.ResetTimer()
	defer cpuPerOp(b, th)()
	for range b.N {
		var wg sync.WaitGroup
		per := (m/th + 15) &^ 15
		for t := range th {
			lo, hi := t*per, min((t+1)*per, m)
			if t == th-1 {
				hi = m
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				mul(c[lo*n:], n, a[lo*lda:], lda, hi-lo, w, n, n, 0, np, false)
			}()
		}
		wg.Wait()
	}
	b.ReportMetric(2*float64(m)*n*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkMulAVX512BF16 is BenchmarkMulAMX on VDPBF16PS (the path of
// CPUs with AVX512-BF16 but no AMX).
func BenchmarkMulAVX512BF16(b *testing.B) {
	skipNoBF16(b)
	th := benchThreads()
	s := make([]Scratch, th)
	var next atomic.Int32
	benchMulBF16(b, 1000, func(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool) {
		t := int(next.Add(1)) % th
		MulAVX512BF16(c, ldc, a, lda, m, w, k, n, p0, p1, acc, &s[t])
	})
}

// BenchmarkMulAMXBlocking is BenchmarkMulAMX on one thread (512 rows) with
// other blockings (AMXKBlock/AMXRowBlock): k-blocks that keep A's block in
// L1 and rows taken 32 at a time measured fastest, since the products are
// bound by the tile loads, not by TDPBF16PS.
func BenchmarkMulAMXBlocking(b *testing.B) {
	skipNoAMX(b)
	defer func(kb, rb int) { AMXKBlock, AMXRowBlock = kb, rb }(AMXKBlock, AMXRowBlock)
	for _, bl := range [][2]int{{0, 512}, {0, 32}, {7, 32}, {13, 32}, {7, 512}} {
		b.Run(fmt.Sprintf("k%d/rows%d", bl[0], bl[1]), func(b *testing.B) {
			AMXKBlock, AMXRowBlock = bl[0], bl[1]
			benchMulBF16Threads(b, 512, 1, func(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool) {
				MulAMX(c, ldc, a, lda, m, w, k, n, p0, p1, acc)
			})
		})
	}
}
