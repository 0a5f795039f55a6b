package views

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// niceTicks labels an axis at the multiples of a round step (1, 2 or 5 ×
// 10^k) that give 4 to 7 labels over the range, written with no more digits
// than the step needs (−10, 0, 10, not −12.50, −2.50, 7.50), with an
// unlabelled tick halfway between two labels.
type niceTicks struct{}

// Ticks implements plot.Ticker.
func (niceTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'g', -1, 64)}}
	}
	step := niceStep((max - min) / 5)
	decimals := max0(-int(math.Floor(math.Log10(step) + 1e-9)))
	var out []plot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+1e-9*step; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', decimals, 64)})
		if h := v + step/2; h <= max {
			out = append(out, plot.Tick{Value: h})
		}
	}
	if first := math.Ceil(min/step-1e-9) * step; first-step/2 >= min {
		out = append(out, plot.Tick{Value: first - step/2})
	}
	return out
}

// niceStep returns the smallest of 1, 2, 5 × 10^k that is at least raw.
func niceStep(raw float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

func max0(n int) int {
	if n < 0 {
		return 0
	}
	return n
}

// placeLegend puts p's legend in the corner of the data area that covers
// the fewest of pts, for a data area of about area points (the legend's size
// is known, the plot's only when it is drawn). When every corner covers
// some point, the x range is widened on the right and the legend goes in
// the empty band, so it never hides data.
func placeLegend(p *plot.Plot, pts plotter.XYs, area vg.Point) {
	if len(pts) == 0 {
		return
	}
	xmin, xmax, ymin, ymax := plotter.XYRange(pts)
	xr, yr := xmax-xmin, ymax-ymin
	if xr <= 0 || yr <= 0 {
		return
	}
	size := p.Legend.Rectangle(draw.Canvas{}).Size()
	const margin = 16 // points around the legend
	fw := math.Min(0.9, float64(size.X+margin)/float64(area.X))
	fh := math.Min(0.9, float64(size.Y+margin)/float64(area.Y))
	type corner struct{ top, left bool }
	best, fewest := corner{true, false}, -1
	for _, c := range []corner{{true, false}, {true, true}, {false, false}, {false, true}} {
		n := 0
		for _, pt := range pts {
			inX := pt.X >= xmax-fw*xr
			if c.left {
				inX = pt.X <= xmin+fw*xr
			}
			inY := pt.Y >= ymax-fh*yr
			if !c.top {
				inY = pt.Y <= ymin+fh*yr
			}
			if inX && inY {
				n++
			}
		}
		if fewest < 0 || n < fewest {
			best, fewest = c, n
		}
	}
	if fewest > 0 {
		// A band on the right as wide as the legend: the data keep 1 − fw
		// of the width.
		p.X.Min, p.X.Max = xmin, xmax+xr*fw/(1-fw)
		best = corner{top: true, left: false}
	}
	p.Legend.Top, p.Legend.Left = best.top, best.left
	if best.left {
		p.Legend.XOffs = vg.Points(margin / 2)
	} else {
		p.Legend.XOffs = -vg.Points(margin / 2)
	}
}
