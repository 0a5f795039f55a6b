package views

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/gonlm/gonlm/kernel/display"
)

// HeatmapOptions controls [Heatmap].
type HeatmapOptions struct {
	// Title of the map (default "r×c matrix").
	Title string
	// Max is the value at either end of the colour scale, which runs from
	// −Max (blue) through 0 (white) to +Max (red). 0 means the largest
	// |a_ij| for a matrix of fewer than 10 000 entries and the 99.5th
	// percentile of |a_ij| for a larger one, so that a few large entries do
	// not wash out the rest (the entries beyond it take the end colours).
	Max float64
	// Label names the values on the colour bar (default "value").
	Label string
}

// Heatmap draws a matrix as an image, one pixel per entry, row 0 at the top
// and column 0 at the left as the matrix is written, with a colour bar: a
// diverging blue–white–red scale symmetric about 0 (see HeatmapOptions.Max),
// so the sign of a coupling J_ij (from neuron j to neuron i) reads at a
// glance. NaN entries are black. At most one options value may be given:
//
//	views.Heatmap(m.J) // as a cell's last expression: shown
//	h, err := views.Heatmap(m.J, views.HeatmapOptions{Title: "J after training", Label: "J_ij"})
//	err = display.Save(h, "J.png") // or J.svg
func Heatmap(a mat.Matrix, opts ...HeatmapOptions) (*display.Figure, error) {
	if len(opts) > 1 {
		return nil, fmt.Errorf("views: Heatmap: give at most one HeatmapOptions (got %d)", len(opts))
	}
	var opt HeatmapOptions
	if len(opts) == 1 {
		opt = opts[0]
	}
	if a == nil {
		return nil, errors.New("views: Heatmap: the matrix is nil")
	}
	rows, cols := a.Dims()
	if rows == 0 || cols == 0 {
		return nil, errors.New("views: Heatmap: the matrix is empty")
	}
	top := opt.Max
	if top < 0 || math.IsNaN(top) || math.IsInf(top, 0) {
		return nil, fmt.Errorf("views: Heatmap: Max = %v; give a positive number, or 0 for the default", top)
	}
	if top == 0 {
		q := 0.995
		if rows*cols < 10000 {
			q = 1 // few entries: each one counts
		}
		top = absQuantile(a, q)
	}
	if top == 0 {
		top = 1 // an all-zero matrix
	}
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-top)
	cm.SetMax(top)

	img, err := heatImage(a, top, cm)
	if err != nil {
		return nil, fmt.Errorf("views: Heatmap: %w", err)
	}

	title := opt.Title
	if title == "" {
		title = fmt.Sprintf("%d×%d matrix", rows, cols)
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "column j"
	p.Y.Label.Text = "row i"
	// Image row 0 is drawn at the top, at y = rows−1: the y ticks are
	// labelled with row numbers.
	p.Add(plotter.NewImage(img, -0.5, -0.5, float64(cols)-0.5, float64(rows)-0.5))
	p.X.Min, p.X.Max = -0.5, float64(cols)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(rows)-0.5
	p.X.Tick.Marker = indexTicks{n: cols}
	p.Y.Tick.Marker = indexTicks{n: rows, flip: true}
	p.X.Padding, p.Y.Padding = 0, 0

	bar := plot.New()
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	bar.Y.Label.Text = opt.Label
	if bar.Y.Label.Text == "" {
		bar.Y.Label.Text = "value"
	}
	// An invisible title and x axis take the room the map's do, so the bar
	// spans the map's height.
	bar.Title.Text = p.Title.Text
	bar.Title.TextStyle.Color = color.Transparent
	bar.X.Label.Text = p.X.Label.Text
	bar.X.Label.TextStyle.Color = color.Transparent
	bar.X.Tick.Label.Color = color.Transparent
	bar.X.LineStyle.Color = color.Transparent
	bar.X.Tick.LineStyle.Color = color.Transparent
	bar.X.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0.5, Label: "0"}})
	bar.X.Padding, bar.Y.Padding = 0, 0
	bar.X.Min, bar.X.Max = 0, 1.6 // a narrower strip, room on the right
	return &display.Figure{Plots: []*plot.Plot{p, bar}, Widths: []float64{1, 0.28},
		Width: 6.6 * vg.Inch, Height: 5.4 * vg.Inch, Gap: vg.Points(10), Name: "heatmap " + strconv.Quote(title)}, nil
}

// heatImage draws a as an image, entry (i, j) as the k×k block of pixels at
// row i, column j, coloured by cm over [−top, top] (values beyond take the
// end colours, NaN is black). Each entry is a block, not a pixel, so that
// the smooth scaling of the drawing back end does not blur small matrices.
func heatImage(a mat.Matrix, top float64, cm palette.ColorMap) (*image.RGBA, error) {
	rows, cols := a.Dims()
	k := max(1, (1200+max(rows, cols)-1)/max(rows, cols))
	img := image.NewRGBA(image.Rect(0, 0, cols*k, rows*k))
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			v := a.At(i, j)
			var c color.Color = color.Black // NaN
			if !math.IsNaN(v) {
				var err error
				if c, err = cm.At(max(-top, min(top, v))); err != nil {
					return nil, err
				}
			}
			r, g, b, _ := c.RGBA()
			for y := i * k; y < (i+1)*k; y++ {
				row := img.Pix[y*img.Stride+j*k*4:]
				for x := 0; x < k; x++ {
					row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = uint8(r>>8), uint8(g>>8), uint8(b>>8), 255
				}
			}
		}
	}
	return img, nil
}

// absQuantile returns the q-quantile of |a_ij| over the finite entries.
func absQuantile(a mat.Matrix, q float64) float64 {
	rows, cols := a.Dims()
	v := make([]float64, 0, rows*cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if x := math.Abs(a.At(i, j)); !math.IsNaN(x) && !math.IsInf(x, 0) {
				v = append(v, x)
			}
		}
	}
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	return v[int(q*float64(len(v)-1))]
}

// indexTicks labels an axis of n cells with index numbers at round steps
// (0, 200, 400, …); flip counts from the top.
type indexTicks struct {
	n    int
	flip bool
}

// Ticks implements plot.Ticker.
func (t indexTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, tk := range (plot.DefaultTicks{}).Ticks(0, float64(t.n-1)) {
		if tk.Label == "" || tk.Value != math.Trunc(tk.Value) || tk.Value < 0 || tk.Value > float64(t.n-1) {
			continue
		}
		pos := tk.Value
		if t.flip {
			pos = float64(t.n-1) - tk.Value
		}
		out = append(out, plot.Tick{Value: pos, Label: strconv.Itoa(int(tk.Value))})
	}
	return out
}
