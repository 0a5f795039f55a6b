package nlm

import (
	"image"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gonlm/gonlm/nlm/internal/grey"

	"gonum.org/v1/gonum/mat"
)

func TestDigitImageValues(t *testing.T) {
	v := []float64{-1, 1, 0, math.NaN(), 2, -3, 0.5, -0.5, math.Inf(1)}
	want := []uint8{0, 255, 128, 0, 255, 0, 191, 64, 255}
	img := DigitImage(v, 3, 3)
	if b := img.Bounds(); b != image.Rect(0, 0, 3, 3) {
		t.Fatalf("bounds %v", b)
	}
	for k, w := range want {
		if g := img.GrayAt(k%3, k/3).Y; g != w {
			t.Errorf("value %v → %d, want %d", v[k], g, w)
		}
	}
}

func TestDigitImageShape(t *testing.T) {
	for _, tc := range []struct {
		n, rows, cols int
		w, h          int
	}{
		{784, 28, 28, 28, 28},
		{784, 0, 0, 28, 28},
		{6, 0, 0, 6, 1},
		{6, 2, 0, 3, 2},
		{7, 0, 3, 3, 3},
		{0, 0, 0, 0, 0},
		{4, 1 << 20, 1 << 20, 2, 2},
	} {
		img := DigitImage(make([]float64, tc.n), tc.rows, tc.cols)
		if b := img.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
			t.Errorf("len %d, %d×%d: got %d×%d (w×h), want %d×%d", tc.n, tc.rows, tc.cols, b.Dx(), b.Dy(), tc.w, tc.h)
		}
	}
	// Fewer values than pixels: the rest is black; more: the rest is not shown.
	img := DigitImage([]float64{1, 1, 1, 1, 1}, 2, 3)
	if img.GrayAt(1, 1).Y != 255 || img.GrayAt(2, 1).Y != 0 {
		t.Errorf("short input: %v", img.Pix)
	}
	if img := DigitImage([]float64{1, 1, 1, 1, 1}, 2, 2); len(img.Pix) != 4 {
		t.Errorf("long input: %v", img.Pix)
	}
}

func TestGridImageLayout(t *testing.T) {
	const b, rows, cols = 5, 2, 3
	x := mat.NewDense(b, rows*cols, nil)
	for k := 0; k < b; k++ {
		for j := 0; j < rows*cols; j++ {
			x.Set(k, j, -1+float64(k*rows*cols+j)/20) // distinct, in [−1, 0.45]
		}
	}
	opt := GridOptions{Cols: 2, Scale: 2, Gap: 1, Rows: rows, ImgCols: cols}
	img, err := GridImage(x, opt)
	if err != nil {
		t.Fatal(err)
	}
	// 2 columns of 3·2 px + 1 gap; 3 grid rows of 2·2 px + 2 gaps.
	if bd := img.Bounds(); bd.Dx() != 13 || bd.Dy() != 14 {
		t.Fatalf("size %v, want 13×14", bd)
	}
	for k := 0; k < b; k++ {
		x0, y0 := (k%2)*7, (k/2)*5
		for r := 0; r < rows; r++ {
			for c := 0; c < cols; c++ {
				want := grey.Level(x.At(k, r*cols+c))
				for s := 0; s < 4; s++ {
					if g := img.GrayAt(x0+2*c+s%2, y0+2*r+s/2).Y; g != want {
						t.Fatalf("image %d pixel (%d,%d) sub %d: %d, want %d", k, r, c, s, g, want)
					}
				}
			}
		}
	}
	white := func(px, py int) {
		if g := img.GrayAt(px, py).Y; g != 255 {
			t.Errorf("(%d,%d) = %d, want white", px, py, g)
		}
	}
	for y := 0; y < 14; y++ {
		white(6, y) // the vertical gap
	}
	for xx := 0; xx < 13; xx++ {
		white(xx, 4) // the horizontal gaps
		white(xx, 9)
	}
	white(7, 10) // the empty sixth cell
	white(12, 13)

	// Any mat.Matrix gives the same picture as a Dense.
	var tr mat.Dense
	tr.CloneFrom(x.T())
	img2, err := GridImage(tr.T(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if string(img2.Pix) != string(img.Pix) {
		t.Error("a transposed view draws differently from the Dense")
	}
}

func TestGridImageDefaultsAndStretch(t *testing.T) {
	x := mat.NewDense(10, 784, nil)
	for k := 0; k < 10; k++ {
		row := x.RawRowView(k)
		for j := range row {
			row[j] = 0.5 * math.Sin(float64(j+k)) // in [−0.5, 0.5]
		}
	}
	img, err := GridImage(x, GridOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// ⌈√10⌉ = 4 columns, 3 rows of 28×28, no gaps.
	if b := img.Bounds(); b.Dx() != 112 || b.Dy() != 84 {
		t.Errorf("default size %v, want 112×84", b)
	}
	s, err := GridImage(x.Slice(0, 1, 0, 784), GridOptions{Stretch: true})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := uint8(255), uint8(0)
	for _, p := range s.Pix {
		lo, hi = min(lo, p), max(hi, p)
	}
	if lo != 0 || hi != 255 {
		t.Errorf("stretched image spans [%d, %d], want [0, 255]", lo, hi)
	}
	flat := mat.NewDense(1, 4, []float64{0.2, 0.2, 0.2, 0.2})
	f, err := GridImage(flat, GridOptions{Stretch: true})
	if err != nil || f.Pix[0] != grey.Level(0.2) {
		t.Errorf("constant image with Stretch: %v %v", f, err)
	}
}

func TestGridImageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    mat.Matrix
		opt  GridOptions
		want string
	}{
		{"nil", nil, GridOptions{}, "nil"},
		{"empty", &mat.Dense{}, GridOptions{}, "empty"},
		{"not-square", mat.NewDense(2, 10, nil), GridOptions{}, "set GridOptions.Rows and ImgCols"},
		{"shape", mat.NewDense(2, 10, nil), GridOptions{Rows: 3, ImgCols: 3}, "needs 9 values"},
		{"shape-rows", mat.NewDense(2, 10, nil), GridOptions{Rows: 3}, "needs 9 values"},
		{"neg-shape", mat.NewDense(2, 10, nil), GridOptions{Rows: -2}, "negative"},
		{"neg-scale", mat.NewDense(2, 4, nil), GridOptions{Scale: -1}, "must not be negative"},
		{"neg-gap", mat.NewDense(2, 4, nil), GridOptions{Gap: -1}, "must not be negative"},
		{"huge", mat.NewDense(2, 784, nil), GridOptions{Scale: 20000}, "lower Scale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := GridImage(tc.x, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func randomStates(b, n int, seed uint64) *mat.Dense {
	r := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(b, n, nil)
	for i := 0; i < b; i++ {
		for j, row := 0, x.RawRowView(i); j < n; j++ {
			row[j] = math.Tanh(2 * r.NormFloat64())
		}
	}
	return x
}

// BenchmarkGrid36 draws the paper's Fig. 3 layout: 36 samples, 6 per row, at
// scale 3 with gaps and per-image stretch.
func BenchmarkGrid36(b *testing.B) {
	x := randomStates(36, 784, 1)
	opt := GridOptions{Cols: 6, Scale: 3, Gap: 2, Stretch: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := GridImage(x, opt); err != nil {
			b.Fatal(err)
		}
	}
}
