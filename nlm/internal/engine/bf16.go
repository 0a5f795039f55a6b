package engine

import (
	"os"
	"unsafe"

	"github.com/gonlm/gonlm/nlm/internal/simd"
)

// A bf16Kernel computes the bf16 products (see simd.MulAMX): C (+)= A·W
// with A in bf16, W packed by simd.Pack, float32 sums.
type bf16Kernel struct {
	name string
	rows int // rows per block: chunks of a step are multiples of it
	mul  func(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool, s *simd.Scratch)
}

var (
	kernelAMX = &bf16Kernel{name: "amx-bf16", rows: 16, mul: func(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool, _ *simd.Scratch) {
		simd.MulAMX(c, ldc, a, lda, m, w, k, n, p0, p1, acc)
	}}
	kernelAVX512BF16 = &bf16Kernel{name: "avx512-bf16", rows: 12, mul: simd.MulAVX512BF16}
)

// bf16Kernels lists the bf16 kernels this CPU runs, best first.
func bf16Kernels() []*bf16Kernel {
	var ks []*bf16Kernel
	if simd.UseAMX {
		ks = append(ks, kernelAMX)
	}
	if simd.UseAVX512BF16 {
		ks = append(ks, kernelAVX512BF16)
	}
	return ks
}

// bf16Active is the kernel of the bf16 products, nil where the CPU has
// neither AMX-BF16 nor AVX512-BF16 (or NLM_BF16=0).
var bf16Active = func() *bf16Kernel {
	if ks := bf16Kernels(); len(ks) > 0 {
		return ks[0]
	}
	return nil
}()

// BF16Kernel names the kernel of the bf16 products: "amx-bf16" (AMX
// tiles), "avx512-bf16" (VDPBF16PS), or "" when this CPU has neither.
func BF16Kernel() string {
	if bf16Active == nil {
		return ""
	}
	return bf16Active.name
}

// BF16Default reports whether bf16 products should be the default: on AMX
// tiles, or with AVX512-BF16 where VDPBF16PS outruns the float32 FMAs
// (simd.FastBF16Dot), or wherever a bf16 kernel runs when the environment
// has NLM_BF16=1.
func BF16Default() bool {
	switch {
	case bf16Active == nil:
		return false
	case bf16Active == kernelAMX, simd.FastBF16Dot:
		return true
	}
	return os.Getenv("NLM_BF16") == "1"
}

// bf16Chunk is the number of chains a goroutine takes through a whole bf16
// step at a time (both products, the residual and the fused pass): a
// multiple of both kernels' block heights (12 and 16). Unlike the float32
// step's 96, it is large: with bf16 products the step is bound by memory
// traffic, and re-reading the two packed copies of J (1.2 MiB each at
// N = 784, together more than L2) for every chunk cost more than the
// element-wise passes save by staying in L2 (BenchmarkStep1000BF16Chunk:
// 96 chains took about 1.2 times as long as 512 on a Xeon with AMX).
var bf16Chunk = 512

// alignedU16 returns s resliced to n words when it is large enough, else
// a new zeroed slice of n words whose first word is 64-byte aligned (a
// cache line, and the tile rows of AMX), so that the rows of a bf16
// operand with a multiple of 32 words per row do not straddle lines.
func alignedU16(s []uint16, n int) []uint16 {
	if cap(s) >= n {
		return s[:n]
	}
	buf := make([]uint16, n+32)
	off := (64 - int(uintptr(unsafe.Pointer(&buf[0]))%64)) % 64 / 2
	return buf[off : off+n : off+n]
}

// toBF16Row sets dst[i] = bf16(src[i]).
func toBF16Row(dst []uint16, src []float32) {
	dst = dst[:len(src)]
	if m := len(src) &^ 15; m > 0 {
		simd.ToBF16(&dst[0], &src[0], m)
		dst, src = dst[m:], src[m:]
	}
	for i, v := range src {
		dst[i] = simd.BF16(v)
	}
}

// packsBF16 returns Jᵀ and J packed in bf16 for the bf16 products, packing
// them when J changed.
func (c *Couplings) packsBF16() (jt, jn []uint16) {
	if !c.packedB {
		n := c.N
		size := simd.PackedLen(n, n)
		c.bt, c.bn = alignedU16(c.bt, size), alignedU16(c.bn, size)
		np := (n + 15) / 16
		ParallelRows(c.Threads, (np+1)/2, func(_, g0, g1 int) {
			p0, p1 := 2*g0, min(2*g1, np)
			simd.Pack(c.bt, n, n, c.J, n, true, p0, p1)
			simd.Pack(c.bn, n, n, c.J, n, false, p0, p1)
		})
		c.packedB = true
	}
	return c.bt, c.bn
}

// SetBF16 chooses the precision of the batch's products: bf16 inputs with
// float32 sums when on (and the CPU has a bf16 kernel), float32 otherwise.
// It reports whether the products are now bf16. The state, the noise and
// the update stay float32 either way.
func (bt *Batch) SetBF16(on bool) bool {
	if !on || bf16Active == nil {
		bt.bf16 = false
		bt.Pb, bt.Rb, bt.bscr = nil, nil, nil
		return false
	}
	if bt.bf16 {
		return true
	}
	bt.bf16 = true
	bt.kp = 32 * simd.KSteps(bt.N)
	bt.Pb = alignedU16(nil, bt.B*bt.kp)
	bt.Rb = alignedU16(nil, bt.B*bt.kp)
	bt.bscr = make([]simd.Scratch, bt.Threads)
	bt.refreshPb(0, bt.B)
	return true
}

// BF16 reports whether the batch's products run in bf16 (see SetBF16).
func (bt *Batch) BF16() bool { return bt.bf16 }

// refreshPb sets rows lo..hi of Pb to bf16(P) when the batch is in bf16.
func (bt *Batch) refreshPb(lo, hi int) {
	if !bt.bf16 {
		return
	}
	n, kp := bt.N, bt.kp
	for r := lo; r < hi; r++ {
		toBF16Row(bt.Pb[r*kp:r*kp+n], bt.P[r*n:r*n+n])
	}
}

// residualRowBF16 sets h = h + b − x (h − x when b is nil), as subRow, and
// rb = bf16(h).
func residualRowBF16(h, x, b []float32, rb []uint16) {
	x, rb = x[:len(h)], rb[:len(h)]
	if m := len(h) &^ 15; m > 0 {
		var bp *float32
		if b != nil {
			b = b[:len(h)]
			bp = &b[0]
		}
		simd.ResidualBF16(&h[0], &x[0], bp, &rb[0], m)
		h, x, rb = h[m:], x[m:], rb[m:]
		if b != nil {
			b = b[m:]
		}
	}
	subRow(h, x, b)
	for i, v := range h {
		rb[i] = simd.BF16(v)
	}
}

// residualBF16 sets rows lo..hi of R to P·Jᵀ + b − X and of Rb to bf16(R),
// the product on goroutine t's scratch.
func (bt *Batch) residualBF16(c *Couplings, jt []uint16, t, lo, hi int) {
	n, kp := bt.N, bt.kp
	np := (n + 15) / 16
	bf16Active.mul(bt.R[lo*n:], n, bt.Pb[lo*kp:], kp, hi-lo, jt, n, n, 0, np, false, &bt.bscr[t])
	for r := lo; r < hi; r++ {
		residualRowBF16(bt.R[r*n:r*n+n], bt.X[r*n:r*n+n], c.Bias, bt.Rb[r*kp:r*kp+n])
	}
}

// ResidualFloat32 is Residual with float32 products whatever the batch's
// precision (for measurements such as energies, which want the accuracy
// and are not the hot loop). It leaves Rb as it was.
func (bt *Batch) ResidualFloat32(c *Couplings) {
	on := bt.bf16
	bt.bf16 = false
	bt.Residual(c)
	bt.bf16 = on
}

// bf16Rows splits the batch's rows into blocks of the kernel's height for
// ParallelRows: fn gets rows lo..hi.
func (bt *Batch) bf16Rows(fn func(t, lo, hi int)) {
	h := bf16Active.rows
	ParallelRows(bt.Threads, (bt.B+h-1)/h, func(t, b0, b1 int) {
		fn(t, h*b0, min(h*b1, bt.B))
	})
}

// stepBF16 is Step on the bf16 products.
func (bt *Batch) stepBF16(c *Couplings, fdt, sigma float32, onsager bool) {
	n, kp := bt.N, bt.kp
	jt, jn := c.packsBF16()
	np := (n + 15) / 16
	k := bf16Active
	if bt.Threads > 1 && bt.B < bt.Tune.ColumnSplitBelow*bt.Threads {
		// Few chains: split the products by pairs of panels, so that each
		// goroutine keeps only its share of J in cache; each finishes the
		// residual of its columns.
		pairs := (np + 1) / 2
		ParallelRows(bt.Threads, pairs, func(t, g0, g1 int) {
			p0, p1 := 2*g0, min(2*g1, np)
			k.mul(bt.R, n, bt.Pb, kp, bt.B, jt, n, n, p0, p1, false, &bt.bscr[t])
			j0, j1 := 16*p0, min(16*p1, n)
			var b []float32
			if c.Bias != nil {
				b = c.Bias[j0:j1]
			}
			for r := range bt.B {
				residualRowBF16(bt.R[r*n+j0:r*n+j1], bt.X[r*n+j0:r*n+j1], b, bt.Rb[r*kp+j0:r*kp+j1])
			}
		})
		if onsager {
			ParallelRows(bt.Threads, pairs, func(t, g0, g1 int) {
				p0, p1 := 2*g0, min(2*g1, np)
				k.mul(bt.G, n, bt.Rb, kp, bt.B, jn, n, n, p0, p1, false, &bt.bscr[t])
			})
		}
		ParallelRows(bt.Threads, bt.B, func(t, lo, hi int) {
			bt.updateRows(t, lo, hi, fdt, sigma, onsager)
		})
		return
	}
	bt.bf16Rows(func(t, lo, hi int) {
		for c0 := lo; c0 < hi; c0 += bf16Chunk {
			c1 := min(c0+bf16Chunk, hi)
			bt.residualBF16(c, jt, t, c0, c1)
			if onsager {
				k.mul(bt.G[c0*n:], n, bt.Rb[c0*kp:], kp, c1-c0, jn, n, n, 0, np, false, &bt.bscr[t])
			}
			bt.updateRows(t, c0, c1, fdt, sigma, onsager)
		}
	})
}

// Stats is the workspace of Statistic's bf16 product: the scaled
// residuals transposed and the rates packed, over the chains of both
// batches.
type Stats struct {
	a, w []uint16
}

// Statistic sets the learning statistic of a pair of batches,
//
//	s = αm·Rmᵀ·Pm + αd·Rdᵀ·Pd   (N×N),
//
// and, when sb is not nil, sb = αm·Σ_rows Rm + αd·Σ_rows Rd, from their
// current residuals (call Residual first) and rates. When both batches are
// in bf16 (SetBF16) the product runs once over the chains of both, in
// bf16 with float32 sums; else each batch adds its part through the BLAS
// (AccumulateStats).
func Statistic(s, sb []float32, m *Batch, am float32, d *Batch, ad float32, ws *Stats) {
	if !m.bf16 || !d.bf16 || m.N != d.N {
		m.AccumulateStats(s, sb, am, 0)
		d.AccumulateStats(s, sb, ad, 1)
		return
	}
	n := m.N
	k := m.B + d.B
	ks := simd.KSteps(k)
	lda := 32 * ks
	ws.a = alignedU16(ws.a, n*lda)
	ws.w = alignedU16(ws.w, simd.PackedLen(k, n))
	prow := func(t int) []float32 {
		if t < m.B {
			return m.P[t*n : t*n+n]
		}
		t -= m.B
		return d.P[t*n : t*n+n]
	}
	rrow := func(t int) ([]float32, float32) {
		if t < m.B {
			return m.R[t*n : t*n+n], am
		}
		t -= m.B
		return d.R[t*n : t*n+n], ad
	}
	ParallelRows(m.Threads, ks, func(_, s0, s1 int) {
		simd.PackRows(ws.w, k, n, prow, s0, s1)
		simd.TransposeRows(ws.a, lda, n, k, rrow, s0, s1)
	})
	np := (n + 15) / 16
	h := bf16Active.rows
	ParallelRows(m.Threads, (n+h-1)/h, func(t, b0, b1 int) {
		lo, hi := h*b0, min(h*b1, n)
		bf16Active.mul(s[lo*n:], n, ws.a[lo*lda:], lda, hi-lo, ws.w, k, n, 0, np, false, &m.bscr[t])
	})
	if sb != nil {
		m.biasStats(sb, am, 0)
		d.biasStats(sb, ad, 1)
	}
}
