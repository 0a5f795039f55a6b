package display

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// PlotOptions says how [Plot] and [PlotBundle] render a gonum/plot plot. The
// zero value means: 6×4 inches shown at 576×384 CSS pixels, PNG rendered at
// 2× (1152×768 pixels, 192 DPI) so it stays crisp on high-density screens.
type PlotOptions struct {
	// Width and Height are the displayed size (default 6 and 4 inches; one
	// inch is 96 CSS pixels).
	Width, Height vg.Length
	// Format is "png" (default) or "svg".
	Format string
	// Scale is the PNG's pixel density relative to 96 DPI (default 2). The
	// PNG has Scale×96 DPI and is published with the unscaled size as
	// width/height metadata.
	Scale float64
	// EmbedFonts embeds the fonts in SVG output, so text looks the same on
	// machines without the Liberation fonts (larger files).
	EmbedFonts bool
}

// Default plot size.
const (
	DefaultPlotWidth  = 6 * vg.Inch
	DefaultPlotHeight = 4 * vg.Inch
)

// DefaultPlotOptions are used when [Plot] or [PlotBundle] get no options,
// and for plots shown as a cell's value; e.g. set
// display.DefaultPlotOptions.Format = "svg" for SVG plots everywhere, or
// change the default size. Zero fields take the defaults of [PlotOptions].
var DefaultPlotOptions PlotOptions

func plotOptions(opts []PlotOptions) (PlotOptions, error) {
	if len(opts) > 1 {
		return PlotOptions{}, fmt.Errorf("display: give at most one PlotOptions (got %d)", len(opts))
	}
	o := DefaultPlotOptions
	if len(opts) == 1 {
		o = opts[0]
	}
	if o.Width == 0 {
		o.Width = DefaultPlotWidth
	}
	if o.Height == 0 {
		o.Height = DefaultPlotHeight
	}
	if o.Scale == 0 {
		o.Scale = 2
	}
	o.Format = strings.ToLower(o.Format)
	if o.Format == "" {
		o.Format = "png"
	}
	switch {
	case o.Width < 0 || o.Height < 0 || math.IsNaN(float64(o.Width)) || math.IsNaN(float64(o.Height)):
		return o, fmt.Errorf("display: plot size %v×%v is not positive", o.Width, o.Height)
	case o.Width > 100*vg.Inch || o.Height > 100*vg.Inch:
		return o, fmt.Errorf("display: plot size %v×%v is too large; sizes are in vg units (points): use e.g. 6*vg.Inch", o.Width, o.Height)
	case o.Scale < 0.25 || o.Scale > 8 || math.IsNaN(o.Scale):
		return o, fmt.Errorf("display: plot Scale %g is out of range [0.25, 8]", o.Scale)
	case o.Format != "png" && o.Format != "svg":
		return o, fmt.Errorf("display: plot Format %q is not supported; use \"png\" or \"svg\"", o.Format)
	}
	return o, nil
}

// PlotBundle renders p (see [PlotOptions]; at most one may be given) and
// returns its bundle: image/png with width/height metadata at the displayed
// size, or image/svg+xml. It reports an error for a nil plot or when drawing
// fails.
func PlotBundle(p *plot.Plot, opts ...PlotOptions) (b Bundle, err error) {
	if p == nil {
		return Bundle{}, errors.New("display: plot is nil")
	}
	o, err := plotOptions(opts)
	if err != nil {
		return Bundle{}, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("display: drawing the plot failed: %v", r)
		}
	}()
	title := "plot"
	if p.Title.Text != "" {
		title = fmt.Sprintf("plot %q", p.Title.Text)
	}
	w := int(math.Round(float64(o.Width) / float64(vg.Inch) * 96))
	h := int(math.Round(float64(o.Height) / float64(vg.Inch) * 96))
	var buf bytes.Buffer
	if o.Format == "svg" {
		c := vgsvg.NewWith(vgsvg.UseWH(o.Width, o.Height), vgsvg.EmbedFonts(o.EmbedFonts))
		p.Draw(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return Bundle{}, fmt.Errorf("display: writing SVG: %w", err)
		}
		return Bundle{Data: map[string]any{MIMESVG: buf.String(), MIMEText: fmt.Sprintf("<%s, SVG %d×%d>", title, w, h)}}, nil
	}
	dpi := int(math.Round(96 * o.Scale))
	c := vgimg.NewWith(vgimg.UseWH(o.Width, o.Height), vgimg.UseDPI(dpi))
	p.Draw(draw.New(c))
	data, err := EncodePNG(c.Image())
	if err != nil {
		return Bundle{}, err
	}
	b = pngBundle(data, w, h)
	b.Data[MIMEText] = fmt.Sprintf("<%s, %d×%d>", title, w, h)
	return b, nil
}

// Plot publishes a gonum/plot plot: by default a crisp PNG (rendered at 2×
// and shown at 576×384 CSS pixels); pass PlotOptions for another size, scale
// or SVG, e.g. display.Plot(p, display.PlotOptions{Format: "svg"}).
func Plot(p *plot.Plot, opts ...PlotOptions) error {
	b, err := PlotBundle(p, opts...)
	if err != nil {
		return err
	}
	return publish(b, "", false)
}
