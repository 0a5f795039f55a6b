//go:build !amd64 || nlm_noasm

package simd

// UseAVX2 is false: no vector kernels on this architecture or build.
const UseAVX2 = false

// UpdateRow is never called when UseAVX2 is false.
func UpdateRow(x, p, r, gv, xi *float32, n int, dt, sigma float32) {
	panic("simd: UpdateRow without AVX2 support")
}

// Tanh is never called when UseAVX2 is false.
func Tanh(dst, src *float32, n int) {
	panic("simd: Tanh without AVX2 support")
}
