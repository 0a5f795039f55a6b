package display_test

import (
	"fmt"
	"image"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/display/displaytest"
)

// show prints what the examples published, as the kernel would send it.
func show(rec *displaytest.Recorder) {
	for _, o := range rec.Outputs() {
		fmt.Println(o)
	}
}

func Example() {
	rec := displaytest.NewRecorder()
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	display.Markdown("## Samples")
	display.Image(image.NewGray(image.Rect(0, 0, 28, 28))) // enlarged to 168×168
	display.Show(mat.NewVecDense(3, []float64{1, 2, 3}))
	show(rec)
	// Output:
	// display_data: ## Samples
	// display_data: <image 168×168>
	// display_data: [1 2 3]
}

func ExamplePlot() {
	rec := displaytest.NewRecorder()
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	pts := make(plotter.XYs, 100)
	for i := range pts {
		pts[i].X = float64(i) / 10
		pts[i].Y = math.Sin(pts[i].X)
	}
	p := plot.New()
	p.Title.Text = "sine"
	l, _ := plotter.NewLine(pts)
	p.Add(l)
	display.Plot(p)                                     // PNG at 2×, shown at 576×384
	display.Plot(p, display.PlotOptions{Format: "svg"}) // SVG
	show(rec)
	// Output:
	// display_data: <plot "sine", 576×384>
	// display_data: <plot "sine", SVG 576×384>
}

func ExampleMatrixBundle() {
	m := mat.NewDense(20, 20, nil)
	for i := range 20 {
		m.Set(i, i, 1)
	}
	fmt.Println(display.MatrixBundle(m).Text())
	// Output:
	// *mat.Dense 20×20  min 0  max 1  mean 0.05  std 0.2179
	// 1  0  0  0  0  0  …  0  0
	// 0  1  0  0  0  0  …  0  0
	// 0  0  1  0  0  0  …  0  0
	// 0  0  0  1  0  0  …  0  0
	// 0  0  0  0  1  0  …  0  0
	// ⋮  ⋮  ⋮  ⋮  ⋮  ⋮  ⋱  ⋮  ⋮
	// 0  0  0  0  0  0  …  0  0
	// 0  0  0  0  0  0  …  1  0
	// 0  0  0  0  0  0  …  0  1
}

func ExampleDisplay() {
	rec := displaytest.NewRecorder()
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	d := display.NewWithID("status")
	d.Update("loading")
	d.Update("done")
	for _, o := range rec.Outputs() {
		fmt.Println(o.DisplayID, o)
	}
	// Output:
	// status display_data: loading
	// status update_display_data: done
}

func ExampleNew() {
	rec := displaytest.NewRecorder()
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	d := display.New()
	for i := 1; i <= 3; i++ {
		d.Update(fmt.Sprintf("step %d", i)) // one output, replaced in place
	}
	show(rec)
	// Output:
	// display_data: step 1
	// update_display_data: step 2
	// update_display_data: step 3
}

func ExampleProgress() {
	rec := displaytest.NewRecorder()
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	p := display.NewProgress(1000)
	p.Label, p.Unit = "training", "updates"
	for i := 1; i <= 1000; i++ {
		time.Sleep(0) // one unit of work
		p.Set(i, "loss", 1/float64(i))
	}
	// Two publications: the first Set and the last (the ones between are
	// throttled to at most 4 a second).
}

func ExampleLiveCurve() {
	rec := displaytest.NewRecorder()
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	c := display.NewLiveCurve("KL norm", "epoch", "mean (Mo − D)²")
	c.LogY = true
	for epoch := 1; epoch <= 100; epoch++ {
		c.Add(float64(epoch), 0.1/float64(epoch)) // redrawn at most once a second
	}
	c.Flush() // the final state
	show(rec)
	// Output:
	// display_data: <KL norm: 1 points, last 0.1>
	// update_display_data: <KL norm: 100 points, last 0.001>
}

func ExampleOf() {
	// In a notebook cell, a value of a cell-defined type reaches a method
	// such as Display.Update with its methods only through display.Of:
	//
	//	type card struct{ title string }
	//	func (c card) Render() display.Bundle { ... }
	//	d := display.New()
	//	d.Update(display.Of(card{"done"}))
	b := display.Of(fmt.Errorf("no samples yet"))
	fmt.Println(b.Text())
	// Output: no samples yet
}
