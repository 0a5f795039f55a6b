package nlm

import (
	"fmt"
	"image"

	"github.com/gonlm/gonlm/nlm/internal/grey"

	"gonum.org/v1/gonum/mat"
)

// DigitImage returns v as a rows×cols grey image (row-major), value v shown as
// (v+1)/2 clamped to [0, 1], so −1 is black and +1 white; NaN is black.
//
// When rows or cols is ≤ 0 the shape is inferred from len(v): a square if
// len(v) is a perfect square, else one row; if only one of them is ≤ 0 it is
// len(v) divided by the other, rounded up; a shape of more than 2²⁸ pixels is
// ignored and inferred the same way. Pixels beyond len(v) are black and
// values beyond rows·cols are not shown.
func DigitImage(v []float64, rows, cols int) *image.Gray {
	return grey.Image(v, rows, cols)
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

// GridImage draws the rows of x (one image per row, values in [−1, 1]) as a
// grid, left to right then top to bottom, opt.Gap white pixels between
// neighbouring images (no outer border); unused cells of the last grid row are
// white. Each pixel becomes an opt.Scale×opt.Scale block. Value v is shown as (v+1)/2 clamped to [0, 1] unless
// opt.Stretch asks for each image's own contrast stretch (v − min)/(max − min).
func GridImage(x mat.Matrix, opt GridOptions) (*image.Gray, error) {
	if x == nil {
		return nil, fmt.Errorf("nlm: GridImage: %w: x is nil; pass a matrix with one image per row", ErrInvalid)
	}
	if d, ok := x.(*mat.Dense); ok && d.IsEmpty() {
		return nil, fmt.Errorf("nlm: GridImage: %w: x is empty; pass a matrix with one image per row", ErrShape)
	}
	b, n := x.Dims()
	if b == 0 || n == 0 {
		return nil, fmt.Errorf("nlm: GridImage: %w: x is empty; pass a matrix with one image per row", ErrShape)
	}
	rows, cols := opt.Rows, opt.ImgCols
	switch {
	case rows < 0 || cols < 0:
		return nil, fmt.Errorf("nlm: GridImage: %w: negative image shape %d×%d", ErrShape, rows, cols)
	case rows == 0 && cols == 0:
		if n == 784 {
			rows, cols = 28, 28
		} else if s := grey.Isqrt(n); s*s == n {
			rows, cols = s, s
		} else {
			return nil, fmt.Errorf("nlm: GridImage: %w: rows of %d values are not square images; set GridOptions.Rows and ImgCols", ErrShape, n)
		}
	case rows == 0:
		rows = n / cols
	case cols == 0:
		cols = n / rows
	}
	if rows*cols != n {
		return nil, fmt.Errorf("nlm: GridImage: %w: an image of %d×%d pixels needs %d values but x has rows of %d", ErrShape, rows, cols, rows*cols, n)
	}
	scale, gap, gcols := opt.Scale, opt.Gap, opt.Cols
	if scale < 0 || gap < 0 || gcols < 0 {
		return nil, fmt.Errorf("nlm: GridImage: %w: Scale (%d), Gap (%d) and Cols (%d) must not be negative", ErrInvalid, scale, gap, gcols)
	}
	if scale == 0 {
		scale = 1
	}
	if gcols == 0 {
		gcols = grey.Isqrt(b)
		if gcols*gcols < b {
			gcols++
		}
	}
	gcols = min(gcols, b)
	grows := (b + gcols - 1) / gcols
	cw, ch := cols*scale, rows*scale
	w := float64(gcols)*float64(cw) + float64(gcols-1)*float64(gap)
	h := float64(grows)*float64(ch) + float64(grows-1)*float64(gap)
	if w*h > grey.MaxPixels {
		return nil, fmt.Errorf("nlm: GridImage: %w: the grid would be %.0f×%.0f pixels; lower Scale or draw fewer images", ErrShape, w, h)
	}
	img := image.NewGray(image.Rect(0, 0, int(w), int(h)))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	dense, _ := x.(*mat.Dense)
	row := make([]float64, n)
	levels := make([]uint8, n)
	line := make([]uint8, cw)
	for k := 0; k < b; k++ {
		var v []float64
		if dense != nil {
			v = dense.RawRowView(k)
		} else {
			mat.Row(row, k, x)
			v = row
		}
		grey.Fill(levels, v, opt.Stretch)
		x0 := (k % gcols) * (cw + gap)
		y0 := (k / gcols) * (ch + gap)
		for r := 0; r < rows; r++ {
			src := levels[r*cols : (r+1)*cols]
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
