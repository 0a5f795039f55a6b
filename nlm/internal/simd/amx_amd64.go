//go:build amd64 && !nlm_noasm

package simd

import (
	"errors"
	"os"
	"unsafe"
)

// UseAVX512BF16 reports whether the CPU has AVX512-BF16 (VDPBF16PS,
// VCVTNEPS2BF16) besides AVX-512F and AVX-512BW, and NLM_BF16 is not "0":
// the bf16 products and conversions of bf16.go can run.
var UseAVX512BF16 = detectAVX512BF16()

// FastBF16Dot reports whether VDPBF16PS runs at about twice the float32
// FMA rate, so that BF16Kernel12x32 beats Kernel12x32: on AMD (Zen 4 and
// later, which have AVX512-BF16). On Intel cores VDPBF16PS runs at the FMA
// rate, and BF16Kernel12x32 measured slower than Kernel12x32 on a Xeon
// (Sapphire Rapids class) with AMX turned off.
var FastBF16Dot = UseAVX512BF16 && vendor() == "AuthenticAMD"

// vendor returns the CPUID vendor string.
func vendor() string {
	_, b, c, d := cpuid(0, 0)
	var v [12]byte
	for i := range 4 {
		v[i], v[4+i], v[8+i] = byte(b>>(8*i)), byte(d>>(8*i)), byte(c>>(8*i))
	}
	return string(v[:])
}

// UseAMX reports whether AMX-BF16 tiles can run in this process: the CPU
// has AMX-TILE and AMX-BF16 with the tile palette AMXMul assumes, the OS
// saves tile state (XCR0 bits 17 and 18), the kernel granted this process
// the tile data permission (see requestTiles), UseAVX512BF16 is true (the
// conversions to bf16 need it) and NLM_AMX is not "0".
var UseAMX bool

// AMXError is why UseAMX is false on a CPU that has AMX (nil otherwise):
// the kernel refused the permission, or NLM_AMX=0.
var AMXError error

func init() { UseAMX, AMXError = detectAMX() }

// Environment variables that turn paths off, for tests and comparisons
// (NLM_BF16=1, which makes bf16 the default wherever a bf16 kernel runs,
// is read by package engine).
const (
	envAMX  = "NLM_AMX"  // "0": no AMX tiles
	envBF16 = "NLM_BF16" // "0": no bf16 at all (neither AMX nor AVX512-BF16)
)

func detectAVX512BF16() bool {
	if !UseAVX512 || os.Getenv(envBF16) == "0" {
		return false
	}
	if maxID, _, _, _ := cpuid(0, 0); maxID < 7 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	if b7&(1<<30) == 0 { // AVX-512BW
		return false
	}
	if n, _, _, _ := cpuid(7, 0); n < 1 {
		return false // no subleaf 1
	}
	a71, _, _, _ := cpuid(7, 1)
	return a71&(1<<5) != 0
}

// errNoAMX marks a CPU without (usable) AMX-BF16.
var errNoAMX = errors.New("simd: no AMX-BF16 on this CPU")

func detectAMX() (bool, error) {
	if os.Getenv(envBF16) == "0" {
		return false, errors.New("simd: AMX and AVX512-BF16 turned off by " + envBF16 + "=0")
	}
	if !UseAVX512BF16 {
		return false, errNoAMX
	}
	_, _, _, d7 := cpuid(7, 0)
	const amxBF16, amxTile = 1 << 22, 1 << 24
	if d7&amxBF16 == 0 || d7&amxTile == 0 {
		return false, errNoAMX
	}
	// XCR0 bits 17 (XTILECFG) and 18 (XTILEDATA): the OS manages tile state.
	if xgetbv()&(3<<17) != 3<<17 {
		return false, errors.New("simd: the OS does not enable AMX tile state (XCR0)")
	}
	// Palette 1 must have the shape AMXMul is written for: 8 tiles of 16
	// rows of 64 bytes (CPUID leaf 0x1D, subleaf 1).
	if maxID, _, _, _ := cpuid(0, 0); maxID < 0x1d {
		return false, errNoAMX
	}
	a, b, c, _ := cpuid(0x1d, 1)
	if a>>16 != 1024 || b&0xffff != 64 || b>>16 < 8 || c&0xffff < 16 {
		return false, errors.New("simd: unexpected AMX tile palette")
	}
	if os.Getenv(envAMX) == "0" {
		return false, errors.New("simd: AMX turned off by " + envAMX + "=0")
	}
	if err := requestTiles(); err != nil {
		return false, err
	}
	return true, nil
}

// AMXMul runs one AMXJob on the tiles: LDTILECFG, the products and
// TILERELEASE in one call, so that no tile state is live in Go code. Each
// 16×16 block of C is one run of TDPBF16PS over the k-steps in order, so
// its result does not depend on which call or goroutine computes it.
//
//go:noescape
func AMXMul(j *AMXJob)

// AMXPeak runs n iterations of AMXMul's inner step (two A and two W tiles
// loaded, four TDPBF16PS) on the same L1-resident tiles: a (2 KiB, two
// 16×32 bf16 tiles) and w (2 KiB), the ceiling of the tile kernel. It
// returns nothing; c receives the four 16×16 sums.
//
//go:noescape
func AMXPeak(a, w *uint16, c *float32, n int)

// amxProbe runs each byte-encoded AMX instruction once on the buffer at p
// (amxProbeBuf, amx_amd64_test.go); see TestEncodings.
//
//go:noescape
func amxProbe(p unsafe.Pointer)

// BF16Kernel12x32 computes a 12×32 block of C = A·W over 32·ksteps terms
// with VDPBF16PS (AVX512-BF16):
//
//	C[r][j] (+)= Σ_{t<32·ksteps} A[r][t]·W[t][j],   r < 12, j < 32,
//
// where row r of A (bf16) starts at a + r·lda bytes and w points at a
// panel pair's first k-step in Pack's layout (two 1 KiB tiles per k-step).
// Bit j of mask selects the columns of C that are written; when acc is
// non-zero the sums are added to C. Each lane sums its pairs in k order,
// so a block's result does not depend on which goroutine computes it.
//
//go:noescape
func BF16Kernel12x32(a *uint16, lda uintptr, w *uint16, ksteps uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr)

// BF16Kernel12x16 is BF16Kernel12x32 for a single (last) panel, one 1 KiB
// tile per k-step, 16 columns.
//
//go:noescape
func BF16Kernel12x16(a *uint16, lda uintptr, w *uint16, ksteps uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr)

// ToBF16 sets dst[i] = BF16(src[i]) for the first n&^15 elements
// (VCVTNEPS2BF16).
//
//go:noescape
func ToBF16(dst *uint16, src *float32, n int)

// bf16Probe runs VDPBF16PS and VCVTNEPS2BF16 with register numbers from
// every range of the operand fields (see TestBF16Encodings): c[0..2] are
// three dot products of a and b through different registers, h[0..2]
// three conversions of f.
//
//go:noescape
func bf16Probe(a, b *[16]uint32, c *[3][16]float32, f *[16]float32, h *[3][16]uint16)

// PackPairRows writes, for each of pairs panel pairs, the tile row of both
// panels that holds the bf16 pairs (r0[j], r1[j]) of their 32 columns:
// panel 2g's at dst + g·stride bytes and panel 2g+1's 1 KiB further; r0
// and r1 advance by 32 values per pair (VCVTNE2PS2BF16, VPERMW). It is the
// bulk of Pack and PackRows.
//
//go:noescape
func PackPairRows(dst *uint16, r0, r1 *float32, pairs int, stride uintptr)

// PackTransTile writes the 1 KiB tile whose row q holds the pairs
// (src_j[2q], src_j[2q+1]) of the 16 rows src_j = src + j·ld bytes, 32
// float32 each, rounded to bf16: a tile of Pack with trans (a 16×16
// transpose of bf16 pairs).
//
//go:noescape
func PackTransTile(dst *uint16, src *float32, ld uintptr)

// TransposeRowsTiles writes, for blocks column blocks b of 16, the 16 rows
// dst + (16b+m)·lda bytes (32 bf16 each) with word 2q+u = bf16(α_t·row_t[16b+m]),
// t = 2q+u < 32: 32 columns of TransposeRows.
//
//go:noescape
func TransposeRowsTiles(dst *uint16, lda uintptr, rows *[32]*float32, alpha *[32]float32, blocks int)
