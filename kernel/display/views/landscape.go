package views

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gonlm/gonlm/nlm"
)

// LandscapeOptions controls [Landscape]. The zero value draws the square
// [−3, 3]² with 12 contour levels and 17×17 arrows.
type LandscapeOptions struct {
	// Min and Max bound both axes (default −3 and 3).
	Min, Max float64
	// Resolution is the number of grid points per axis used for the contours
	// (default 101).
	Resolution int
	// Levels is the number of contour levels (default 12), spaced evenly in
	// log E between the smallest positive grid energy and the largest.
	Levels int
	// Arrows is the number of arrows per axis (default 17; 0 keeps the
	// default, negative draws none).
	Arrows int
	// NoOnsager draws the drift of the plain rate dynamics, −x + Jφ(x),
	// instead of the force F = −∇E (which includes the Onsager term).
	NoOnsager bool
	// Path is an optional trajectory of the two neurons (frames × 2), drawn
	// on top as a line.
	Path mat.Matrix
	// Title of the plot (default "Energy landscape of a 2-neuron model").
	Title string
}

// Landscape draws the energy landscape of a model with two neurons: contour
// lines of E(x) = ½‖x − Jφ(x) − b‖² over a square, the force field
// F = −∇E as arrows (their length grows with log(1 + |F|/median |F|), so weak
// and strong regions both stay readable), and the grid's local minima of E
// (the attractors of the noise-free dynamics) as red crosses.
func Landscape(m *nlm.Model, opt LandscapeOptions) (*plot.Plot, error) {
	if m == nil || m.J == nil {
		return nil, errors.New("views: Landscape: model is nil; create one with nlm.NewModel(2, g, seed)")
	}
	if n := m.N(); n != 2 {
		return nil, fmt.Errorf("views: Landscape: the model has %d neurons; a landscape needs exactly 2 (nlm.NewModel(2, g, seed))", n)
	}
	lo, hi := opt.Min, opt.Max
	if lo == 0 && hi == 0 {
		lo, hi = -3, 3
	}
	if !finite(lo) || !finite(hi) || lo >= hi {
		return nil, fmt.Errorf("views: Landscape: range [%g, %g] is empty; give Min < Max", lo, hi)
	}
	res := opt.Resolution
	if res == 0 {
		res = 101
	}
	if res < 3 || res > 2000 {
		return nil, fmt.Errorf("views: Landscape: Resolution %d out of range [3, 2000]", res)
	}
	levels := opt.Levels
	if levels == 0 {
		levels = 12
	}
	if levels < 1 || levels > 200 {
		return nil, fmt.Errorf("views: Landscape: Levels %d out of range [1, 200]", levels)
	}
	arrows := opt.Arrows
	if arrows == 0 {
		arrows = 17
	}
	if arrows > 200 {
		return nil, fmt.Errorf("views: Landscape: Arrows %d out of range (≤ 200)", arrows)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("views: Landscape: %w", err)
	}

	g := newEnergyGrid(m, lo, hi, res)
	emin, emax := math.Inf(1), 0.0
	for _, e := range g.z {
		if e > 0 && e < emin {
			emin = e
		}
		emax = max(emax, e)
	}
	if !finite(emax) || emax <= 0 {
		return nil, errors.New("views: Landscape: the energy is zero or not finite everywhere on the grid")
	}
	emin = max(emin, emax*1e-6)
	lv := make([]float64, levels)
	for i := range lv {
		t := (float64(i) + 0.5) / float64(levels)
		lv[i] = math.Exp(math.Log(emin) + t*(math.Log(emax)-math.Log(emin)))
	}

	title := opt.Title
	if title == "" {
		title = "Energy landscape of a 2-neuron model"
	}
	pl := newPlot(title, "x₁", "x₂")
	pl.X.Min, pl.X.Max, pl.Y.Min, pl.Y.Max = lo, hi, lo, hi

	cmap := moreland.ExtendedBlackBody()
	c := plotter.NewContour(g, lv, cmap.Palette(levels+2))
	c.Min, c.Max = lv[0], lv[len(lv)-1]
	c.LineStyles = []draw.LineStyle{{Width: vg.Points(1), Color: color.Black}}
	pl.Add(c)

	if arrows > 0 {
		f := newForceField(m, lo, hi, arrows, !opt.NoOnsager)
		field := plotter.NewField(f)
		field.LineStyle.Color = color.RGBA{40, 80, 160, 255}
		field.LineStyle.Width = vg.Points(0.8)
		pl.Add(field)
	}

	if mins := g.localMinima(); len(mins) > 0 {
		s, err := plotter.NewScatter(mins)
		if err != nil {
			return nil, fmt.Errorf("views: Landscape: %w", err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: color.RGBA{220, 0, 0, 255}, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
		pl.Add(s)
		pl.Legend.Add("minimum of E", s)
	}
	if opt.Path != nil {
		r, cols := opt.Path.Dims()
		if cols != 2 {
			return nil, fmt.Errorf("views: Landscape: Path has %d columns; want 2 (x₁, x₂ per frame)", cols)
		}
		if r > 0 {
			pts := make(plotter.XYs, r)
			for i := range r {
				pts[i] = plotter.XY{X: opt.Path.At(i, 0), Y: opt.Path.At(i, 1)}
			}
			l, err := plotter.NewLine(pts)
			if err != nil {
				return nil, fmt.Errorf("views: Landscape: Path: %w", err)
			}
			l.Color = color.RGBA{0, 150, 0, 200}
			l.Width = vg.Points(1)
			pl.Add(l)
			pl.Legend.Add("path", l)
		}
	}
	return pl, nil
}

// energyGrid is E on a res×res grid (plotter.GridXYZ): z[r*res+c] is the
// energy at (x(c), y(r)).
type energyGrid struct {
	lo, step float64
	res      int
	z        []float64
}

func newEnergyGrid(m *nlm.Model, lo, hi float64, res int) *energyGrid {
	g := &energyGrid{lo: lo, step: (hi - lo) / float64(res-1), res: res, z: make([]float64, res*res)}
	x := make([]float64, 2)
	for r := range res {
		for c := range res {
			x[0], x[1] = g.X(c), g.Y(r)
			g.z[r*res+c] = m.Energy(x)
		}
	}
	return g
}

func (g *energyGrid) Dims() (int, int)          { return g.res, g.res }
func (g *energyGrid) Z(c, r int) float64        { return g.z[r*g.res+c] }
func (g *energyGrid) X(c int) float64           { return g.lo + float64(c)*g.step }
func (g *energyGrid) Y(r int) float64           { return g.lo + float64(r)*g.step }
func (g *energyGrid) at(c, r int) float64       { return g.z[r*g.res+c] }
func (g *energyGrid) inside(c, r int) bool      { return c >= 0 && r >= 0 && c < g.res && r < g.res }
func (g *energyGrid) point(c, r int) plotter.XY { return plotter.XY{X: g.X(c), Y: g.Y(r)} }

// localMinima returns the interior grid points whose energy is below all
// eight neighbours.
func (g *energyGrid) localMinima() plotter.XYs {
	var out plotter.XYs
	for r := 1; r < g.res-1; r++ {
		for c := 1; c < g.res-1; c++ {
			e := g.at(c, r)
			low := true
			for dr := -1; dr <= 1 && low; dr++ {
				for dc := -1; dc <= 1; dc++ {
					if (dr != 0 || dc != 0) && g.inside(c+dc, r+dr) && g.at(c+dc, r+dr) <= e {
						low = false
						break
					}
				}
			}
			if low {
				out = append(out, g.point(c, r))
			}
		}
	}
	return out
}

// forceField is the (compressed) force on an n×n grid (plotter.FieldXY).
type forceField struct {
	lo, step float64
	n        int
	v        []plotter.XY
}

func newForceField(m *nlm.Model, lo, hi float64, n int, onsager bool) *forceField {
	f := &forceField{n: n, v: make([]plotter.XY, n*n)}
	// Keep arrows off the border so they do not cross the axes.
	f.step = (hi - lo) / float64(n)
	f.lo = lo + f.step/2
	x, dst := make([]float64, 2), make([]float64, 2)
	mags := make([]float64, 0, n*n)
	for r := range n {
		for c := range n {
			x[0], x[1] = f.X(c), f.Y(r)
			m.Force(dst, x, onsager)
			f.v[r*n+c] = plotter.XY{X: dst[0], Y: dst[1]}
			if h := math.Hypot(dst[0], dst[1]); finite(h) && h > 0 {
				mags = append(mags, h)
			}
		}
	}
	if len(mags) == 0 {
		return f
	}
	sort.Float64s(mags)
	med := mags[len(mags)/2]
	for i, v := range f.v {
		h := math.Hypot(v.X, v.Y)
		if !finite(h) || h == 0 {
			f.v[i] = plotter.XY{}
			continue
		}
		s := math.Log1p(h/med) / h
		f.v[i] = plotter.XY{X: v.X * s, Y: v.Y * s}
	}
	return f
}

func (f *forceField) Dims() (int, int)           { return f.n, f.n }
func (f *forceField) Vector(c, r int) plotter.XY { return f.v[r*f.n+c] }
func (f *forceField) X(c int) float64            { return f.lo + float64(c)*f.step }
func (f *forceField) Y(r int) float64            { return f.lo + float64(r)*f.step }
