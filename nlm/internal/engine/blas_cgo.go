//go:build cgo && !nlm_purego

package engine

/*
#cgo LDFLAGS: -lopenblas
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
*/
import "C"

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/netlib/blas/netlib"
)

// Backend names the float32 BLAS in use: "openblas" (cgo build) or "gonum" (pure Go).
const Backend = "openblas"

var impl blas32Impl = netlib.Implementation{}

type blas32Impl interface {
	Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
}

var _ blas.Float32 = netlib.Implementation{}

func init() {
	// Let gonum's blas32 package use the same implementation, so that code
	// written against blas32 also runs on OpenBLAS.
	blas32.Use(netlib.Implementation{})
}

// setBLASThreads sets OpenBLAS's worker count (a process-wide setting).
func setBLASThreads(n int) {
	if n < 1 {
		n = 1
	}
	C.openblas_set_num_threads(C.int(n))
}
