//go:build amd64 && !nlm_noasm

package simd

// UseAVX512 reports whether the CPU and OS support AVX-512F, so that the
// packed products of a Langevin step run on Kernel12x32 (gemm_amd64.s).
var UseAVX512 = detectAVX512()

func detectAVX512() bool {
	if !UseAVX2 {
		return false
	}
	// XCR0 bits 5–7: the OS saves the opmask registers and the upper halves
	// of ZMM0–15 and ZMM16–31.
	if xgetbv()&0xe6 != 0xe6 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<16) != 0
}

// Kernel12x32 computes a 12×32 tile of C = A·W over kc terms:
//
//	C[r][j] (+)= Σ_{t<kc} A[r][t]·W[t][j],   r < 12, j < 32,
//
// where row r of A starts at a + r·lda bytes (lda is a byte stride), W is a
// packed panel of kc rows of 32 contiguous float32 (w[32t+j]) and row r of C
// starts at c + r·ldc bytes. Bit j of mask selects the columns that are read
// and written (columns past the matrix edge have a zero bit). When acc is
// non-zero the sum is added to C, else it replaces C. The kc terms are
// summed in order with fused multiply-adds, so a tile's result does not
// depend on which goroutine computes it.
//
//go:noescape
func Kernel12x32(a *float32, lda uintptr, w *float32, kc uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr)

// Ziggurat8 runs eight xoshiro256++ streams side by side and turns each
// 64-bit output into two Ziggurat candidates, writing row L's pair to
// dst + offs[L] + 4·i (bytes) for i = i0, i0+2, … while i+1 < n.
//
// st holds the streams' state words transposed (st[8w+L] is word w of
// stream L) and, after a return with fail ≠ 0, the eight 64-bit outputs
// of the last pair in st[32:40]. The fast path matches engine.Stream.Normal
// bit for bit; when a candidate fails its accept test (bit 2L of fail for
// the low half of stream L, bit 2L+1 for the high half) Ziggurat8 returns
// with next = i, that pair's accepted values written and the streams just
// past it, and the caller finishes the pair with the scalar slow path and
// calls again from i+2. zk and zw are the Ziggurat tables (256 entries).
//
//go:noescape
func Ziggurat8(st *[40]uint64, dst *float32, offs *[8]int64, i, n int, zk *int32, zw *float32) (next int, fail uint64)

// Kernel6x16 is Kernel12x32 for AVX2: a 6×16 tile from a panel of kc rows of
// 16 contiguous float32 (w[16t+j]), always writing all 16 columns.
//
//go:noescape
func Kernel6x16(a *float32, lda uintptr, w *float32, kc uintptr, c *float32, ldc uintptr, acc uintptr)
