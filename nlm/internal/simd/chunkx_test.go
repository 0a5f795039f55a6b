package simd

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func BenchmarkChunk(b *testing.B) {
	const m, n = 512, 784
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
	for _, chunk := range []int{32, 64, 96, 128, 192, 256, 512} {
		b.Run(fmt.Sprint(chunk), func(b *testing.B) {
			defer cpuPerOp(b, 1)()
			for range b.N {
				for lo := 0; lo < m; lo += chunk {
					hi := min(lo+chunk, m)
					MulAMX(c[lo*n:], n, a[lo*lda:], lda, hi-lo, w, n, n, 0, np, false)
				}
			}
			b.ReportMetric(2*float64(m)*n*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
