// A tour of display output in scripting mode.
// needs: display
// want: 001.md 002.png 003.svg 004.html 005.json 006.tex 007.png 008.html
import (
	"display"
	"image"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

display.Markdown("# Display tour")

pts := make(plotter.XYs, 200)
for i := range pts {
	pts[i].X = float64(i) / 20
	pts[i].Y = math.Sin(pts[i].X)
}
p := plot.New()
p.Title.Text = "sine"
l, _ := plotter.NewLine(pts)
p.Add(l)
display.Plot(p)
display.Plot(p, display.PlotOptions{Format: "svg"})
display.HTML("<b>bold</b> text")
display.JSON(map[string]any{"epochs": 3, "digits": []int{1, 3, 6}})
display.Latex(`E(x) = \tfrac12 \lVert x - J\phi(x) \rVert^2`)
display.Image(image.NewGray(image.Rect(0, 0, 28, 28)))

// %%
// A matrix as the last value: a summary with statistics (HTML file).
mat.NewDense(100, 784, nil)
