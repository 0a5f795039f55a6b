package display

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// decodePNGFile decodes the PNG file at path.
func decodePNGFile(t *testing.T, path string) image.Image {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

func TestSave(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	p := linePlot(t, 50)
	fig := &Figure{Plots: []*plot.Plot{linePlot(t, 20), linePlot(t, 30)}, Widths: []float64{2, 1}, Width: 8 * vg.Inch, Height: 3 * vg.Inch}
	tests := []struct {
		name string
		v    any
		file string
		err  string // "" = saved
	}{
		{"plot png", p, "plot.png", ""},
		{"plot svg", p, "plot.svg", ""},
		{"figure png", fig, "fig.png", ""},
		{"figure svg", fig, "fig.svg", ""},
		{"image", image.NewGray(image.Rect(0, 0, 28, 28)), "img.png", ""},
		{"image as svg", image.NewGray(image.Rect(0, 0, 28, 28)), "img.svg", "has no .svg form; save it as .png, .txt"},
		{"samples", digits{n: 9}, "samples.png", ""},
		{"matrix table", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), "m.html", ""},
		{"value as text", struct{ A, B int }{1, 2}, "v.txt", ""},
		{"markdown", MarkdownBundle("# Title"), "notes.md", ""},
		{"unknown extension", p, "plot.bmp", "unknown extension \".bmp\""},
		{"nil", nil, "nil.png", "the value is nil"},
		{"empty figure", &Figure{}, "empty.png", "no plots"},
		{"widths mismatch", &Figure{Plots: []*plot.Plot{p}, Widths: []float64{1, 2}}, "w.png", "1 plots and 2 widths"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Save(tc.v, path(tc.file))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				if _, serr := os.Stat(path(tc.file)); serr == nil {
					t.Errorf("%s written despite the error", tc.file)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(path(tc.file))
			if err != nil || fi.Mode().Perm() != 0o644 || fi.Size() == 0 {
				t.Fatalf("%s: %v %v", tc.file, err, fi)
			}
		})
	}
	if b := decodePNGFile(t, path("plot.png")).Bounds(); b.Dx() != 1152 || b.Dy() != 768 {
		t.Errorf("plot.png is %v, want the 2× rendering 1152×768", b)
	}
	if b := decodePNGFile(t, path("fig.png")).Bounds(); b.Dx() != 1536 || b.Dy() != 576 {
		t.Errorf("fig.png is %v, want 8×3 inches at 192 DPI", b)
	}
	for _, f := range []string{"plot.svg", "fig.svg"} {
		if b, _ := os.ReadFile(path(f)); !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s is not SVG", f)
		}
	}
	if b, _ := os.ReadFile(path("v.txt")); string(b) != "{A: 1, B: 2}\n" {
		t.Errorf("v.txt = %q", b)
	}
	if b, _ := os.ReadFile(path("notes.md")); string(b) != "# Title\n" {
		t.Errorf("notes.md = %q", b)
	}
}

// A Figure draws its plots side by side in proportion to Widths, with Gap
// between them.
func TestFigureWidths(t *testing.T) {
	red := plot.New()
	red.HideAxes()
	red.BackgroundColor = image.Black.C
	blank := plot.New()
	blank.HideAxes()
	f := &Figure{Plots: []*plot.Plot{red, blank}, Widths: []float64{3, 1}, Width: 4 * vg.Inch, Height: vg.Inch}
	img, err := png.Decode(bytes.NewReader(must(f.Render().Bytes(MIMEPNG))))
	if err != nil {
		t.Fatal(err)
	}
	w := img.Bounds().Dx()
	dark := func(x int) bool { r, _, _, _ := img.At(x, img.Bounds().Dy()/2).RGBA(); return r < 0x8000 }
	if !dark(w*3/4-4) || dark(w*3/4+4) {
		t.Errorf("the first plot does not fill three quarters of %d pixels", w)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
