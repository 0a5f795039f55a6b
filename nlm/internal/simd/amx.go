package simd

import "math"

// TileConfig is the 64-byte operand of LDTILECFG for palette 1: byte 0 the
// palette, bytes 16+2t the bytes per row of tile t, byte 48+t its rows.
type TileConfig [64]byte

// NewTileConfig returns the configuration of AMXMul's tiles for m ≤ 16
// rows of A and C, and n0, n1 ≤ 16 columns in the first and second panel
// of a pair (tmm0 and tmm2 accumulate panel 0, tmm1 and tmm3 panel 1;
// tmm4 and tmm5 hold A, tmm6 and tmm7 the two panels of W).
func NewTileConfig(m, n0, n1 int) *TileConfig {
	if m < 1 || m > 16 || n0 < 1 || n0 > 16 || n1 < 1 || n1 > 16 {
		panic("simd: NewTileConfig: tile shape out of range")
	}
	var c TileConfig
	c[0] = 1
	set := func(t, rows, bytes int) {
		c[16+2*t] = byte(bytes)
		c[16+2*t+1] = byte(bytes >> 8)
		c[48+t] = byte(rows)
	}
	set(0, m, 4*n0)
	set(2, m, 4*n0)
	set(1, m, 4*n1)
	set(3, m, 4*n1)
	set(4, m, 64)
	set(5, m, 64)
	set(6, 16, 4*n0)
	set(7, 16, 4*n1)
	return &c
}

// AMXJob is one call of AMXMul:
//
//	C[r][j] (+)= Σ_{t<32·KSteps} A[r][t]·W[t][j]
//
// for the Tiles·m rows r of Tiles row tiles (m = the configuration's rows;
// row tile i starts at row 16i) and the columns j of Panels column panels
// of 16. A is bf16, row-major, LDA bytes from one row to the next, with
// 32·KSteps columns (zero past the matrix edge); C is float32, LDC bytes per
// row. W holds the panels in pairs: for each pair, for each k-step s, the
// two panels' 16×32 blocks of rows 32s…32s+31 as 1 KiB AMX B tiles (16 rows
// of 16 bf16 pairs: word 2j+u of row q is W[32s+2q+u][j]), 2 KiB per
// k-step; a last single panel has 1 KiB per k-step. Pairs are WStride
// bytes apart (2 KiB times the k-steps of the whole packed matrix, when a
// job covers only some of them), and a single panel follows the last pair.
// When Acc is non-zero the sums are added to C, else they replace it. Cfg
// must come from NewTileConfig.
type AMXJob struct {
	Cfg     *TileConfig
	A       *uint16
	LDA     uintptr
	W       *uint16
	KSteps  uintptr
	C       *float32
	LDC     uintptr
	Tiles   uintptr
	Panels  uintptr
	Acc     uintptr
	WStride uintptr
}

// BF16 rounds x to bfloat16 as VCVTNEPS2BF16 does: to nearest, ties to
// even, with denormal inputs and outputs flushed to (signed) zero and NaNs
// kept quiet NaNs.
func BF16(x float32) uint16 {
	b := math.Float32bits(x)
	switch {
	case b&0x7f800000 == 0: // zero or denormal
		return uint16(b>>16) & 0x8000
	case b&0x7fffffff > 0x7f800000: // NaN
		return uint16(b>>16) | 0x40
	}
	b += 0x7fff + (b>>16)&1
	return uint16(b >> 16)
}

// FromBF16 returns the float32 value of a bfloat16.
func FromBF16(h uint16) float32 { return math.Float32frombits(uint32(h) << 16) }

// KSteps returns the number of 32-term k-steps of a product over k terms.
func KSteps(k int) int { return (k + 31) / 32 }

// PackedLen returns the number of bf16 words of a k×n matrix W packed for
// AMXMul (and BF16Kernel): ⌈n/16⌉ panels of KSteps(k) 1 KiB tiles.
func PackedLen(k, n int) int { return (n + 15) / 16 * KSteps(k) * 512 }

// PanelOffset returns the offset in words of panel p (even, or the last
// panel) of a k-term packed matrix: the start of its pair's tiles.
func PanelOffset(k, p int) int { return p * KSteps(k) * 512 }

// Pack writes panels p0 ≤ p < p1 (p0 even) of the k×n matrix W, rounded to
// bf16, into dst in AMXJob's layout, where W[t][j] is src[t·ld+j], or
// src[j·ld+t] when trans is true; rows t ≥ k and columns j ≥ n are zero.
// Splitting the panels between goroutines at even panels gives the same
// result as one call.
func Pack(dst []uint16, k, n int, src []float32, ld int, trans bool, p0, p1 int) {
	if !UseAVX512BF16 {
		packGo(dst, k, n, src, ld, trans, p0, p1)
		return
	}
	ks := KSteps(k)
	if trans {
		// Whole 16×32 blocks of src as tiles, the edges in Go.
		for p := p0; p < p1; p++ {
			for s := range ks {
				if 16*p+16 <= n && 32*s+32 <= k {
					PackTransTile(&dst[tileOffset(k, n, p, s)], &src[16*p*ld+32*s], uintptr(4*ld))
				} else {
					packTileGo(dst, k, n, src, ld, true, p, s)
				}
			}
		}
		return
	}
	var zero []float32
	for s := range ks {
		for q := range 16 {
			t := 32*s + 2*q
			r0, r1 := rowOrZero(src, ld, n, k, t, &zero), rowOrZero(src, ld, n, k, t+1, &zero)
			packRowPair(dst, k, n, r0, r1, s, q, p0, p1)
		}
	}
}

// rowOrZero returns row t of the row-major src (n values, ld apart), or
// zeros when t ≥ k.
func rowOrZero(src []float32, ld, n, k, t int, zero *[]float32) []float32 {
	if t < k {
		return src[t*ld : t*ld+n]
	}
	if len(*zero) < n {
		*zero = make([]float32, n)
	}
	return (*zero)[:n]
}

// tileOffset is the offset in words of the tile of panel p and k-step s.
func tileOffset(k, n, p, s int) int {
	np := (n + 15) / 16
	if p == np-1 && np&1 == 1 {
		return PanelOffset(k, p) + 512*s
	}
	return PanelOffset(k, p&^1) + 1024*s + 512*(p&1)
}

// packRowPair writes tile row q of k-step s, the pairs (r0[j], r1[j]), in
// panels p0 ≤ p < p1 (p0 even): whole pairs of panels with PackPairRows,
// the rest in Go.
func packRowPair(dst []uint16, k, n int, r0, r1 []float32, s, q, p0, p1 int) {
	np := (n + 15) / 16
	full := min(n/32, np/2) // pairs whose 32 columns are all inside
	g0, g1 := p0/2, min(full, p1/2)
	if g1 > g0 {
		PackPairRows(&dst[PanelOffset(k, 2*g0)+1024*s+32*q], &r0[32*g0], &r1[32*g0], g1-g0, uintptr(2048*KSteps(k)))
		p0 = 2 * g1
	}
	for p := p0; p < p1; p++ {
		row := dst[tileOffset(k, n, p, s)+32*q:][:32]
		for j := range 16 {
			var v0, v1 float32
			if c := 16*p + j; c < n {
				v0, v1 = r0[c], r1[c]
			}
			row[2*j], row[2*j+1] = BF16(v0), BF16(v1)
		}
	}
}

// packGo is Pack in Go (other CPUs, and the reference of the tests).
func packGo(dst []uint16, k, n int, src []float32, ld int, trans bool, p0, p1 int) {
	for p := p0; p < p1; p++ {
		for s := range KSteps(k) {
			packTileGo(dst, k, n, src, ld, trans, p, s)
		}
	}
}

// packTileGo writes the tile of panel p and k-step s of Pack.
func packTileGo(dst []uint16, k, n int, src []float32, ld int, trans bool, p, s int) {
	tile := dst[tileOffset(k, n, p, s):][:512]
	for q := range 16 {
		for j := range 16 {
			jj := 16*p + j
			for h := range 2 {
				t := 32*s + 2*q + h
				var v float32
				if t < k && jj < n {
					if trans {
						v = src[jj*ld+t]
					} else {
						v = src[t*ld+jj]
					}
				}
				tile[32*q+2*j+h] = BF16(v)
			}
		}
	}
}

// MulAMX's blocking: it takes the rows AMXRowBlock at a time (a multiple
// of 16) through all the panels, summing AMXKBlock k-steps per pass over C
// (C is reloaded into the tiles between passes; 0 means all k-steps in
// one pass), so that the block of A of a pass stays in L1 while the
// panels of W stream past.
var (
	AMXRowBlock = 32
	AMXKBlock   = 7
)

// MulAMX computes C (+)= A·W with AMXMul for rows 0..m-1 and the columns
// of panels p0..p1-1 of W (p0 even, p1 even or the last panel; columns
// 16·p0 up to min(16·p1, n)): A is
// m rows of bf16 with lda words per row and 32·KSteps(k) columns (zero past
// column k), W a k×n matrix packed by Pack, C float32 with ldc values per
// row. With acc the sums are added to C, else they replace it. Rows are
// split into 16-row tiles and a last tile of m mod 16 rows, and a last
// partial panel gets tiles of its width, each such part one AMXMul call
// with its own tile configuration.
func MulAMX(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool) {
	np := (n + 15) / 16
	ks := KSteps(k)
	if m <= 0 || p0 >= p1 {
		return
	}
	if p0&1 != 0 || (p1&1 != 0 && p1 != np) || p1 > np || lda < 32*ks || ldc < n ||
		len(a) < (m-1)*lda+32*ks || len(c) < (m-1)*ldc+min(16*p1, n) || len(w) < PackedLen(k, n) {
		panic("simd: MulAMX: operand shapes do not match")
	}
	// The group of panels holding a partial last panel gets its own tiles.
	tail, last := p1, n-16*(np-1)
	if p1 == np && last < 16 {
		tail = (np - 1) &^ 1
	}
	j := AMXJob{LDA: uintptr(2 * lda), LDC: uintptr(4 * ldc), WStride: uintptr(2048 * ks)}
	kb := AMXKBlock
	if kb <= 0 {
		kb = ks
	}
	// run computes rows r0..r0+rows-1 of panels g0..g1-1 over k-steps
	// s0..s1-1: the pairs in one call, a single last panel in another.
	run := func(r0, rows, g0, g1, n0, n1, s0, s1 int) {
		if g0 >= g1 {
			return
		}
		cfg := NewTileConfig(min(rows, 16), n0, n1)
		j.Cfg = cfg
		j.A = &a[r0*lda+32*s0]
		j.KSteps = uintptr(s1 - s0)
		j.Tiles = uintptr((rows + 15) / 16)
		if pairs := (g1 - g0) &^ 1; pairs > 0 {
			j.W = &w[PanelOffset(k, g0)+1024*s0]
			j.C = &c[r0*ldc+16*g0]
			j.Panels = uintptr(pairs)
			AMXMul(&j)
		}
		if (g1-g0)&1 == 1 {
			j.W = &w[PanelOffset(k, g1-1)+512*s0]
			j.C = &c[r0*ldc+16*(g1-1)]
			j.Panels = 1
			AMXMul(&j)
		}
	}
	// Rows in blocks of AMXRowBlock (whole 16-row tiles), then the last
	// m mod 16 rows, each block through all the k-blocks and panels.
	rb := max(AMXRowBlock&^15, 16)
	full := m &^ 15
	var parts [][2]int
	for r := 0; r < full; r += rb {
		parts = append(parts, [2]int{r, min(rb, full-r)})
	}
	if m > full {
		parts = append(parts, [2]int{full, m - full})
	}
	for _, part := range parts {
		r0, rows := part[0], part[1]
		for s0 := 0; s0 < ks; s0 += kb {
			s1 := min(s0+kb, ks)
			j.Acc = 0
			if acc || s0 > 0 {
				j.Acc = 1
			}
			run(r0, rows, p0, tail, 16, 16, s0, s1)
			if p1-tail == 2 {
				run(r0, rows, tail, p1, 16, last, s0, s1)
			} else {
				run(r0, rows, tail, p1, last, last, s0, s1)
			}
		}
	}
}
