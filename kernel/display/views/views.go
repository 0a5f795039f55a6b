// Package views draws the figures of the Neural Langevin Machine paper from
// nlm values, as gonum/plot plots and images that notebook cells show
// directly (a *plot.Plot as a cell's value is rendered as a crisp PNG):
//
//   - [PCA]: data projected on principal components, coloured by digit, with
//     a generating chain's trajectory on top (Fig. 1); [PCAPanels] shows
//     the three component pairs side by side;
//   - [Traces]: the activity x_i(t) of single neurons along a recorded
//     trajectory (Fig. 2);
//   - [StatesGrid]: a grid of chain states as digit images (Fig. 3), and
//     [Watch] to see it change in place while a sampler runs;
//   - [Landscape]: the energy landscape of a 2-neuron model, contours of E
//     with the force field F = −∇E as arrows.
//
// All functions return errors for bad input and never panic.
package views

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"

	"github.com/gonlm/gonlm/nlm/analysis"
	"github.com/gonlm/gonlm/nlm/mnist"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gonlm/gonlm/nlm"
)

// digitColors are distinct colours for up to ten classes (colour-blind
// friendly, after Okabe and Ito).
var digitColors = []color.RGBA{
	{0, 114, 178, 255},   // blue
	{230, 159, 0, 255},   // orange
	{0, 158, 115, 255},   // green
	{204, 121, 167, 255}, // purple
	{86, 180, 233, 255},  // sky blue
	{213, 94, 0, 255},    // vermilion
	{240, 228, 66, 255},  // yellow
	{0, 0, 0, 255},       // black
	{120, 120, 120, 255}, // grey
	{150, 80, 40, 255},   // brown
}

// withAlpha returns c with opacity a in [0, 1] (premultiplied).
func withAlpha(c color.RGBA, a float64) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(255 * a)}
}

// newPlot returns a plot with the views' common style: labels, and a
// smaller legend at the top right.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	return p
}

// PCAOptions controls [PCA].
type PCAOptions struct {
	// Fit is a PCA fitted earlier (analysis.FitPCA); nil fits one on the data
	// with as many components as the axes need.
	Fit *analysis.PCA
	// X and Y are the components on the axes, counted from 0. When both are
	// 0 the plot shows components 0 and 1.
	X, Y int
	// Title of the plot (default "PCA of the data and a trajectory").
	Title string
}

// PCA draws Fig. 1: the rows of data.X projected onto two principal
// components (fitted on data.X unless opt.Fit is given; a state x maps to
// yᵢ = (x − μ)·vᵢ), coloured by data.Labels, and, when trajectory is not nil,
// its rows (frames × N states, e.g. Trajectory.Chain(0)) projected the same
// way as small dots shaded from light (early) to dark (late), joined by a
// faint line, with the start and end marked.
func PCA(data *mnist.Dataset, trajectory mat.Matrix, opt PCAOptions) (*plot.Plot, error) {
	return pcaPlot(data, trajectory, opt, true)
}

// pcaPlot draws PCA's figure, with or without the legend.
func pcaPlot(data *mnist.Dataset, trajectory mat.Matrix, opt PCAOptions, legend bool) (*plot.Plot, error) {
	if data == nil || data.X == nil || data.X.IsEmpty() {
		return nil, errors.New("views: PCA: data is empty; pass a dataset such as mnist.LoadDigits([]int{1, 3, 6}, 400)")
	}
	p, n := data.X.Dims()
	if len(data.Labels) != 0 && len(data.Labels) != p {
		return nil, fmt.Errorf("views: PCA: data has %d rows but %d labels", p, len(data.Labels))
	}
	cx, cy := opt.X, opt.Y
	if cx == 0 && cy == 0 {
		cy = 1
	}
	if cx < 0 || cy < 0 || cx == cy {
		return nil, fmt.Errorf("views: PCA: components X=%d, Y=%d must be different and ≥ 0", cx, cy)
	}
	fit := opt.Fit
	if fit == nil {
		var err error
		fit, err = analysis.FitPCA(data.X, max(cx, cy)+1)
		if err != nil {
			return nil, fmt.Errorf("views: PCA: %w", err)
		}
	}
	if k := fit.K(); cx >= k || cy >= k {
		return nil, fmt.Errorf("views: PCA: the fit has %d components; X=%d, Y=%d are out of range", k, cx, cy)
	}
	if len(fit.Mean) != n {
		return nil, fmt.Errorf("views: PCA: %w: the fit has %d neurons, the data %d", nlm.ErrShape, len(fit.Mean), n)
	}
	proj := fit.Project(data.X)
	var tproj *mat.Dense
	if trajectory != nil {
		tr, tc := trajectory.Dims()
		if tc != n {
			return nil, fmt.Errorf("views: PCA: trajectory states have %d neurons, data %d; record all neurons (Recording{Neurons: nil})", tc, n)
		}
		if tr > 0 {
			tproj = fit.Project(trajectory)
		}
	}

	title := opt.Title
	if title == "" {
		title = "PCA of the data and a trajectory"
	}
	ratio := fit.ExplainedRatio()
	pl := newPlot(title,
		fmt.Sprintf("PC%d (%.1f%% of variance)", cx+1, 100*ratio[cx]),
		fmt.Sprintf("PC%d (%.1f%% of variance)", cy+1, 100*ratio[cy]))

	// Data, one scatter per label.
	groups := map[int]plotter.XYs{}
	for i := range p {
		lab := -1
		if len(data.Labels) == p {
			lab = data.Labels[i]
		}
		groups[lab] = append(groups[lab], plotter.XY{X: proj.At(i, cx), Y: proj.At(i, cy)})
	}
	labels := make([]int, 0, len(groups))
	for l := range groups {
		labels = append(labels, l)
	}
	sort.Ints(labels)
	for k, l := range labels {
		s, err := plotter.NewScatter(groups[l])
		if err != nil {
			return nil, fmt.Errorf("views: PCA: %w", err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(digitColors[k%len(digitColors)], 0.6), Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
		pl.Add(s)
		name := "data"
		if l >= 0 {
			name = fmt.Sprintf("digit %d", l)
		}
		if legend {
			pl.Legend.Add(name, s)
		}
	}

	// Trajectory.
	if tproj != nil {
		tr, _ := tproj.Dims()
		pts := make(plotter.XYs, tr)
		for i := range tr {
			pts[i] = plotter.XY{X: tproj.At(i, cx), Y: tproj.At(i, cy)}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("views: PCA: trajectory: %w", err)
		}
		line.Color = color.RGBA{0, 0, 0, 50}
		line.Width = vg.Points(0.5)
		pl.Add(line)
		dots, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("views: PCA: trajectory: %w", err)
		}
		dots.GlyphStyleFunc = func(i int) draw.GlyphStyle {
			t := 0.0
			if tr > 1 {
				t = float64(i) / float64(tr-1)
			}
			g := uint8(200 - 180*t) // light grey → near black
			return draw.GlyphStyle{Color: color.RGBA{g, g / 2, g / 3, 255}, Radius: vg.Points(0.9), Shape: draw.CircleGlyph{}}
		}
		pl.Add(dots)
		if legend {
			pl.Legend.Add("trajectory", dots)
		}
		ends := []struct {
			name  string
			pt    plotter.XY
			shape draw.GlyphDrawer
		}{
			{"start", pts[0], draw.TriangleGlyph{}},
			{"end", pts[tr-1], draw.SquareGlyph{}},
		}
		for _, e := range ends {
			s, err := plotter.NewScatter(plotter.XYs{e.pt})
			if err != nil {
				return nil, fmt.Errorf("views: PCA: %w", err)
			}
			s.GlyphStyle = draw.GlyphStyle{Color: color.RGBA{200, 0, 0, 255}, Radius: vg.Points(4), Shape: e.shape}
			pl.Add(s)
			if legend {
				pl.Legend.Add(e.name, s)
			}
		}
	}
	return pl, nil
}

// Traces draws Fig. 2: the activity x_i(t) of single neurons against time
// t = step·Dt along the trajectory a Sampler recorded for one chain (chain
// indexes tr.Chains). neurons are neuron numbers that were recorded
// (Recording.Neurons); none means the first four recorded ones.
func Traces(tr *nlm.Trajectory, chain int, neurons ...int) (*plot.Plot, error) {
	if tr == nil || tr.Len() == 0 {
		return nil, errors.New("views: Traces: the trajectory is empty; call Sampler.Record before Run")
	}
	x, err := tr.Chain(chain)
	if err != nil {
		return nil, fmt.Errorf("views: Traces: %w", err)
	}
	col := map[int]int{}
	for k, id := range tr.Neurons {
		col[id] = k
	}
	if len(neurons) == 0 {
		neurons = tr.Neurons[:min(4, len(tr.Neurons))]
	}
	times := tr.Times()
	pl := newPlot(fmt.Sprintf("Neuron activity along chain %d", tr.Chains[chain]), "time t", "xᵢ(t)")
	pl.Add(plotter.NewGrid())
	for k, id := range neurons {
		c, ok := col[id]
		if !ok {
			return nil, fmt.Errorf("views: Traces: neuron %d was not recorded (recorded: %s)", id, short(tr.Neurons))
		}
		pts := make(plotter.XYs, len(times))
		for f := range times {
			pts[f] = plotter.XY{X: times[f], Y: x.At(f, c)}
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("views: Traces: neuron %d: %w", id, err)
		}
		l.Color = digitColors[k%len(digitColors)]
		l.Width = vg.Points(1)
		pl.Add(l)
		pl.Legend.Add(fmt.Sprintf("neuron %d", id), l)
	}
	return pl, nil
}

// short lists up to ten ints.
func short(v []int) string {
	if len(v) <= 10 {
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%v … (%d in all)", v[:10], len(v))
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
