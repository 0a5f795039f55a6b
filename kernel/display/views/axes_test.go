package views

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     string // the labels
	}{
		{-13.7, 8.9, "-10 -5 0 5"},
		{-15.4, 5.3, "-15 -10 -5 0 5"},
		{0, 720, "0 200 400 600"},
		{0.0012, 0.0061, "0.002 0.003 0.004 0.005 0.006"},
		{-1, 1, "-1.0 -0.5 0.0 0.5 1.0"},
		{3, 3, "3"}, // an empty range: one tick
	} {
		var labels []string
		for _, tk := range (niceTicks{}).Ticks(tc.min, tc.max) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
			if tk.Value < tc.min-1e-12 || tk.Value > tc.max+1e-12 {
				t.Errorf("[%g, %g]: tick %g outside", tc.min, tc.max, tk.Value)
			}
		}
		if got := strings.Join(labels, " "); tc.want != "" && got != tc.want {
			t.Errorf("[%g, %g]: labels %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}

// The legend goes to an empty corner; when there is none, the x range grows
// so that it sits in an empty band on the right.
func TestPlaceLegend(t *testing.T) {
	legendPlot := func() *plot.Plot {
		p := plot.New()
		s, _ := plotter.NewScatter(plotter.XYs{{X: 0, Y: 0}})
		for _, n := range []string{"digit 1", "digit 3", "digit 6", "trajectory"} {
			p.Legend.Add(n, s)
		}
		return p
	}
	rng := rand.New(rand.NewPCG(1, 2))
	cloud := func(n int, x0, x1, y0, y1 float64) plotter.XYs {
		pts := make(plotter.XYs, n)
		for i := range pts {
			pts[i] = plotter.XY{X: x0 + (x1-x0)*rng.Float64(), Y: y0 + (y1-y0)*rng.Float64()}
		}
		return pts
	}
	area := vg.Point{X: 370, Y: 230}
	// Data everywhere but the bottom left.
	pts := append(cloud(300, 0, 10, 4, 10), cloud(300, 4, 10, 0, 10)...)
	p := legendPlot()
	placeLegend(p, pts, area)
	if p.Legend.Top || !p.Legend.Left || !math.IsInf(p.X.Max, -1) {
		t.Errorf("legend top %v left %v, x max %g; want the empty bottom left", p.Legend.Top, p.Legend.Left, p.X.Max)
	}
	// Data everywhere: a band on the right.
	p = legendPlot()
	full := cloud(2000, 0, 10, 0, 10)
	placeLegend(p, full, area)
	xmin, xmax, _, _ := plotter.XYRange(full)
	if !p.Legend.Top || p.Legend.Left || p.X.Max <= xmax+0.1*(xmax-xmin) {
		t.Errorf("legend top %v left %v, x range [%g, %g] for data up to %g", p.Legend.Top, p.Legend.Left, p.X.Min, p.X.Max, xmax)
	}
}
