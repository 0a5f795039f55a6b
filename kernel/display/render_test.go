package display

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// digits is a test Gridder: n 28×28 images laid out as nlm's sample sets are.
type digits struct{ n int }

func (d digits) Len() int { return d.n }
func (d digits) Grid(cols int) (*image.Gray, error) {
	if cols <= 0 {
		return nil, fmt.Errorf("cols %d", cols)
	}
	rows := (d.n + cols - 1) / cols
	const s, gap = 28, 2
	img := image.NewGray(image.Rect(0, 0, cols*(s+gap)-gap, rows*(s+gap)-gap))
	for k := range d.n {
		x0, y0 := (k%cols)*(s+gap), (k/cols)*(s+gap)
		for y := range s {
			for x := range s {
				img.SetGray(x0+x, y0+y, color.Gray{uint8((x*9 + y*5 + k*13) % 256)})
			}
		}
	}
	return img, nil
}

// album is a test Album of n 28×28 images, image k filled with grey k.
type album struct{ n int }

func (a album) Len() int { return a.n }
func (a album) Image(i int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, 28, 28))
	for p := range img.Pix {
		img.Pix[p] = uint8(i)
	}
	return img
}
func (a album) String() string { return fmt.Sprintf("album of %d", a.n) }

type failingGrid struct{}

func (failingGrid) Grid(int) (*image.Gray, error) { return nil, errors.New("no samples yet") }

type stringer struct{}

func (stringer) String() string { return "I am a Stringer" }

type renderer struct{}

func (renderer) Render() Bundle {
	return Bundle{Data: map[string]any{MIMEHTML: "<i>custom</i>"}}
}

type badRenderer struct{}

func (badRenderer) Render() Bundle { return Bundle{Data: map[string]any{"html": "<b>"}} }

type panicky struct{}

func (panicky) Render() Bundle { panic("boom") }

type badStringer struct{}

func (*badStringer) String() string { return "never" }

func TestRenderKinds(t *testing.T) {
	big := mat.NewDense(1000, 784, nil)
	for i := range 1000 {
		for j := range 784 {
			big.Set(i, j, float64(i*784+j))
		}
	}
	withNaN := mat.NewDense(2, 2, []float64{1, math.NaN(), 3, math.Inf(1)})
	long := make([]float64, 1000)
	for i := range long {
		long[i] = float64(i)
	}
	var nilDense *mat.Dense
	var nilStringer *badStringer
	tests := []struct {
		name     string
		v        any
		mimes    []string
		text     []string // substrings of text/plain
		maxText  int      // 0: no limit
		pngW     int      // expected decoded PNG width (0: no PNG)
		metaW    int      // expected metadata width
		notInTxt string
	}{
		{name: "Image28", v: image.NewGray(image.Rect(0, 0, 28, 28)), mimes: []string{MIMEPNG}, pngW: 168, metaW: 168},
		{name: "ImageRGBA", v: image.NewRGBA(image.Rect(0, 0, 500, 100)), mimes: []string{MIMEPNG}, pngW: 500, metaW: 500},
		{name: "ImageSmallRGBA", v: image.NewRGBA(image.Rect(0, 0, 10, 5)), mimes: []string{MIMEPNG}, pngW: 80, metaW: 80},
		{name: "Plot", v: plot.New(), mimes: []string{MIMEPNG}, pngW: 1152, metaW: 576},
		{name: "Samples36", v: digits{36}, mimes: []string{MIMEPNG}, text: []string{"36 images in 6 columns"}, pngW: 6*30 - 2, metaW: 6*30 - 2},
		{name: "Samples10", v: digits{10}, mimes: []string{MIMEPNG}, text: []string{"in 4 columns"}},
		{name: "Album100", v: album{100}, mimes: []string{MIMEPNG, MIMEHTML}, text: []string{"album of 100 (first 36 shown)"}, pngW: 6*58 - 2, metaW: 6*58 - 2},
		{name: "Album3", v: album{3}, mimes: []string{MIMEPNG}, text: []string{"album of 3"}, pngW: 2*58 - 2, metaW: 2*58 - 2},
		{name: "AlbumEmpty", v: album{0}, text: []string{"album of 0"}},
		{name: "GridError", v: failingGrid{}, mimes: []string{MIMEText}, text: []string{"no samples yet"}},
		{name: "DenseBig", v: big, mimes: []string{MIMEText, MIMEHTML},
			text:    []string{"*mat.Dense 1000×784", "min 0", "max 7.84e+05", "mean 3.92e+05", "…", "⋮", "7.84e+05"},
			maxText: 1000, notInTxt: "500"},
		{name: "DenseSmall", v: mat.NewDense(2, 2, []float64{1, 2, 3, 4}), text: []string{"2×2", "std 1.118", "1  2\n3  4"}, notInTxt: "…"},
		{name: "DenseNaN", v: withNaN, text: []string{"NaN 1", "±Inf 1", "max 3"}},
		{name: "DenseEmpty", v: &mat.Dense{}, text: []string{"0×0 (empty)"}},
		{name: "Transpose", v: big.T(), text: []string{"mat.Transpose 784×1000"}, maxText: 1000},
		{name: "VecDense", v: mat.NewVecDense(100, long[:100]), text: []string{"*mat.VecDense len 100", "mean 49.5", "[0 1 2"}, maxText: 500},
		{name: "Float64s", v: long, mimes: []string{MIMEText, MIMEHTML}, text: []string{"[]float64 len 1000", "… 996 997 998 999]"}, maxText: 500},
		{name: "Float32sShort", v: []float32{1.5, 2}, text: []string{"[1.5 2]"}},
		{name: "Renderer", v: renderer{}, mimes: []string{MIMEHTML, MIMEText}, text: []string{"text/html"}},
		{name: "RendererBadBundle", v: badRenderer{}, text: []string{"not a MIME type"}},
		{name: "RendererPanics", v: panicky{}, text: []string{"rendering failed", "boom"}},
		{name: "Bundle", v: TextBundle("raw"), text: []string{"raw"}},
		{name: "Error", v: errors.New("it broke"), text: []string{"it broke"}},
		{name: "Stringer", v: stringer{}, text: []string{"I am a Stringer"}},
		{name: "NilPointer", v: nilDense, text: []string{"(*mat.Dense)(nil)"}},
		{name: "NilStringer", v: nilStringer, text: []string{"(*display.badStringer)(nil)"}},
		{name: "Int", v: 42, text: []string{"42"}},
		{name: "String", v: strings.Repeat("x", 20000), text: []string{"(12000 more bytes)"}, maxText: 8100},
		{name: "HugeSlice", v: make([]int, 100000), text: []string{"more bytes)"}, maxText: 8100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, ok := Render(tc.v)
			if !ok {
				t.Fatal("ok = false")
			}
			txt, isStr := b.Data[MIMEText].(string)
			if !isStr {
				t.Fatalf("no text/plain: %v", keys(b))
			}
			for _, m := range tc.mimes {
				if _, ok := b.Data[m]; !ok {
					t.Errorf("no %s (have %v)", m, keys(b))
				}
			}
			for _, s := range tc.text {
				if !strings.Contains(txt, s) {
					t.Errorf("text/plain lacks %q:\n%s", s, txt)
				}
			}
			if tc.notInTxt != "" && strings.Contains(txt, tc.notInTxt) {
				t.Errorf("text/plain has %q:\n%s", tc.notInTxt, txt)
			}
			if tc.maxText > 0 && len(txt) > tc.maxText {
				t.Errorf("text/plain is %d bytes, want ≤ %d", len(txt), tc.maxText)
			}
			if tc.pngW > 0 {
				if got := decodePNG(t, b).Bounds().Dx(); got != tc.pngW {
					t.Errorf("PNG width %d, want %d", got, tc.pngW)
				}
				if got := b.Metadata[MIMEPNG].(map[string]any)["width"]; got != tc.metaW {
					t.Errorf("metadata width %v, want %d", got, tc.metaW)
				}
			}
			if _, err := Normalize(b); err != nil {
				t.Errorf("bundle does not normalise: %v", err)
			}
			if png, ok := b.Data[MIMEPNG]; ok {
				if _, isString := png.(string); !isString {
					t.Errorf("image/png is %T, want base64 text", png)
				}
			}
		})
	}
	if _, ok := Render(nil); ok {
		t.Error("Render(nil) ok = true")
	}
}

func TestMatrixHTML(t *testing.T) {
	m := mat.NewDense(20, 30, nil)
	m.Set(0, 0, -1.5)
	b := MatrixBundle(m)
	h := b.Data[MIMEHTML].(string)
	for _, s := range []string{"<table", "20×30", "-1.5", "⋮", "…", "<th style=\"color:#888;padding:0 6px\">29</th>"} {
		if !strings.Contains(h, s) {
			t.Errorf("HTML lacks %q", s)
		}
	}
	if n := strings.Count(h, "<tr>"); n != 10 { // header + 5 + ⋮ + 3
		t.Errorf("%d table rows, want 10", n)
	}
}

func TestStats(t *testing.T) {
	tests := []struct {
		in                  []float64
		min, max, mean, std float64
		nan, inf            int
	}{
		{[]float64{2, 4, 4, 4, 5, 5, 7, 9}, 2, 9, 5, 2, 0, 0},
		{[]float64{1, math.NaN(), 3, math.Inf(-1)}, 1, 3, 2, 1, 1, 1},
		{[]float64{-1e9, 1e9}, -1e9, 1e9, 0, 1e9, 0, 0},
	}
	for i, tc := range tests {
		s := statsOf(len(tc.in), func(k int) float64 { return tc.in[k] })
		if s.Min != tc.min || s.Max != tc.max || math.Abs(s.Mean-tc.mean) > 1e-12 || math.Abs(s.Std-tc.std) > 1e-9 || s.NaN != tc.nan || s.Inf != tc.inf {
			t.Errorf("case %d: got %+v", i, s)
		}
	}
	// The row-wise version agrees with the element-wise one.
	for i, tc := range tests {
		half := len(tc.in) / 2
		rows := [][]float64{tc.in[:half], tc.in[half:]}
		a := statsOf(len(tc.in), func(k int) float64 { return tc.in[k] })
		b := statsRows(2, func(r int) []float64 { return rows[r] })
		if a != b && !(math.Abs(a.Mean-b.Mean) < 1e-9 && math.Abs(a.Std-b.Std) < 1e-9 && a.Min == b.Min && a.Max == b.Max && a.NaN == b.NaN && a.Inf == b.Inf && a.N == b.N) {
			t.Errorf("case %d: statsRows %+v, statsOf %+v", i, b, a)
		}
	}
	if s := statsRows(1, func(int) []float64 { return []float64{math.Inf(1), math.NaN()} }); !math.IsNaN(s.Mean) || s.NaN != 1 || s.Inf != 1 {
		t.Errorf("all non-finite rows: %+v", s)
	}
	s := statsOf(1, func(int) float64 { return math.NaN() })
	if !math.IsNaN(s.Mean) || s.NaN != 1 {
		t.Errorf("all-NaN: %+v", s)
	}
}

func TestGrayGrid(t *testing.T) {
	imgs := make([]*image.Gray, 5)
	for i := range imgs {
		imgs[i] = album{}.Image(i + 1)
	}
	g, err := grayGrid(imgs, 0, 2, 2) // 3 columns, 2 rows of 56-px cells
	if err != nil {
		t.Fatal(err)
	}
	if b := g.Bounds(); b.Dx() != 3*58-2 || b.Dy() != 2*58-2 {
		t.Fatalf("bounds %v", b)
	}
	for k := range 5 {
		x0, y0 := (k%3)*58, (k/3)*58
		for _, p := range [][2]int{{0, 0}, {55, 55}, {20, 37}} {
			if got := g.GrayAt(x0+p[0], y0+p[1]).Y; got != uint8(k+1) {
				t.Errorf("image %d pixel %v = %d", k, p, got)
			}
		}
	}
	if g.GrayAt(56, 10).Y != 255 || g.GrayAt(2*58+10, 58+10).Y != 255 {
		t.Error("gaps or the empty last cell are not white")
	}
	if _, err := grayGrid([]*image.Gray{imgs[0], image.NewGray(image.Rect(0, 0, 3, 3))}, 0, 1, 0); err == nil {
		t.Error("mixed sizes accepted")
	}
}
