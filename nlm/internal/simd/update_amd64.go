//go:build amd64 && !nlm_noasm

package simd

// UseAVX2 reports whether the CPU and OS support AVX2 and FMA, so that the
// fused update pass runs 8 lanes at a time (update_amd64.s).
var UseAVX2 = detectAVX2()

func cpuid(eax, ecx uint32) (a, b, c, d uint32)
func xgetbv() uint32

func detectAVX2() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c1&fma == 0 || c1&osxsave == 0 || c1&avx == 0 {
		return false
	}
	if xgetbv()&6 != 6 { // the OS saves XMM and YMM state
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}

// UpdateRow is the fused Langevin update for the first n&^7 elements: x += dt·(r − (1 −
// p²)·g) + sigma·xi; p = tanh(x) (the same rational approximation as Tanh,
// with FMA). All slices must hold at least n elements.
//
//go:noescape
func UpdateRow(x, p, r, gv, xi *float32, n int, dt, sigma float32)

// Tanh sets dst[i] = tanh(src[i]) for the first n&^7 elements, with exactly
// the arithmetic of UpdateRow's tanh (so P = tanh(X) computed either way is
// bit-identical). dst may equal src.
//
//go:noescape
func Tanh(dst, src *float32, n int)

// UpdateRow16 is UpdateRow for the first n&^15 elements, 16 lanes at a
// time with AVX-512, bit for bit the same results.
//
//go:noescape
func UpdateRow16(x, p, r, gv, xi *float32, n int, dt, sigma float32)

// UpdateRow16BF16 is UpdateRow16 that also sets pb[i] = BF16(p[i]) for the
// updated elements (the A operand of the next step's first bf16 product).
//
//go:noescape
func UpdateRow16BF16(x, p, r, gv, xi *float32, pb *uint16, n int, dt, sigma float32)

// ResidualBF16 sets h[i] = h[i] + (b[i] − x[i]) (h[i] − x[i] when b is
// nil) and rb[i] = BF16(h[i]) for the first n&^15 elements (the residual
// of a step and the A operand of its second bf16 product). It needs
// AVX512-BF16.
//
//go:noescape
func ResidualBF16(h, x, b *float32, rb *uint16, n int)
