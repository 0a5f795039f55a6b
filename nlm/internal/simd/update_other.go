//go:build !amd64 || nlm_noasm

package simd

import "errors"

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

// UseAVX512 is false: no vector kernels on this architecture or build.
const UseAVX512 = false

// Kernel12x32 is never called when UseAVX512 is false.
func Kernel12x32(a *float32, lda uintptr, w *float32, kc uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr) {
	panic("simd: Kernel12x32 without AVX-512 support")
}

// Ziggurat8 is never called when UseAVX512 is false.
func Ziggurat8(st *[40]uint64, dst *float32, offs *[8]int64, i, n int, zk *int32, zw *float32) (next int, fail uint64) {
	panic("simd: Ziggurat8 without AVX-512 support")
}

// Kernel6x16 is never called when UseAVX2 is false.
func Kernel6x16(a *float32, lda uintptr, w *float32, kc uintptr, c *float32, ldc uintptr, acc uintptr) {
	panic("simd: Kernel6x16 without AVX2 support")
}

// UpdateRow16 is never called when UseAVX512 is false.
func UpdateRow16(x, p, r, gv, xi *float32, n int, dt, sigma float32) {
	panic("simd: UpdateRow16 without AVX-512 support")
}

// UseAVX512BF16 and UseAMX are false: no bf16 kernels on this
// architecture or build.
const (
	UseAVX512BF16 = false
	UseAMX        = false
	FastBF16Dot   = false
)

// AMXError says why UseAMX is false.
var AMXError error = errors.New("simd: no AMX in this build (nlm_noasm or not amd64)")

// AMXMul is never called when UseAMX is false.
func AMXMul(j *AMXJob) { panic("simd: AMXMul without AMX support") }

// AMXPeak is never called when UseAMX is false.
func AMXPeak(a, w *uint16, c *float32, n int) { panic("simd: AMXPeak without AMX support") }

// BF16Kernel12x32 is never called when UseAVX512BF16 is false.
func BF16Kernel12x32(a *uint16, lda uintptr, w *uint16, ksteps uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr) {
	panic("simd: BF16Kernel12x32 without AVX512-BF16 support")
}

// BF16Kernel12x16 is never called when UseAVX512BF16 is false.
func BF16Kernel12x16(a *uint16, lda uintptr, w *uint16, ksteps uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr) {
	panic("simd: BF16Kernel12x16 without AVX512-BF16 support")
}

// ToBF16 is never called when UseAVX512BF16 is false.
func ToBF16(dst *uint16, src *float32, n int) { panic("simd: ToBF16 without AVX512-BF16 support") }

// UpdateRow16BF16 is never called when UseAVX512BF16 is false.
func UpdateRow16BF16(x, p, r, gv, xi *float32, pb *uint16, n int, dt, sigma float32) {
	panic("simd: UpdateRow16BF16 without AVX512-BF16 support")
}

// ResidualBF16 is never called when UseAVX512BF16 is false.
func ResidualBF16(h, x, b *float32, rb *uint16, n int) {
	panic("simd: ResidualBF16 without AVX512-BF16 support")
}

// PackPairRows is never called when UseAVX512BF16 is false.
func PackPairRows(dst *uint16, r0, r1 *float32, pairs int, stride uintptr) {
	panic("simd: PackPairRows without AVX512-BF16 support")
}

// PackTransTile is never called when UseAVX512BF16 is false.
func PackTransTile(dst *uint16, src *float32, ld uintptr) {
	panic("simd: PackTransTile without AVX512-BF16 support")
}

// TransposeRowsTiles is never called when UseAVX512BF16 is false.
func TransposeRowsTiles(dst *uint16, lda uintptr, rows *[32]*float32, alpha *[32]float32, blocks int) {
	panic("simd: TransposeRowsTiles without AVX512-BF16 support")
}
