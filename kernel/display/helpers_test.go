package display

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// decodePNG decodes a bundle's image/png entry (base64 after Normalize,
// []byte before).
func decodePNG(t *testing.T, b Bundle) image.Image {
	t.Helper()
	data, err := b.Bytes(MIMEPNG)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("image/png does not decode: %v", err)
	}
	return img
}

// parseXML checks that s is well-formed XML with the given root element.
func parseXML(t *testing.T, s, root string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	got := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && got == "" {
			got = se.Name.Local
		}
	}
	if got != root {
		t.Fatalf("root element %q, want %q", got, root)
	}
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 100, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func linePlot(t testing.TB, n int) *plot.Plot {
	t.Helper()
	pts := make(plotter.XYs, n)
	for i := range pts {
		x := float64(i) / float64(n) * 10
		pts[i] = plotter.XY{X: x, Y: math.Sin(x) * math.Exp(-x/5)}
	}
	p := plot.New()
	p.Title.Text = "damped sine"
	p.X.Label.Text = "t"
	p.Y.Label.Text = "x(t)"
	l, err := plotter.NewLine(pts)
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l, plotter.NewGrid())
	return p
}

func keys(b Bundle) []string {
	var k []string
	for m := range b.Data {
		k = append(k, m)
	}
	return k
}
