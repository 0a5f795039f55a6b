package display

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/gonlm/gonlm/internal/atomicfile"
)

// Figure is gonum plots drawn side by side as one image, each as wide as its
// share of Widths: a heat map beside its colour bar (views.Heatmap), or
// several views of the same data. As a cell's value it shows as a PNG
// rendered at 2×, like a plot; [Save] writes it as PNG or SVG.
type Figure struct {
	Plots []*plot.Plot
	// Widths are the plots' relative widths (nil: equal).
	Widths []float64
	// Width and Height are the displayed size (default 6 × 4 inches).
	Width, Height vg.Length
	// Gap is the space between two plots.
	Gap vg.Length
	// Name describes the figure in its text/plain form (default "figure").
	Name string
}

// size returns the figure's size with the defaults filled in.
func (f *Figure) size() (vg.Length, vg.Length) {
	w, h := f.Width, f.Height
	if w <= 0 {
		w = DefaultPlotWidth
	}
	if h <= 0 {
		h = DefaultPlotHeight
	}
	return w, h
}

// draw draws the plots side by side on c.
func (f *Figure) draw(c draw.Canvas) (err error) {
	if f == nil || len(f.Plots) == 0 {
		return errors.New("display: figure has no plots")
	}
	if f.Widths != nil && len(f.Widths) != len(f.Plots) {
		return fmt.Errorf("display: figure has %d plots and %d widths", len(f.Plots), len(f.Widths))
	}
	total := 0.0
	for i := range f.Plots {
		if f.Plots[i] == nil {
			return fmt.Errorf("display: figure plot %d is nil", i)
		}
		w := 1.0
		if f.Widths != nil {
			w = f.Widths[i]
		}
		if !(w > 0) || math.IsInf(w, 0) {
			return fmt.Errorf("display: figure width %d is %v; widths must be positive", i, w)
		}
		total += w
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("display: drawing the figure failed: %v", r)
		}
	}()
	x := c.Min.X
	span := c.Max.X - c.Min.X - vg.Length(len(f.Plots)-1)*f.Gap
	for i, p := range f.Plots {
		w := 1.0
		if f.Widths != nil {
			w = f.Widths[i]
		}
		dx := vg.Length(w / total * float64(span))
		sub := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: x, Y: c.Min.Y}, Max: vg.Point{X: x + dx, Y: c.Max.Y}}}
		p.Draw(sub)
		x += dx + f.Gap
	}
	return nil
}

// Render draws the figure as a PNG at 2× (see [PlotOptions]).
func (f *Figure) Render() Bundle {
	b, err := f.bundle("png")
	if err != nil {
		return TextBundle(err.Error())
	}
	return b
}

// bundle draws the figure as "png" (at 2×) or "svg".
func (f *Figure) bundle(format string) (Bundle, error) {
	if f == nil {
		return Bundle{}, errors.New("display: figure is nil")
	}
	w, h := f.size()
	cw := int(math.Round(float64(w) / float64(vg.Inch) * 96))
	ch := int(math.Round(float64(h) / float64(vg.Inch) * 96))
	name := f.Name
	if name == "" {
		name = "figure"
	}
	var buf bytes.Buffer
	if format == "svg" {
		c := vgsvg.NewWith(vgsvg.UseWH(w, h))
		if err := f.draw(draw.New(c)); err != nil {
			return Bundle{}, err
		}
		if _, err := c.WriteTo(&buf); err != nil {
			return Bundle{}, fmt.Errorf("display: writing SVG: %w", err)
		}
		return Bundle{Data: map[string]any{MIMESVG: buf.String(), MIMEText: fmt.Sprintf("<%s, SVG %d×%d>", name, cw, ch)}}, nil
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(192))
	if err := f.draw(draw.New(c)); err != nil {
		return Bundle{}, err
	}
	data, err := EncodePNG(c.Image())
	if err != nil {
		return Bundle{}, err
	}
	b := pngBundle(data, cw, ch)
	b.Data[MIMEText] = fmt.Sprintf("<%s, %d×%d>", name, cw, ch)
	return b, nil
}

// saveFormats maps file extensions to the MIME type Save writes.
var saveFormats = map[string]string{
	".png":  MIMEPNG,
	".svg":  MIMESVG,
	".jpg":  MIMEJPEG,
	".jpeg": MIMEJPEG,
	".gif":  MIMEGIF,
	".pdf":  MIMEPDF,
	".html": MIMEHTML,
	".md":   MIMEMarkdown,
	".tex":  MIMELatex,
	".json": MIMEJSON,
	".txt":  MIMEText,
}

// Save writes what a notebook shows for v to path, in the format its
// extension names: .png or .svg for a plot (*plot.Plot, drawn at the default
// size, PNG at 2×) or a [Figure]; .png for an image, a sample set (nlm
// Samples, as their grid) or a matrix summary's table; and, for any value
// whose rendering has it, .html, .md, .tex, .json or .txt (its text/plain).
// The file is written atomically with mode 0644. An error says which formats
// the value has when the one asked for is missing.
//
//	display.Save(samples, "samples.png")
//	display.Save(p, "landscape.svg")
func Save(v any, path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	mime, ok := saveFormats[ext]
	if !ok {
		return fmt.Errorf("display: Save %s: unknown extension %q; use .png, .svg, .html, .md, .tex, .json or .txt", path, ext)
	}
	var b Bundle
	var err error
	switch x := v.(type) {
	case *plot.Plot:
		if mime == MIMESVG {
			b, err = PlotBundle(x, PlotOptions{Format: "svg"})
		} else {
			b, err = PlotBundle(x)
		}
	case *Figure:
		if mime == MIMESVG {
			b, err = x.bundle("svg")
		} else {
			b, err = x.bundle("png")
		}
	default:
		var shown bool
		if b, shown = Render(v); !shown {
			return fmt.Errorf("display: Save %s: the value is nil", path)
		}
	}
	if err != nil {
		return fmt.Errorf("display: Save %s: %w", path, err)
	}
	if _, has := b.Data[mime]; !has {
		var kinds []string
		for e, m := range saveFormats {
			if _, ok := b.Data[m]; ok && e != ".jpeg" {
				kinds = append(kinds, e)
			}
		}
		sort.Strings(kinds)
		return fmt.Errorf("display: Save %s: a %T has no %s form; save it as %s", path, v, ext, strings.Join(kinds, ", "))
	}
	var data []byte
	if mime == MIMEJSON {
		data, err = json.MarshalIndent(b.Data[mime], "", "  ")
	} else {
		data, err = b.Bytes(mime)
	}
	if err != nil {
		return fmt.Errorf("display: Save %s: %w", path, err)
	}
	if mime == MIMEText || mime == MIMEMarkdown || mime == MIMELatex || mime == MIMEJSON {
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
	}
	return atomicfile.WriteFile(path, data)
}
