package engine

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
)

// benchThreads is NLM_THREADS, else runtime.NumCPU() capped at 8.
func benchThreads() int {
	if n, err := strconv.Atoi(os.Getenv("NLM_THREADS")); err == nil && n > 0 {
		return n
	}
	t := runtime.NumCPU()
	if t > 8 {
		t = 8
	}
	return t
}

func randomCouplings(n int, seed uint64) *Couplings {
	c := NewCouplings(n, false)
	s := NewStream(seed, 0)
	s.Normal(c.J)
	scale := float32(2 / sqrt32(float32(n)))
	for i := range c.J {
		c.J[i] *= scale
	}
	return c
}

func sqrt32(x float32) float32 {
	z := x
	for i := 0; i < 30; i++ {
		z = 0.5 * (z + x/z)
	}
	return z
}

// BenchmarkSgemmPeak measures C = A·B for 1000×784 times 784×784 (one of the
// step's two products); b.ReportMetric gives GFLOP/s.
func BenchmarkSgemmPeak(b *testing.B) { benchSgemm(b, 1000, 784, 784) }

// BenchmarkSgemmPeak2048 measures a 2048³ sgemm, closer to the BLAS's peak.
func BenchmarkSgemmPeak2048(b *testing.B) { benchSgemm(b, 2048, 2048, 2048) }

func benchSgemm(b *testing.B, m, n, k int) {
	a := make([]float32, m*k)
	bb := make([]float32, k*n)
	c := make([]float32, m*n)
	s := NewStream(1, 0)
	s.Normal(a)
	s.Normal(bb)
	SetThreads(benchThreads())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Gemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n)
	}
	b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkTanh(b *testing.B) {
	x := make([]float32, 784*1000)
	s := NewStream(1, 0)
	s.Normal(x)
	y := make([]float32, len(x))
	b.SetBytes(int64(4 * len(x)))
	for i := 0; i < b.N; i++ {
		TanhSlice(y, x)
	}
}

func BenchmarkGaussianFill(b *testing.B) {
	x := make([]float32, 784*1000)
	s := NewStream(1, 0)
	b.SetBytes(int64(4 * len(x)))
	for i := 0; i < b.N; i++ {
		s.Normal(x)
	}
}

// BenchmarkFusedPass times the element-wise part of one step (noise, update,
// tanh) for 1000 chains × 784 neurons on the configured threads;
// BenchmarkFusedPassScalar draws the noise row by row.
func BenchmarkFusedPass(b *testing.B) { benchFusedPass(b, DefaultTuning().VectorNormal) }

func BenchmarkFusedPassScalar(b *testing.B) { benchFusedPass(b, false) }

func benchFusedPass(b *testing.B, vector bool) {
	bt := NewBatch(1000, 784, benchThreads(), 1)
	bt.Tune.VectorNormal = vector
	bt.InitNormal()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ParallelRows(bt.Threads, bt.B, func(t, lo, hi int) {
			bt.updateRows(t, lo, hi, 0.01, 0.1, true)
		})
	}
}

func benchStep(b *testing.B, chains int) { benchStepTuned(b, chains, DefaultTuning()) }

func benchStepTuned(b *testing.B, chains int, tune Tuning) {
	c := randomCouplings(784, 3)
	bt := NewBatch(chains, 784, benchThreads(), 1)
	bt.Tune = tune
	bt.InitNormal()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bt.Step(c, 1, 0.01, true)
	}
	b.ReportMetric(4*float64(chains)*784*784*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkStep1000 is one Euler–Maruyama step of 1000 chains, N = 784, on
// the default path (the packed products where the CPU has AVX-512).
func BenchmarkStep1000(b *testing.B) { benchStep(b, 1000) }

// BenchmarkStep36 is BenchmarkStep1000 with 36 chains (split by columns).
func BenchmarkStep36(b *testing.B) { benchStep(b, 36) }

// The BLAS variants run the step's products through Gemm: split by chains
// with one BLAS thread per goroutine (RowParallel), or pooled (one
// multi-threaded product at a time).
func BenchmarkStep1000BLAS(b *testing.B)       { benchStepBLAS(b, 1000, true) }
func BenchmarkStep1000BLASPooled(b *testing.B) { benchStepBLAS(b, 1000, false) }
func BenchmarkStep36BLAS(b *testing.B)         { benchStepBLAS(b, 36, true) }
func BenchmarkStep36BLASPooled(b *testing.B)   { benchStepBLAS(b, 36, false) }

// The AVX2 variants force the AVX2 tile kernel (the one CPUs without AVX-512
// use), for comparison with the BLAS variants under OPENBLAS_CORETYPE=Haswell.
func BenchmarkStep1000AVX2(b *testing.B) { withKernel(b, kernel256, func() { benchStep(b, 1000) }) }
func BenchmarkStep36AVX2(b *testing.B)   { withKernel(b, kernel256, func() { benchStep(b, 36) }) }
func BenchmarkMulPackedAVX2(b *testing.B) {
	withKernel(b, kernel256, func() { benchMulPacked(b, 1000) })
}

func withKernel(b *testing.B, k *tileKernel, f func()) {
	if !slices.Contains(kernels(), k) {
		b.Skipf("this CPU cannot run the %s kernel", k.name)
	}
	// The kernel follows the CPU, so it is package state: benchmarks that
	// swap it do not run in parallel.
	defer func(old *tileKernel) { packedKernel = old }(packedKernel)
	packedKernel = k
	f()
}

func benchStepBLAS(b *testing.B, chains int, rowParallel bool) {
	tune := DefaultTuning()
	tune.Packed, tune.RowParallel = false, rowParallel
	benchStepTuned(b, chains, tune)
}

// BenchmarkMulPacked measures one of the step's products, 1000×784 times a
// packed 784×784, split by rows over the configured threads.
func BenchmarkMulPacked(b *testing.B) { benchMulPacked(b, 1000) }

// BenchmarkMulPacked36 is BenchmarkMulPacked for 36 rows, split by panels.
func BenchmarkMulPacked36(b *testing.B) { benchMulPacked(b, 36) }

func benchMulPacked(b *testing.B, m int) {
	if !DefaultTuning().Packed {
		b.Skip("no AVX2 or AVX-512: the packed products are not used on this CPU")
	}
	const n = 784
	c := randomCouplings(n, 3)
	jt, _ := c.packs()
	a := make([]float32, m*n)
	out := make([]float32, m*n)
	s := NewStream(1, 0)
	s.Normal(a)
	th := benchThreads()
	scratch := make([]Scratch, th)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if m < 64 {
			ParallelRows(th, jt.Panels(), func(t, p0, p1 int) {
				MulPacked(out, n, a, n, m, jt, p0, p1, &scratch[t])
			})
		} else {
			ParallelRows(th, m, func(t, lo, hi int) {
				MulPacked(out[lo*n:], n, a[lo*n:], n, hi-lo, jt, 0, jt.Panels(), &scratch[t])
			})
		}
	}
	b.ReportMetric(2*float64(m)*n*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// The bf16 variants run the step's products in bf16 on the best bf16
// kernel (AMX tiles, else AVX512-BF16); the AVX512BF16 ones force VDPBF16PS.
func BenchmarkStep1000BF16(b *testing.B) { withBF16(b, bf16Active, func() { benchStepBF16(b, 1000) }) }
func BenchmarkStep36BF16(b *testing.B)   { withBF16(b, bf16Active, func() { benchStepBF16(b, 36) }) }
func BenchmarkStep1000AVX512BF16(b *testing.B) {
	withBF16(b, kernelAVX512BF16, func() { benchStepBF16(b, 1000) })
}
func BenchmarkStep36AVX512BF16(b *testing.B) {
	withBF16(b, kernelAVX512BF16, func() { benchStepBF16(b, 36) })
}

func withBF16(b *testing.B, k *bf16Kernel, f func()) {
	if k == nil || !slices.Contains(bf16Kernels(), k) {
		b.Skip("this CPU has no such bf16 kernel")
	}
	defer func(old *bf16Kernel) { bf16Active = old }(bf16Active)
	bf16Active = k
	f()
}

func benchStepBF16(b *testing.B, chains int) {
	c := randomCouplings(784, 3)
	bt := NewBatch(chains, 784, benchThreads(), 1)
	bt.InitNormal()
	bt.SetBF16(true)
	bt.Step(c, 1, 0.01, true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bt.Step(c, 1, 0.01, true)
	}
	b.ReportMetric(4*float64(chains)*784*784*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkMulBF16 is one of the step's products in bf16 (1000×784 times
// a packed 784×784, split by rows in blocks of the kernel's height).
func BenchmarkMulBF16(b *testing.B) {
	withBF16(b, bf16Active, func() {
		const m, n = 1000, 784
		c := randomCouplings(n, 3)
		jt, _ := c.packsBF16()
		bt := NewBatch(m, n, benchThreads(), 1)
		bt.InitNormal()
		bt.SetBF16(true)
		np := (n + 15) / 16
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			bt.bf16Rows(func(t, lo, hi int) {
				bf16Active.mul(bt.R[lo*n:], n, bt.Pb[lo*bt.kp:], bt.kp, hi-lo, jt, n, n, 0, np, false, &bt.bscr[t])
			})
		}
		b.ReportMetric(2*float64(m)*n*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
}

// BenchmarkPackBF16 is the repacking of J and Jᵀ in bf16 after a change
// (once per training update).
func BenchmarkPackBF16(b *testing.B) {
	withBF16(b, bf16Active, func() {
		c := randomCouplings(784, 3)
		c.Threads = benchThreads()
		for i := 0; i < b.N; i++ {
			c.Touch()
			c.packsBF16()
		}
	})
}

// BenchmarkStatistic is the learning statistic of a training update at
// the paper's sizes (two batches of 1000), in float32 (BLAS) and in bf16.
func BenchmarkStatistic(b *testing.B) {
	for _, bf := range []bool{false, true} {
		name := "float32"
		if bf {
			name = "bf16"
		}
		b.Run(name, func(b *testing.B) {
			if bf && bf16Active == nil {
				b.Skip("no bf16 kernel")
			}
			c := randomCouplings(784, 3)
			mk := func(seed uint64) *Batch {
				bt := NewBatch(1000, 784, benchThreads(), seed)
				bt.InitNormal()
				bt.SetBF16(bf)
				bt.Residual(c)
				return bt
			}
			m, d := mk(1), mk(2)
			s, sb := make([]float32, 784*784), make([]float32, 784)
			var ws Stats
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				Statistic(s, sb, m, -1e-3, d, 1e-3, &ws)
			}
		})
	}
}

// BenchmarkStep1000BF16Chunk times the bf16 step with other numbers of
// chains per pass (bf16Chunk).
func BenchmarkStep1000BF16Chunk(b *testing.B) {
	defer func(c int) { bf16Chunk = c }(bf16Chunk)
	for _, c := range []int{96, 192, 512} {
		b.Run(strconv.Itoa(c), func(b *testing.B) {
			bf16Chunk = c
			withBF16(b, bf16Active, func() { benchStepBF16(b, 1000) })
		})
	}
}
