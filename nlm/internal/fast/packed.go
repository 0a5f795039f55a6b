package fast

import (
	"github.com/gonlm/gonlm/nlm/internal/simd"
)

// UsePacked selects the step's own products (simd.Kernel12x32 over couplings
// packed once per change) over the BLAS. It is true where the CPU has
// AVX-512; tests and benchmarks turn it off to compare the two paths.
var UsePacked = simd.UseAVX512

// Geometry of the packed products: a micro-tile is mr rows of A times one
// panel of nr columns of W, and the sum over k runs in blocks of at most kc
// terms, so that a panel's block (kc·nr·4 = 32 KiB) stays in L1 while the
// rows of A stream past it.
const (
	mr = 12
	nr = 32
	kc = 256
)

// Packed is a K×N float32 matrix W laid out for the packed products: column
// panels of width 32 (the last one zero-padded), each holding K rows of 32
// contiguous values. Packing costs one pass over W; a Langevin run packs J
// and Jᵀ once and reuses them for every step.
type Packed struct {
	K, N int
	data []float32
}

// Panels returns the number of 32-column panels.
func (p *Packed) Panels() int { return (p.N + nr - 1) / nr }

// Pack sets p to the k×n matrix W read from src (row-major, stride ld), or,
// when trans is true, to the transpose of the n×k matrix in src. Storage is
// reused when it is large enough.
func (p *Packed) Pack(k, n int, src []float32, ld int, trans bool) {
	p.K, p.N = k, n
	size := p.Panels() * k * nr
	if cap(p.data) < size {
		p.data = make([]float32, size)
	}
	p.data = p.data[:size]
	for jp := range p.Panels() {
		j0 := jp * nr
		width := min(nr, n-j0)
		panel := p.data[jp*k*nr : (jp+1)*k*nr]
		for t := range k {
			dst := panel[t*nr : t*nr+nr]
			if trans {
				for j := range width {
					dst[j] = src[(j0+j)*ld+t]
				}
			} else {
				copy(dst[:width], src[t*ld+j0:t*ld+j0+width])
			}
			clear(dst[width:])
		}
	}
}

// Scratch holds one goroutine's buffers for the rows of a product that do
// not fill a 12-row micro-tile.
type Scratch struct {
	a, c []float32
}

// MulPacked sets C = A·W on rows 0..m-1 and column panels p0..p1-1 of W
// (columns 32·p0 up to min(32·p1, W.N)): A is m×W.K (row-major, stride lda),
// C is m×W.N (stride ldc). Each element is summed in the same order whatever
// the row and panel ranges, so splitting a product between goroutines by
// rows or by panels does not change its result. It needs simd.UseAVX512.
func MulPacked(c []float32, ldc int, a []float32, lda int, m int, w *Packed, p0, p1 int, s *Scratch) {
	if m == 0 || p0 >= p1 {
		return
	}
	k := w.K
	if lda < k || ldc < w.N || len(a) < (m-1)*lda+k || len(c) < (m-1)*ldc+w.N || p1 > w.Panels() {
		panic("fast: MulPacked: operand shapes do not match")
	}
	full := m - m%mr
	// The last m%mr rows run through zero-padded copies of A's and C's rows.
	tail := m - full
	ldt := p1*nr - p0*nr
	if tail > 0 {
		if cap(s.a) < mr*k {
			s.a = make([]float32, mr*k)
		}
		if cap(s.c) < mr*ldt {
			s.c = make([]float32, mr*ldt)
		}
		s.a, s.c = s.a[:mr*k], s.c[:mr*ldt]
		clear(s.a)
		for r := range tail {
			copy(s.a[r*k:r*k+k], a[(full+r)*lda:(full+r)*lda+k])
		}
	}
	for t0 := 0; t0 < k; t0 += kc {
		terms := min(kc, k-t0)
		acc := uintptr(0)
		if t0 > 0 {
			acc = 1
		}
		for jp := p0; jp < p1; jp++ {
			j0 := jp * nr
			mask := uint64(1)<<uint(min(nr, w.N-j0)) - 1
			wp := &w.data[(jp*k+t0)*nr]
			for i := 0; i < full; i += mr {
				simd.Kernel12x32(&a[i*lda+t0], uintptr(lda)*4, wp, uintptr(terms), &c[i*ldc+j0], uintptr(ldc)*4, mask, acc)
			}
			if tail > 0 {
				simd.Kernel12x32(&s.a[t0], uintptr(k)*4, wp, uintptr(terms), &s.c[j0-p0*nr], uintptr(ldt)*4, mask, acc)
			}
		}
	}
	if tail > 0 {
		j0, j1 := p0*nr, min(p1*nr, w.N)
		for r := range tail {
			copy(c[(full+r)*ldc+j0:(full+r)*ldc+j1], s.c[r*ldt:r*ldt+j1-j0])
		}
	}
}
