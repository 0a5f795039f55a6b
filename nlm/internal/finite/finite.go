// Package finite finds NaN and ±Inf in matrices: nlm, nlm/analysis and the
// .npy loader refuse them with an error that names the first one.
package finite

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Find returns the row and column of the first NaN or ±Inf in x, in
// row-major order, and whether there is one.
func Find(x mat.Matrix) (int, int, bool) {
	r, c := x.Dims()
	if d, ok := x.(*mat.Dense); ok {
		raw := d.RawMatrix()
		for i := 0; i < r; i++ {
			for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+c] {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return i, j, true
				}
			}
		}
		return 0, 0, false
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := x.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}
