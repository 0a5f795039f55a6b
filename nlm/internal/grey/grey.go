// Package grey turns model states (values in [−1, 1], −1 black, +1 white)
// into grey images; nlm (digit images and grids) and nlm/mnist (data set
// images) share it.
package grey

import (
	"image"
	"math"
)

// MaxPixels bounds the size of an image (256 Mpixel).
const MaxPixels = 1 << 28

// Level maps a state value v ∈ [−1, 1] to a grey level: round(255·(v+1)/2),
// clamped to [0, 255]; NaN maps to 0 (black).
func Level(v float64) uint8 {
	g := (v + 1) / 2
	switch {
	case !(g > 0): // also NaN
		return 0
	case g >= 1:
		return 255
	}
	return uint8(g*255 + 0.5)
}

// Image returns v as a rows×cols grey image (row-major), value v shown as
// Level(v). When rows or cols is ≤ 0 the shape is inferred as Shape does.
// Pixels beyond len(v) are black and values beyond rows·cols are not shown.
func Image(v []float64, rows, cols int) *image.Gray {
	rows, cols = Shape(len(v), rows, cols)
	img := image.NewGray(image.Rect(0, 0, cols, rows))
	n := min(len(v), rows*cols)
	for k := 0; k < n; k++ {
		img.Pix[(k/cols)*img.Stride+k%cols] = Level(v[k])
	}
	return img
}

// Shape returns the image shape for n values and the requested rows×cols:
// as given when both are > 0 (and the image has at most MaxPixels pixels);
// when one is ≤ 0, n divided by the other, rounded up; when both are, a
// square if n is a perfect square, else one row.
func Shape(n, rows, cols int) (int, int) {
	if rows > 0 && cols > 0 && float64(rows)*float64(cols) > MaxPixels {
		rows, cols = 0, 0 // absurd: infer from n instead
	}
	switch {
	case rows > 0 && cols > 0:
		return rows, cols
	case rows > 0:
		return rows, (n + rows - 1) / rows
	case cols > 0:
		return (n + cols - 1) / cols, cols
	}
	if s := Isqrt(n); s*s == n {
		return s, s
	}
	return 1, n
}

// Isqrt returns ⌊√n⌋ (0 for n ≤ 0).
func Isqrt(n int) int {
	if n <= 0 {
		return 0
	}
	s := int(math.Sqrt(float64(n)))
	for s*s > n {
		s--
	}
	for (s+1)*(s+1) <= n {
		s++
	}
	return s
}

// Fill converts one image to grey levels: Level(v), or, if stretch, the
// min–max stretch of the values to [−1, 1] first (a constant image, or one
// with infinite range, falls back to Level(v)).
func Fill(dst []uint8, v []float64, stretch bool) {
	if stretch {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, x := range v {
			if x < lo {
				lo = x
			}
			if x > hi {
				hi = x
			}
		}
		if hi > lo && !math.IsInf(hi-lo, 0) {
			f := 2 / (hi - lo)
			for i, x := range v {
				dst[i] = Level((x-lo)*f - 1)
			}
			return
		}
	}
	for i, x := range v {
		dst[i] = Level(x)
	}
}
