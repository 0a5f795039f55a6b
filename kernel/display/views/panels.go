package views

import (
	"errors"
	"fmt"
	"math"

	"github.com/gonlm/gonlm/nlm/analysis"
	"github.com/gonlm/gonlm/nlm/mnist"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/gonlm/gonlm/kernel/display"
)

// PCAPanels draws Fig. 1 with its three principal components as three
// panels side by side (PC1–PC2, PC1–PC3, PC2–PC3), the paper's 3-D view
// flattened: the data coloured by digit and the trajectory as in [PCA]
// (legend on the first panel). fit may be nil (a 3-component PCA is fitted
// on data.X) or a fit with at least 3 components. The result is a PNG
// bundle rendered at 2× and shown 1152×384 CSS pixels; display it with
// display.Any or as a cell's value.
func PCAPanels(data *mnist.Dataset, trajectory mat.Matrix, fit *analysis.PCA) (b display.Bundle, err error) {
	if data == nil || data.X == nil || data.X.IsEmpty() {
		return display.Bundle{}, errors.New("views: PCAPanels: data is empty; pass a dataset such as mnist.LoadDigits([]int{1, 3, 6}, 400)")
	}
	if fit == nil {
		if fit, err = analysis.FitPCA(data.X, 3); err != nil {
			return display.Bundle{}, fmt.Errorf("views: PCAPanels: %w", err)
		}
	}
	if fit.K() < 3 {
		return display.Bundle{}, fmt.Errorf("views: PCAPanels: the fit has %d components; three panels need 3", fit.K())
	}
	pairs := [][2]int{{0, 1}, {0, 2}, {1, 2}}
	row := make([]*plot.Plot, len(pairs))
	for k, pr := range pairs {
		p, err := pcaPlot(data, trajectory, PCAOptions{Fit: fit, X: pr[0], Y: pr[1],
			Title: fmt.Sprintf("PC%d – PC%d", pr[0]+1, pr[1]+1)}, k == 0)
		if err != nil {
			return display.Bundle{}, fmt.Errorf("views: PCAPanels: %w", err)
		}
		row[k] = p
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("views: PCAPanels: drawing failed: %v", r)
		}
	}()
	const w, h = 12 * vg.Inch, 4 * vg.Inch
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(192))
	tiles := draw.Tiles{Rows: 1, Cols: len(row), PadX: vg.Points(12), PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8)}
	canvases := plot.Align([][]*plot.Plot{row}, tiles, draw.New(c))
	for k, p := range row {
		p.Draw(canvases[0][k])
	}
	png, err := display.EncodePNG(c.Image())
	if err != nil {
		return display.Bundle{}, err
	}
	cw := int(math.Round(float64(w) / float64(vg.Inch) * 96))
	ch := int(math.Round(float64(h) / float64(vg.Inch) * 96))
	return display.Bundle{
		Data: map[string]any{display.MIMEPNG: png, display.MIMEText: fmt.Sprintf("<PCA panels, %d×%d>", cw, ch)},
		Metadata: map[string]any{
			display.MIMEPNG: map[string]any{"width": cw, "height": ch},
		},
	}, nil
}
