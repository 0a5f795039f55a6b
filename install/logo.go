package install

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strings"
)

// The logo: a small fully connected recurrent network (four neurons and all
// their couplings) on a dark rounded square, the picture of the Neural Langevin
// Machine. It is described once, as shapes in a 64×64 coordinate system, and
// rendered both to SVG text and to PNG by the rasteriser below.

type shapeKind int

const (
	roundRect shapeKind = iota // X1,Y1 top left, X2,Y2 bottom right, R corner radius
	circle                     // X1,Y1 centre, R radius
	segment                    // X1,Y1 to X2,Y2, W width, round caps
)

// shape is one filled primitive of the logo.
type shape struct {
	Kind           shapeKind
	X1, Y1, X2, Y2 float64
	R, W           float64
	Color          color.NRGBA
}

// logoSize is the side of the logo's coordinate system.
const logoSize = 64

var (
	logoBackground = color.NRGBA{0x10, 0x32, 0x4a, 0xff} // dark navy
	logoEdge       = color.NRGBA{0x9f, 0xe3, 0xf2, 0xd9} // light cyan, 85% opaque
	logoRing       = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	logoNode       = color.NRGBA{0x00, 0xad, 0xd8, 0xff} // Go's blue
)

// logoNodes are the neuron positions.
var logoNodes = [][2]float64{{19, 20}, {45, 16.5}, {47.5, 44}, {17, 46.5}}

// logoShapes returns the logo's shapes in painting order.
func logoShapes() []shape {
	s := []shape{{Kind: roundRect, X1: 2, Y1: 2, X2: 62, Y2: 62, R: 12, Color: logoBackground}}
	for i := range logoNodes {
		for j := i + 1; j < len(logoNodes); j++ {
			a, b := logoNodes[i], logoNodes[j]
			s = append(s, shape{Kind: segment, X1: a[0], Y1: a[1], X2: b[0], Y2: b[1], W: 2.5, Color: logoEdge})
		}
	}
	for _, p := range logoNodes {
		s = append(s, shape{Kind: circle, X1: p[0], Y1: p[1], R: 8, Color: logoRing})
		s = append(s, shape{Kind: circle, X1: p[0], Y1: p[1], R: 6, Color: logoNode})
	}
	return s
}

// contains reports whether the point (x, y) (logo coordinates) is inside s.
func (s shape) contains(x, y float64) bool {
	switch s.Kind {
	case roundRect:
		// Distance from the rectangle shrunk by R, compared with R.
		cx := math.Max(s.X1+s.R, math.Min(x, s.X2-s.R))
		cy := math.Max(s.Y1+s.R, math.Min(y, s.Y2-s.R))
		dx, dy := x-cx, y-cy
		return x >= s.X1 && x <= s.X2 && y >= s.Y1 && y <= s.Y2 && dx*dx+dy*dy <= s.R*s.R
	case circle:
		dx, dy := x-s.X1, y-s.Y1
		return dx*dx+dy*dy <= s.R*s.R
	case segment:
		// Distance to the segment: project onto it, clamp t to [0, 1].
		vx, vy := s.X2-s.X1, s.Y2-s.Y1
		t := ((x-s.X1)*vx + (y-s.Y1)*vy) / (vx*vx + vy*vy)
		t = math.Max(0, math.Min(1, t))
		dx, dy := x-(s.X1+t*vx), y-(s.Y1+t*vy)
		h := s.W / 2
		return dx*dx+dy*dy <= h*h
	}
	return false
}

// svgColor returns the colour as #rrggbb and its opacity in [0, 1].
func svgColor(c color.NRGBA) (string, float64) {
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B), float64(c.A) / 255
}

// LogoSVG returns the logo as a standalone SVG document (64×64 user units).
func LogoSVG() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", logoSize, logoSize, logoSize, logoSize)
	b.WriteString("  <title>gonlm: Go kernel for the Neural Langevin Machine</title>\n")
	for _, s := range logoShapes() {
		col, op := svgColor(s.Color)
		opacity := ""
		switch s.Kind {
		case roundRect:
			if op < 1 {
				opacity = fmt.Sprintf(" fill-opacity=\"%.3g\"", op)
			}
			fmt.Fprintf(&b, "  <rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" rx=\"%g\" fill=\"%s\"%s/>\n",
				s.X1, s.Y1, s.X2-s.X1, s.Y2-s.Y1, s.R, col, opacity)
		case circle:
			if op < 1 {
				opacity = fmt.Sprintf(" fill-opacity=\"%.3g\"", op)
			}
			fmt.Fprintf(&b, "  <circle cx=\"%g\" cy=\"%g\" r=\"%g\" fill=\"%s\"%s/>\n", s.X1, s.Y1, s.R, col, opacity)
		case segment:
			if op < 1 {
				opacity = fmt.Sprintf(" stroke-opacity=\"%.3g\"", op)
			}
			fmt.Fprintf(&b, "  <line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"%s\" stroke-width=\"%g\" stroke-linecap=\"round\"%s/>\n",
				s.X1, s.Y1, s.X2, s.Y2, col, s.W, opacity)
		}
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// logoSamples is the number of samples per pixel side used for anti-aliasing
// (logoSamples² samples per pixel).
const logoSamples = 8

// LogoImage draws the logo at size×size pixels: each shape's coverage of each
// pixel is estimated from logoSamples² sample points, and the shapes are
// composited in order with draw.DrawMask (Porter–Duff "over").
func LogoImage(size int) (*image.RGBA, error) {
	if size < 1 || size > 4096 {
		return nil, fmt.Errorf("logo size %d: want 1 to 4096 pixels", size)
	}
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	mask := image.NewAlpha(dst.Bounds())
	scale := float64(logoSize) / float64(size)
	for _, s := range logoShapes() {
		for py := 0; py < size; py++ {
			for px := 0; px < size; px++ {
				n := 0
				for sy := 0; sy < logoSamples; sy++ {
					y := (float64(py) + (float64(sy)+0.5)/logoSamples) * scale
					for sx := 0; sx < logoSamples; sx++ {
						x := (float64(px) + (float64(sx)+0.5)/logoSamples) * scale
						if s.contains(x, y) {
							n++
						}
					}
				}
				cov := float64(n) / (logoSamples * logoSamples) * float64(s.Color.A) / 255
				mask.SetAlpha(px, py, color.Alpha{A: uint8(math.Round(cov * 255))})
			}
		}
		opaque := s.Color
		opaque.A = 0xff
		draw.DrawMask(dst, dst.Bounds(), image.NewUniform(opaque), image.Point{}, mask, image.Point{}, draw.Over)
	}
	return dst, nil
}

// LogoPNG returns the logo drawn at size×size pixels, PNG-encoded.
func LogoPNG(size int) ([]byte, error) {
	img, err := LogoImage(size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encoding the %dx%d logo: %w", size, size, err)
	}
	return buf.Bytes(), nil
}
