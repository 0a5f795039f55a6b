//go:build !cgo || nlm_purego

package engine

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Backend names the float32 BLAS in use: "openblas" (cgo build) or "gonum" (pure Go).
const Backend = "gonum"

var impl blas32Impl = gonum.Implementation{}

type blas32Impl interface {
	Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
}

// setBLASThreads is a no-op for gonum's BLAS, which sizes its own worker pool.
func setBLASThreads(n int) {}
