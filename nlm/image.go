package nlm

import (
	"errors"
	"fmt"
	"image"
	"math"

	"gonum.org/v1/gonum/mat"
)

// greyOf maps a state value v ∈ [−1, 1] to a grey level: round(255·(v+1)/2),
// clamped to [0, 255]; NaN maps to 0 (black).
func greyOf(v float64) uint8 {
	g := (v + 1) / 2
	switch {
	case !(g > 0): // also NaN
		return 0
	case g >= 1:
		return 255
	}
	return uint8(g*255 + 0.5)
}

// DigitImage returns v as a rows×cols grey image (row-major), value v shown as
// (v+1)/2 clamped to [0, 1], so −1 is black and +1 white; NaN is black.
//
// When rows or cols is ≤ 0 the shape is inferred from len(v): a square if
// len(v) is a perfect square, else one row; if only one of them is ≤ 0 it is
// len(v) divided by the other, rounded up; a shape of more than 2²⁸ pixels is
// ignored and inferred the same way. Pixels beyond len(v) are black and
// values beyond rows·cols are not shown.
func DigitImage(v []float64, rows, cols int) *image.Gray {
	rows, cols = imageShape(len(v), rows, cols)
	img := image.NewGray(image.Rect(0, 0, cols, rows))
	n := min(len(v), rows*cols)
	for k := 0; k < n; k++ {
		img.Pix[(k/cols)*img.Stride+k%cols] = greyOf(v[k])
	}
	return img
}

func imageShape(n, rows, cols int) (int, int) {
	if rows > 0 && cols > 0 && float64(rows)*float64(cols) > maxGridPixels {
		rows, cols = 0, 0 // absurd: infer from len(v) instead
	}
	switch {
	case rows > 0 && cols > 0:
		return rows, cols
	case rows > 0:
		return rows, (n + rows - 1) / rows
	case cols > 0:
		return (n + cols - 1) / cols, cols
	}
	if s := isqrt(n); s*s == n {
		return s, s
	}
	return 1, n
}

func isqrt(n int) int {
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

// GridOptions controls GridImage. The zero value gives a roughly square grid of
// 28×28 images at scale 1, without gaps or stretching.
type GridOptions struct {
	// Cols is the number of images per grid row; 0 means ⌈√B⌉ for B images.
	Cols int
	// Scale is the nearest-neighbour upscaling factor (each pixel becomes a
	// Scale×Scale block); 0 means 1.
	Scale int
	// Gap is the width in pixels of the white space between images.
	Gap int
	// Stretch maps each image's own [min, max] to [0, 1] (black to white), as the
	// authors' figures do, instead of the fixed (v+1)/2. Useful for samples
	// tanh(x), whose contrast is lower than the data's. A constant image falls
	// back to (v+1)/2.
	Stretch bool
	// Rows and ImgCols are the shape of one image. When both are 0 the shape is
	// 28×28 for 784 values, else a square if the row length is a perfect square;
	// when one is 0 it is inferred from the row length.
	Rows, ImgCols int
}

// maxGridPixels bounds the size of a grid image (256 Mpixel).
const maxGridPixels = 1 << 28

// GridImage draws the rows of x (one image per row, values in [−1, 1]) as a
// grid, left to right then top to bottom, opt.Gap white pixels between
// neighbouring images (no outer border); unused cells of the last grid row are
// white. Each pixel becomes an opt.Scale×opt.Scale block. Value v is shown as (v+1)/2 clamped to [0, 1] unless
// opt.Stretch asks for each image's own contrast stretch (v − min)/(max − min).
func GridImage(x mat.Matrix, opt GridOptions) (*image.Gray, error) {
	if x == nil {
		return nil, errors.New("nlm: GridImage: x is nil; pass a matrix with one image per row")
	}
	if d, ok := x.(*mat.Dense); ok && d.IsEmpty() {
		return nil, errors.New("nlm: GridImage: x is empty; pass a matrix with one image per row")
	}
	b, n := x.Dims()
	if b == 0 || n == 0 {
		return nil, errors.New("nlm: GridImage: x is empty; pass a matrix with one image per row")
	}
	rows, cols := opt.Rows, opt.ImgCols
	switch {
	case rows < 0 || cols < 0:
		return nil, fmt.Errorf("nlm: GridImage: negative image shape %d×%d", rows, cols)
	case rows == 0 && cols == 0:
		if n == 784 {
			rows, cols = 28, 28
		} else if s := isqrt(n); s*s == n {
			rows, cols = s, s
		} else {
			return nil, fmt.Errorf("nlm: GridImage: rows of %d values are not square images; set GridOptions.Rows and ImgCols", n)
		}
	case rows == 0:
		rows = n / cols
	case cols == 0:
		cols = n / rows
	}
	if rows*cols != n {
		return nil, fmt.Errorf("nlm: GridImage: an image of %d×%d pixels needs %d values but x has rows of %d", rows, cols, rows*cols, n)
	}
	scale, gap, gcols := opt.Scale, opt.Gap, opt.Cols
	if scale < 0 || gap < 0 || gcols < 0 {
		return nil, fmt.Errorf("nlm: GridImage: Scale (%d), Gap (%d) and Cols (%d) must not be negative", scale, gap, gcols)
	}
	if scale == 0 {
		scale = 1
	}
	if gcols == 0 {
		gcols = isqrt(b)
		if gcols*gcols < b {
			gcols++
		}
	}
	gcols = min(gcols, b)
	grows := (b + gcols - 1) / gcols
	cw, ch := cols*scale, rows*scale
	w := float64(gcols)*float64(cw) + float64(gcols-1)*float64(gap)
	h := float64(grows)*float64(ch) + float64(grows-1)*float64(gap)
	if w*h > maxGridPixels {
		return nil, fmt.Errorf("nlm: GridImage: the grid would be %.0f×%.0f pixels; lower Scale or draw fewer images", w, h)
	}
	img := image.NewGray(image.Rect(0, 0, int(w), int(h)))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	dense, _ := x.(*mat.Dense)
	row := make([]float64, n)
	grey := make([]uint8, n)
	line := make([]uint8, cw)
	for k := 0; k < b; k++ {
		var v []float64
		if dense != nil {
			v = dense.RawRowView(k)
		} else {
			mat.Row(row, k, x)
			v = row
		}
		toGrey(grey, v, opt.Stretch)
		x0 := (k % gcols) * (cw + gap)
		y0 := (k / gcols) * (ch + gap)
		for r := 0; r < rows; r++ {
			src := grey[r*cols : (r+1)*cols]
			if scale == 1 {
				copy(img.Pix[y0*img.Stride+r*img.Stride+x0:], src)
				continue
			}
			for c, g := range src {
				seg := line[c*scale : (c+1)*scale]
				for s := range seg {
					seg[s] = g
				}
			}
			for s := 0; s < scale; s++ {
				off := (y0+r*scale+s)*img.Stride + x0
				copy(img.Pix[off:off+cw], line)
			}
		}
	}
	return img, nil
}

// toGrey converts one image to grey levels, with (v+1)/2 or, if stretch, the
// min–max stretch of the finite values.
func toGrey(dst []uint8, v []float64, stretch bool) {
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
				dst[i] = greyOf((x-lo)*f - 1)
			}
			return
		}
	}
	for i, x := range v {
		dst[i] = greyOf(x)
	}
}
