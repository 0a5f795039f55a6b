package engine

import (
	"sync"

	"gonum.org/v1/gonum/blas"
)

var (
	blasMu      sync.Mutex
	blasThreads int
)

// SetThreads sets the number of BLAS worker threads when it differs from the
// last value set. OpenBLAS's thread count is process-wide.
func SetThreads(n int) {
	blasMu.Lock()
	defer blasMu.Unlock()
	if n != blasThreads {
		setBLASThreads(n)
		blasThreads = n
	}
}

// Gemm computes C = alpha·op(A)·op(B) + beta·C for row-major float32 matrices
// (C is m×n, op(A) m×k, op(B) k×n; lda, ldb, ldc are the row strides).
func Gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	if transA {
		ta = blas.Trans
	}
	if transB {
		tb = blas.Trans
	}
	impl.Sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
