package simd

// Scratch holds one goroutine's buffers for the rows of a bf16 product
// that do not fill a 12-row block of BF16Kernel12x32.
type Scratch struct {
	a []uint16
	c []float32
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// bf16KC is the number of k-steps summed per pass over C with VDPBF16PS:
// a panel pair's 8·2 KiB stay in L1 while the rows of A stream past.
const bf16KC = 8

// MulAVX512BF16 is MulAMX on BF16Kernel12x32 and BF16Kernel12x16 (same
// operands and results up to the order of the float32 sums), for CPUs
// with AVX512-BF16 but no AMX; s holds the buffers of the last m mod 12
// rows.
func MulAVX512BF16(c []float32, ldc int, a []uint16, lda int, m int, w []uint16, k, n, p0, p1 int, acc bool, s *Scratch) {
	np := (n + 15) / 16
	ks := KSteps(k)
	if m <= 0 || p0 >= p1 {
		return
	}
	if p0&1 != 0 || (p1&1 != 0 && p1 != np) || p1 > np || lda < 32*ks || ldc < n ||
		len(a) < (m-1)*lda+32*ks || len(c) < (m-1)*ldc+min(16*p1, n) || len(w) < PackedLen(k, n) {
		panic("simd: MulAVX512BF16: operand shapes do not match")
	}
	full := m - m%12
	tail := m - full
	j0, j1 := 16*p0, min(16*p1, n)
	ldt := 16 * (p1 - p0)
	if tail > 0 {
		s.a, s.c = grow(s.a, 12*32*ks), grow(s.c, 12*ldt)
		clear(s.a)
		for r := range tail {
			copy(s.a[r*32*ks:(r+1)*32*ks], a[(full+r)*lda:(full+r)*lda+32*ks])
			if acc {
				copy(s.c[r*ldt:r*ldt+j1-j0], c[(full+r)*ldc+j0:(full+r)*ldc+j1])
			}
		}
	}
	for s0 := 0; s0 < ks; s0 += bf16KC {
		steps := min(bf16KC, ks-s0)
		accf := uintptr(0)
		if acc || s0 > 0 {
			accf = 1
		}
		for p := p0; p < p1; p += 2 {
			w0 := min(16, n-16*p)
			kern, step := BF16Kernel12x32, 1024
			mask := uint64(1)<<w0 - 1
			if p+1 < np {
				mask |= (uint64(1)<<min(16, n-16*(p+1)) - 1) << 16
			} else {
				kern, step = BF16Kernel12x16, 512
			}
			wp := &w[PanelOffset(k, p)+s0*step]
			for i := 0; i < full; i += 12 {
				kern(&a[i*lda+32*s0], uintptr(2*lda), wp, uintptr(steps), &c[i*ldc+16*p], uintptr(4*ldc), mask, accf)
			}
			if tail > 0 {
				kern(&s.a[32*s0], uintptr(64*ks), wp, uintptr(steps), &s.c[16*(p-p0)], uintptr(4*ldt), mask, accf)
			}
		}
	}
	for r := range tail {
		copy(c[(full+r)*ldc+j0:(full+r)*ldc+j1], s.c[r*ldt:r*ldt+j1-j0])
	}
}

// PackRows writes k-steps s0 ≤ s < s1 of the k×n matrix W whose row t is
// row(t) (n values), rounded to bf16, into dst in Pack's layout (rows
// t ≥ k are zero). Splitting the k-steps between goroutines gives the
// same result as one call. It packs the rows of φ(X) for the learning
// statistic, whose product runs over chains.
func PackRows(dst []uint16, k, n int, row func(t int) []float32, s0, s1 int) {
	np := (n + 15) / 16
	zero := make([]float32, n)
	get := func(t int) []float32 {
		if t < k {
			return row(t)[:n]
		}
		return zero
	}
	for s := s0; s < s1; s++ {
		for q := range 16 {
			r0, r1 := get(32*s+2*q), get(32*s+2*q+1)
			if UseAVX512BF16 {
				packRowPair(dst, k, n, r0, r1, s, q, 0, np)
				continue
			}
			for p := range np {
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
	}
}

// TransposeRows writes columns 32·s0 ≤ t < 32·s1 of the n×k matrix A with
// A[i][t] = BF16(α_t·row_t[i]), where row_t, α_t = row(t), into dst (bf16,
// lda words per row; columns t ≥ k are zero). It forms the transposed,
// scaled residuals Rᵀ of the learning statistic, the A operand of a
// product over chains.
func TransposeRows(dst []uint16, lda, n, k int, row func(t int) ([]float32, float32), s0, s1 int) {
	zero := make([]float32, n)
	var rows [32]*float32
	var alpha [32]float32
	var src [32][]float32
	for s := s0; s < s1; s++ {
		for u := range 32 {
			src[u], alpha[u] = zero, 0
			if t := 32*s + u; t < k {
				src[u], alpha[u] = row(t)
				src[u] = src[u][:n]
			}
			rows[u] = &src[u][0]
		}
		i0 := 0
		if UseAVX512BF16 && n >= 16 {
			TransposeRowsTiles(&dst[32*s], uintptr(2*lda), &rows, &alpha, n/16)
			i0 = n &^ 15
		}
		for i := i0; i < n; i++ {
			d := dst[i*lda+32*s:][:32]
			for u := range 32 {
				d[u] = BF16(alpha[u] * src[u][i])
			}
		}
	}
}
