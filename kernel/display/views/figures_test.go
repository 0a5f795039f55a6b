package views

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonlm/gonlm/nlm/mnist"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/nlm"
)

// TestWriteFigures writes every view as a PNG into $GONLM_FIGURES (skipped
// when it is unset), for looking at them:
//
//	GONLM_FIGURES=/tmp/figs go test ./kernel/display/views -run WriteFigures
//
// It uses MNIST digits 1, 3 and 6 when nlm finds MNIST, else synthetic
// clusters, and an untrained model (a trained one wanders between digits).
func TestWriteFigures(t *testing.T) {
	dir := os.Getenv("GONLM_FIGURES")
	if dir == "" {
		t.Skip("set GONLM_FIGURES to a directory to write the figures")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	save := func(name string, v any) {
		t.Helper()
		var b display.Bundle
		var err error
		if p, ok := v.(*plot.Plot); ok {
			b, err = display.PlotBundle(p)
		} else {
			b, _ = display.Render(v)
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := b.Bytes(display.MIMEPNG)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := mnist.LoadDigits([]int{1, 3, 6}, 400)
	if err != nil {
		t.Logf("MNIST not available (%v); using synthetic clusters", err)
		data = clusters(130, 784)
	}
	n := data.X.RawMatrix().Cols
	m := nlm.NewModel(n, 2, 1)
	s, err := nlm.NewSampler(m, 36, nlm.PaperDynamics(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Record(nlm.Recording{Every: 10, From: 0, Chains: []int{0}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), 2000); err != nil {
		t.Fatal(err)
	}
	traj, err := s.Trajectory().Chain(0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := PCA(data, traj, PCAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	save("fig1-pca.png", p)
	panels, err := PCAPanels(data, traj, nil)
	if err != nil {
		t.Fatal(err)
	}
	save("fig1-panels.png", panels)
	p, err = Traces(s.Trajectory(), 0, 100, 300, 406, 600)
	if err != nil {
		t.Fatal(err)
	}
	save("fig2-traces.png", p)
	g, err := StatesGrid(s.States(), 36, 6)
	if err != nil {
		t.Fatal(err)
	}
	save("fig3-grid.png", g)
	save("data-grid.png", &nlm.Samples{X: data.X.Slice(0, 36, 0, n).(*mat.Dense), Rows: 28, Cols: 28})
	j := mat.NewDense(2, 2, []float64{1.8, 0.9, -0.7, 1.5})
	m2, err := nlm.NewModelFrom(j)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := nlm.NewSampler(m2, 1, nlm.Dynamics{T: 0.05, Dt: 0.01}, 4)
	if err != nil {
		t.Fatal(err)
	}
	s2.Record(nlm.Recording{Every: 5})
	if err := s2.Run(context.Background(), 3000); err != nil {
		t.Fatal(err)
	}
	path, _ := s2.Trajectory().Chain(0)
	p, err = Landscape(m2, LandscapeOptions{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	save("landscape.png", p)
	c := display.NewLiveCurve("KL norm", "epoch", "mean (Mo − D)²")
	c.LogY = true
	for e := range 200 {
		c.Add(float64(e), 1e-2/(1+float64(e)/10)+1e-5)
	}
	save("kl-curve.png", c.Render())
	bar := display.NewProgress(100)
	bar.Label = "training"
	os.WriteFile(filepath.Join(dir, "progress.html"), []byte(bar.Render().Data[display.MIMEHTML].(string)), 0o644)
}
