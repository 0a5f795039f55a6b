package nlm

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The issue-5 hot paths at the paper's sizes (N = 784). Threads come from
// the environment variable NLM_THREADS, else DefaultThreads().

func benchThreads() int {
	if n, err := strconv.Atoi(os.Getenv("NLM_THREADS")); err == nil && n > 0 {
		return n
	}
	return DefaultThreads()
}

// peakRSSMB returns the process's peak resident set size (VmHWM) in MB, or 0
// where /proc is not available.
func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

func benchSampler(b *testing.B, chains int) {
	m := NewModel(784, 2, 1)
	d := PaperDynamics()
	d.Threads = benchThreads()
	s, err := NewSampler(m, chains, d, 1)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s.Run(ctx, 2)
	b.ResetTimer()
	if err := s.Run(ctx, b.N); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(4*float64(chains)*784*784*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkStep1000 is one Langevin step of 1000 chains.
func BenchmarkStep1000(b *testing.B) { benchSampler(b, 1000) }

// BenchmarkStep36 is one Langevin step of 36 chains.
func BenchmarkStep36(b *testing.B) { benchSampler(b, 36) }

// fakeDigits returns p random rows in [−1, 1] standing in for MNIST.
func fakeDigits(p, n int) *mat.Dense {
	rng := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(p, n, nil)
	for i := range x.RawMatrix().Data {
		x.RawMatrix().Data[i] = 2*rng.Float64() - 1
	}
	return x
}

// BenchmarkTrainUpdate is one learning update with the paper's sizes
// (B = M = 1000, n_t = 10, N = 784, P = 18000 rows of data held as float64);
// it reports the process's peak RSS.
func BenchmarkTrainUpdate(b *testing.B) {
	p := Paper
	p.Epochs = 1 << 30
	tr, err := NewTrainer(NewModel(784, 2, 1), fakeDigits(p.P, 784), p, &TrainOptions{Threads: benchThreads()})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	tr.step(ctx)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := tr.step(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(peakRSSMB(), "peakRSS_MB")
}

// BenchmarkGenerate36x25000 is Algorithm 2 at the figures' size: 36 chains,
// 25 000 steps.
func BenchmarkGenerate36x25000(b *testing.B) {
	m := NewModel(784, 2, 1)
	for i := 0; i < b.N; i++ {
		d := PaperDynamics()
		d.Threads = benchThreads()
		if _, err := Generate(context.Background(), m, 36, 25000, d, 1); err != nil {
			b.Fatal(err)
		}
	}
}
