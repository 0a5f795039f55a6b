package display

import (
	"image"
	"os"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// grid36 is a 6×6 grid of 28×28 digits at scale 2 with 2-pixel gaps
// (346×346 pixels), the size of the paper's Fig. 3 as nlm draws it.
func grid36() *image.Gray {
	const s, gap, cols = 56, 2, 6
	img := image.NewGray(image.Rect(0, 0, cols*(s+gap)-gap, cols*(s+gap)-gap))
	for k := range 36 {
		x0, y0 := (k%cols)*(s+gap), (k/cols)*(s+gap)
		for y := range s {
			for x := range s {
				// A blurry ring per digit: realistic compressibility.
				dx, dy := x-s/2, y-s/2
				r := dx*dx + dy*dy
				v := 0
				if r > 120 && r < 500 {
					v = 255 - (r-120)*(k+1)%200
				}
				img.Pix[(y0+y)*img.Stride+x0+x] = uint8(v)
			}
		}
	}
	return img
}

// BenchmarkGrid36 renders a 36-digit grid to a PNG bundle (budget 20 ms).
func BenchmarkGrid36(b *testing.B) {
	img := grid36()
	for b.Loop() {
		if _, err := ImageBundle(img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLinePlot renders a 1000-point line plot as a 2× PNG bundle
// (budget 100 ms).
func BenchmarkLinePlot(b *testing.B) {
	p := linePlot(b, 1000)
	for b.Loop() {
		if _, err := PlotBundle(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLinePlotSVG renders the same plot as SVG.
func BenchmarkLinePlotSVG(b *testing.B) {
	p := linePlot(b, 1000)
	for b.Loop() {
		if _, err := PlotBundle(p, PlotOptions{Format: "svg"}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRenderBudgets checks the speed budgets loosely (3× slack for a loaded
// machine); the benchmarks give the figures. It is a measurement, run by
// make bench with GONLM_MEASURE=1, not under the race detector.
func TestRenderBudgets(t *testing.T) {
	if os.Getenv("GONLM_MEASURE") != "1" || raceEnabled {
		t.Skip("a measurement: run it on an idle machine with GONLM_MEASURE=1 (make bench does), without -race")
	}
	tests := []struct {
		name   string
		budget time.Duration
		run    func(testing.TB)
	}{
		{"grid36", 20 * time.Millisecond, func(tb testing.TB) {
			if _, err := ImageBundle(grid36()); err != nil {
				tb.Fatal(err)
			}
		}},
		{"lineplot", 100 * time.Millisecond, func(tb testing.TB) {
			if _, err := PlotBundle(linePlot(tb, 1000)); err != nil {
				tb.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		tc.run(t) // warm up
		best := time.Hour
		for range 5 {
			t0 := time.Now()
			tc.run(t)
			best = min(best, time.Since(t0))
		}
		t.Logf("%s: best of 5 %v (budget %v)", tc.name, best, tc.budget)
		if best > 3*tc.budget {
			t.Errorf("%s took %v, budget %v", tc.name, best, tc.budget)
		}
	}
}

// BenchmarkMatrixBundleMNIST summarises a 60000×784 matrix (all of MNIST).
func BenchmarkMatrixBundleMNIST(b *testing.B) {
	m := mat.NewDense(60000, 784, nil)
	for b.Loop() {
		MatrixBundle(m)
	}
}
