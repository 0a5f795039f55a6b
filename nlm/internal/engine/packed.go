package engine

import "github.com/gonlm/gonlm/nlm/internal/simd"

// A tileKernel computes an mr×nr tile of C = A·W over kc terms from a packed
// panel of W (see simd.Kernel12x32 for the arguments). A kernel that is not
// masked ignores mask and always writes nr columns; MulPacked then runs a
// partial last panel through a scratch tile.
type tileKernel struct {
	name   string
	mr, nr int
	masked bool
	tile   func(a *float32, lda uintptr, w *float32, kc uintptr, c *float32, ldc uintptr, mask uint64, acc uintptr)
}

var (
	kernel512 = &tileKernel{name: "avx512", mr: 12, nr: 32, masked: true, tile: simd.Kernel12x32}
	kernel256 = &tileKernel{name: "avx2", mr: 6, nr: 16, tile: func(a *float32, lda uintptr, w *float32, kc uintptr, c *float32, ldc uintptr, _ uint64, acc uintptr) {
		simd.Kernel6x16(a, lda, w, kc, c, ldc, acc)
	}}
)

// kernels lists the tile kernels this CPU runs, best first.
func kernels() []*tileKernel {
	var ks []*tileKernel
	if simd.UseAVX512 {
		ks = append(ks, kernel512)
	}
	if simd.UseAVX2 {
		ks = append(ks, kernel256)
	}
	return ks
}

// packedKernel is the kernel of the packed products; nil means the step's
// products go through the BLAS (Gemm).
var packedKernel = func() *tileKernel {
	if ks := kernels(); len(ks) > 0 {
		return ks[0]
	}
	return nil
}()

// PackedKernel names the kernel of the step's packed products: "avx512",
// "avx2", or "" when they go through the BLAS.
func PackedKernel() string {
	if packedKernel == nil {
		return ""
	}
	return packedKernel.name
}

// kc is the number of terms summed per pass over C: a panel's block of
// kc·nr float32 (32 KiB with nr = 32) stays in L1 while the rows of A stream
// past it.
const kc = 256

// Packed is a K×N float32 matrix W laid out for the packed products: column
// panels of width NR (the last one zero-padded), each holding K rows of NR
// contiguous values. Packing costs one pass over W; a Langevin run packs J
// and Jᵀ once and reuses them for every step.
type Packed struct {
	K, N, NR int
	data     []float32
}

// Panels returns the number of panels.
func (p *Packed) Panels() int { return (p.N + p.NR - 1) / p.NR }

// Pack sets p to the k×n matrix W read from src (row-major, stride ld), or,
// when trans is true, to the transpose of the n×k matrix in src, in panels
// of width nr. Storage is reused when it is large enough.
func (p *Packed) Pack(k, n, nr int, src []float32, ld int, trans bool) {
	p.setShape(k, n, nr)
	p.packPanels(src, ld, trans, 0, p.Panels())
}

// setShape sizes p for a k×n matrix in panels of width nr.
func (p *Packed) setShape(k, n, nr int) {
	p.K, p.N, p.NR = k, n, nr
	p.data = grow(p.data, p.Panels()*k*nr)
}

// packPanels fills panels p0..p1-1 (see Pack).
func (p *Packed) packPanels(src []float32, ld int, trans bool, p0, p1 int) {
	k, n, nr := p.K, p.N, p.NR
	for jp := p0; jp < p1; jp++ {
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
// not fill a micro-tile, and for a partial last panel on a kernel without
// masks.
type Scratch struct {
	a, c, edge []float32
}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// MulPacked sets C = A·W on rows 0..m-1 and panels p0..p1-1 of W (columns
// p0·W.NR up to min(p1·W.NR, W.N)): A is m×W.K (row-major, stride lda), C is
// m×W.N (stride ldc). W must have been packed for the active kernel (NR =
// its panel width). Each element is summed in the same order whatever the
// row and panel ranges, so splitting a product between goroutines by rows
// or by panels does not change its result.
func MulPacked(c []float32, ldc int, a []float32, lda int, m int, w *Packed, p0, p1 int, s *Scratch) {
	if m == 0 || p0 >= p1 {
		return
	}
	kn := packedKernel
	k, mr, nr := w.K, kn.mr, kn.nr
	if w.NR != nr || lda < k || ldc < w.N || len(a) < (m-1)*lda+k || len(c) < (m-1)*ldc+w.N || p1 > w.Panels() {
		panic("engine: MulPacked: operand shapes do not match")
	}
	full := m - m%mr
	// The last m%mr rows run through zero-padded copies of A's and C's rows.
	tail := m - full
	ldt := (p1 - p0) * nr
	if tail > 0 {
		s.a, s.c = grow(s.a, mr*k), grow(s.c, mr*ldt)
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
			width := min(nr, w.N-j0)
			mask := uint64(1)<<uint(width) - 1
			wp := &w.data[(jp*k+t0)*nr]
			if width < nr && !kn.masked {
				// A partial last panel on a kernel without masks: its
				// full-row tiles go through an mr×nr scratch tile.
				s.edge = grow(s.edge, mr*nr)
				for i := 0; i < full; i += mr {
					if acc != 0 {
						for r := range mr {
							copy(s.edge[r*nr:r*nr+width], c[(i+r)*ldc+j0:(i+r)*ldc+j0+width])
						}
					}
					kn.tile(&a[i*lda+t0], uintptr(lda)*4, wp, uintptr(terms), &s.edge[0], uintptr(nr)*4, mask, acc)
					for r := range mr {
						copy(c[(i+r)*ldc+j0:(i+r)*ldc+j0+width], s.edge[r*nr:r*nr+width])
					}
				}
			} else {
				for i := 0; i < full; i += mr {
					kn.tile(&a[i*lda+t0], uintptr(lda)*4, wp, uintptr(terms), &c[i*ldc+j0], uintptr(ldc)*4, mask, acc)
				}
			}
			if tail > 0 {
				kn.tile(&s.a[t0], uintptr(k)*4, wp, uintptr(terms), &s.c[j0-p0*nr], uintptr(ldt)*4, mask, acc)
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
