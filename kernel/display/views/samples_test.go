package views

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gonlm/gonlm/nlm/mnist"

	"gonum.org/v1/gonum/mat"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/nlm"
)

// nlm sample sets render through display's Gridder interface.
var (
	_ display.Gridder = (*nlm.Samples)(nil)
	_ display.Album   = (*mnist.Dataset)(nil)
)

func TestRenderDataset(t *testing.T) {
	d := clusters(20, 784)
	b, ok := display.Render(d)
	if !ok || !strings.Contains(b.Text(), "Dataset: 60 images of 28×28") || !strings.Contains(b.Text(), "(first 36 shown)") {
		t.Fatalf("text %q", b.Text())
	}
	if h, _ := b.Data[display.MIMEHTML].(string); !strings.Contains(h, "data:image/png;base64,") {
		t.Error("no inline grid in the HTML")
	}
}

func samples36() *nlm.Samples {
	rng := rand.New(rand.NewPCG(3, 4))
	x := mat.NewDense(36, 784, nil)
	for i := range 36 {
		for j := range 784 {
			x.Set(i, j, 2*rng.NormFloat64())
		}
	}
	return &nlm.Samples{X: x, Rows: 28, Cols: 28}
}

func TestRenderSamples(t *testing.T) {
	b, ok := display.Render(samples36())
	if !ok {
		t.Fatal("not rendered")
	}
	if !strings.Contains(b.Text(), "36 images in 6 columns") {
		t.Errorf("text %q", b.Text())
	}
	// 6 images of 28×2 px with 2-px gaps: 6·56 + 5·2 = 346.
	if w, h := pngSize(t, b); w != 346 || h != 346 {
		t.Errorf("grid %d×%d, want 346×346", w, h)
	}
	empty, _ := display.Render(&nlm.Samples{})
	if !strings.Contains(empty.Text(), "no samples") {
		t.Errorf("empty samples: %q", empty.Text())
	}
}

// BenchmarkRenderSamples36 is the grid budget: rendering a 36-digit
// *nlm.Samples as a cell value (tanh, grid, PNG) in ≤ 20 ms.
func BenchmarkRenderSamples36(b *testing.B) {
	s := samples36()
	for b.Loop() {
		if _, ok := display.Render(s); !ok {
			b.Fatal("not rendered")
		}
	}
}

func TestRenderSamplesBudget(t *testing.T) {
	if os.Getenv("GONLM_MEASURE") != "1" || raceEnabled {
		t.Skip("a measurement: run it on an idle machine with GONLM_MEASURE=1 (make bench does), without -race")
	}
	s := samples36()
	display.Render(s)
	best := time.Hour
	for range 5 {
		t0 := time.Now()
		display.Render(s)
		best = min(best, time.Since(t0))
	}
	t.Logf("36 samples rendered in %v (budget 20 ms)", best)
	if best > 60*time.Millisecond {
		t.Errorf("rendering 36 samples took %v, budget 20 ms", best)
	}
}
