package simd

import (
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
)

// BenchmarkKernelPeak runs Kernel12x32 on data that stays in L1, on every
// thread at once (NLM_THREADS, else all CPUs): the CPU's fused multiply-add
// ceiling for float32 as this kernel reaches it, the bound against which
// nlm/bench/bench.sh states what a step could reach at best.
func BenchmarkKernelPeak(b *testing.B) {
	if !UseAVX512 {
		b.Skip("no AVX-512 on this CPU")
	}
	th := benchThreads()
	const k = 256
	var wg sync.WaitGroup
	for range th {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := make([]float32, 12*k)
			w := make([]float32, k*32)
			c := make([]float32, 12*32)
			for i := 0; i < b.N; i++ {
				Kernel12x32(&a[0], k*4, &w[0], k, &c[0], 32*4, 1<<32-1, 1)
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(2*12*32*k*float64(th)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// benchThreads is NLM_THREADS, else runtime.NumCPU().
func benchThreads() int {
	if n, err := strconv.Atoi(os.Getenv("NLM_THREADS")); err == nil && n > 0 {
		return n
	}
	return runtime.NumCPU()
}
