// Package engine holds the float32 hot loops of package nlm: the packed
// products of a step on simd.Kernel12x32 (AVX-512) or simd.Kernel6x16
// (AVX2), the BLAS glue used
// elsewhere (OpenBLAS through gonum's netlib bindings in a cgo build, gonum's
// pure-Go BLAS otherwise or with the nlm_purego build tag), a rational
// float32 tanh, a per-chain xoshiro256++ stream with a float32 Ziggurat
// Gaussian sampler (eight streams at a time with AVX-512), a parallel-for
// over row blocks on a pool of polling workers, and the fused element-wise
// passes of one Euler–Maruyama step.
//
// Matrices are row-major []float32; a batch of states has one state per row.
// Every per-row computation depends only on that row's data and that row's
// random stream, so results do not depend on how rows are split between
// goroutines.
package engine
