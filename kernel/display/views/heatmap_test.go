package views

import (
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/palette/moreland"

	"github.com/gonlm/gonlm/nlm"
)

func TestHeatmap(t *testing.T) {
	m := nlm.NewModel(784, 2, 1)
	f, err := Heatmap(m.J)
	if err != nil {
		t.Fatal(err)
	}
	b := f.Render()
	if w, h := pngSize(t, b); w != 1267 || h != 1037 { // 6.6 × 5.4 inches at 192 DPI
		t.Errorf("PNG %d×%d", w, h)
	}
	if !strings.Contains(b.Text(), `heatmap "784×784 matrix"`) {
		t.Errorf("text %q", b.Text())
	}
	for _, tc := range []struct {
		a    mat.Matrix
		opts []HeatmapOptions
		want string
	}{
		{nil, nil, "nil"},
		{&mat.Dense{}, nil, "empty"},
		{m.J, []HeatmapOptions{{Max: -1}}, "Max = -1"},
		{m.J, []HeatmapOptions{{}, {}}, "at most one"},
	} {
		if _, err := Heatmap(tc.a, tc.opts...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

// Entry (i, j) is the block at row i, column j (row 0 at the top); the scale
// is diverging about 0 and saturates beyond Max; NaN is black.
func TestHeatImage(t *testing.T) {
	a := mat.NewDense(2, 3, []float64{
		2, 0, -2,
		5, math.NaN(), -0.5,
	})
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-2)
	cm.SetMax(2)
	img, err := heatImage(a, 2, cm)
	if err != nil {
		t.Fatal(err)
	}
	k := img.Bounds().Dx() / 3
	if k < 2 || img.Bounds().Dy() != 2*k {
		t.Fatalf("image %v", img.Bounds())
	}
	at := func(i, j int) color.RGBA { return img.RGBAAt(j*k+k/2, i*k+k/2) }
	red, white, blue := at(0, 0), at(0, 1), at(0, 2)
	if !(red.R > 150 && red.B < 80) || !(blue.B > 150 && blue.R < 100) || !(white.R > 200 && white.G > 200 && white.B > 200) {
		t.Errorf("colours: +2 %v, 0 %v, −2 %v", red, white, blue)
	}
	if at(1, 0) != red {
		t.Errorf("5 beyond Max = 2 is %v, want the end colour %v", at(1, 0), red)
	}
	if at(1, 1) != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("NaN is %v", at(1, 1))
	}
	if c := at(1, 2); !(c.B > c.R) || c == blue {
		t.Errorf("−0.5 is %v: a lighter blue than −2 (%v)", c, blue)
	}
}

// The default scale of a large matrix ends at the 99.5th percentile of
// |a_ij|; a small one's at its largest entry.
func TestAbsQuantile(t *testing.T) {
	v := make([]float64, 1000)
	for i := range v {
		v[i] = float64(i) / 1000
	}
	v[0] = 1e6 // an outlier
	if q := absQuantile(mat.NewDense(10, 100, v), 0.995); q < 0.99 || q > 1 {
		t.Errorf("quantile %v", q)
	}
	if absQuantile(mat.NewDense(1, 2, []float64{math.NaN(), math.Inf(1)}), 0.5) != 0 {
		t.Error("non-finite entries counted")
	}
}

func TestHeatmapSmallScale(t *testing.T) {
	a := mat.NewDense(2, 2, []float64{1.8, 0.6, 0.6, 1.5})
	f, err := Heatmap(a)
	if err != nil {
		t.Fatal(err)
	}
	bar := f.Plots[1]
	if bar.Y.Min != -1.8 || bar.Y.Max != 1.8 {
		t.Errorf("colour bar [%g, %g], want ±1.8 (the largest entry)", bar.Y.Min, bar.Y.Max)
	}
}
