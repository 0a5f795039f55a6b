package engine

import (
	"math"

	"github.com/gonlm/gonlm/nlm/internal/simd"
)

// Couplings is the float32 working copy of a model: J is N×N row-major with
// J[i*N+j] = J_ij (the coupling from neuron j to neuron i); Bias is nil or
// has length N. Code that writes J other than through Load must call
// Touch before the next step.
type Couplings struct {
	N    int
	J    []float32
	Bias []float32
	// Threads is the number of goroutines that Load and packing use (0 or
	// 1: the caller's alone). The results do not depend on it.
	Threads int

	// jt and jn are Jᵀ and J packed for MulPacked, valid when packed is true.
	jt, jn Packed
	packed bool
	// bt and bn are Jᵀ and J packed in bf16 (simd.Pack), valid when
	// packedB is true.
	bt, bn  []uint16
	packedB bool
}

// Touch marks J as changed, so that the next packed step repacks it.
func (c *Couplings) Touch() { c.packed, c.packedB = false, false }

// packs returns Jᵀ and J packed for MulPacked, packing them when J changed
// (or the kernel did, which only tests do).
func (c *Couplings) packs() (jt, jn *Packed) {
	if nr := packedKernel.nr; !c.packed || c.jt.NR != nr {
		n := c.N
		c.jt.setShape(n, n, nr)
		c.jn.setShape(n, n, nr)
		ParallelRows(c.Threads, c.jt.Panels(), func(_, p0, p1 int) {
			c.jt.packPanels(c.J, n, true, p0, p1)
			c.jn.packPanels(c.J, n, false, p0, p1)
		})
		c.packed = true
	}
	return &c.jt, &c.jn
}

// NewCouplings returns zeroed couplings for n neurons, with a bias vector when
// bias is true.
func NewCouplings(n int, bias bool) *Couplings {
	c := &Couplings{N: n, J: make([]float32, n*n)}
	if bias {
		c.Bias = make([]float32, n)
	}
	return c
}

// Load packs float64 couplings (row-major, n×n, stride ld) and an optional
// bias into c.
func (c *Couplings) Load(j []float64, ld int, b []float64) {
	n := c.N
	ParallelRows(c.Threads, n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			row := j[i*ld : i*ld+n]
			dst := c.J[i*n : i*n+n]
			for k, v := range row {
				dst[k] = float32(v)
			}
		}
	})
	if c.Bias != nil {
		for i := range c.Bias {
			c.Bias[i] = float32(b[i])
		}
	}
	c.packed, c.packedB = false, false
}

// Batch holds B states of N neurons with the buffers of one Euler–Maruyama
// step: X the states, P = tanh(X) (kept in sync with X), R the residual
// H − X with H = P·Jᵀ + b, G = R·J, and one random stream per row. With
// bf16 products (SetBF16) it also keeps Pb = bf16(P) in sync and Rb =
// bf16(R), the products' A operands.
type Batch struct {
	B, N    int
	X, P    []float32
	R, G    []float32
	Streams []Stream
	Threads int
	// Tune is how the batch runs its steps (NewBatch: DefaultTuning).
	Tune    Tuning
	noise   [][]float32
	scratch []Scratch

	bf16   bool
	kp     int      // words per row of Pb and Rb: N rounded up to 32, zero past N
	Pb, Rb []uint16 // bf16(P), bf16(R)
	bscr   []simd.Scratch
}

// NewBatch allocates a batch of b rows of n neurons run on threads
// goroutines, with row r's stream NewStream(seed, r).
func NewBatch(b, n, threads int, seed uint64) *Batch {
	if threads < 1 {
		threads = 1
	}
	bt := &Batch{B: b, N: n, Threads: threads, Tune: DefaultTuning(),
		X: make([]float32, b*n), P: make([]float32, b*n),
		R: make([]float32, b*n), G: make([]float32, b*n),
		Streams: make([]Stream, b),
	}
	for r := range bt.Streams {
		bt.Streams[r] = NewStream(seed, uint64(r))
	}
	bt.scratch = make([]Scratch, threads)
	bt.noise = make([][]float32, threads)
	for t := range bt.noise {
		bt.noise[t] = make([]float32, 8*n) // eight rows for normal8
	}
	return bt
}

// InitNormal sets every state to i.i.d. N(0, 1) draws from the rows' streams
// and refreshes P.
func (bt *Batch) InitNormal() {
	n := bt.N
	ParallelRows(bt.Threads, bt.B, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			x := bt.X[r*n : r*n+n]
			bt.Streams[r].Normal(x)
			TanhSlice(bt.P[r*n:r*n+n], x)
		}
		bt.refreshPb(lo, hi)
	})
}

// InitNormalRows redraws the states of k rows, row(0) … row(k−1), as i.i.d.
// N(0, 1) from those rows' streams (as InitNormal does for all rows) and
// refreshes their P.
func (bt *Batch) InitNormalRows(row func(i int) int, k int) {
	n := bt.N
	ParallelRows(bt.Threads, k, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			r := row(i)
			x := bt.X[r*n : r*n+n]
			bt.Streams[r].Normal(x)
			TanhSlice(bt.P[r*n:r*n+n], x)
		}
	})
}

// RefreshP recomputes P = tanh(X) after X was written from outside.
func (bt *Batch) RefreshP() {
	n := bt.N
	ParallelRows(bt.Threads, bt.B, func(_, lo, hi int) {
		for r := lo; r < hi; r++ { // row by row: the vector/tail split is per row
			TanhSlice(bt.P[r*n:r*n+n], bt.X[r*n:r*n+n])
		}
		bt.refreshPb(lo, hi)
	})
}

// Tuning chooses among equivalent ways of running a batch's steps. Each
// Batch has its own (NewBatch sets DefaultTuning), so tests and benchmarks
// compare the ways on their own batches and may run in parallel.
type Tuning struct {
	// Packed runs a step's two products on the packed micro-kernel
	// (PackedKernel; J and Jᵀ packed once per change) instead of the BLAS.
	// Only possible where the CPU has one (AVX2 or AVX-512).
	Packed bool
	// RowParallel selects how a BLAS step uses its threads. When true, the
	// BLAS runs single-threaded and each of Threads goroutines computes its
	// own block of chains end to end (both products, then the fused pass):
	// rows are independent within a step, so there is one synchronisation
	// per step instead of one per phase, and no BLAS worker threads
	// spin-wait against the element-wise goroutines on a busy machine. When
	// false, each product uses Threads BLAS threads and the element-wise
	// passes are split separately.
	RowParallel bool
	// ColumnSplitBelow: a batch of fewer than ColumnSplitBelow·Threads
	// chains splits its products by output columns instead of by chains
	// (see Step).
	ColumnSplitBelow int
	// VectorNormal draws the noise of eight chains at a time with AVX-512
	// (the same values as row by row).
	VectorNormal bool
}

// DefaultTuning is the fastest tuning on this CPU.
func DefaultTuning() Tuning {
	return Tuning{Packed: packedKernel != nil, RowParallel: true, ColumnSplitBelow: 32, VectorNormal: simd.UseAVX512}
}

// Residual computes R = P·Jᵀ + b − X (so row r of R is h − x for state r).
func (bt *Batch) Residual(c *Couplings) {
	n := bt.N
	if bt.bf16 {
		jt, _ := c.packsBF16()
		bt.bf16Rows(func(t, lo, hi int) {
			bt.residualBF16(c, jt, t, lo, hi)
		})
		return
	}
	if bt.Tune.Packed {
		jt, _ := c.packs()
		ParallelRows(bt.Threads, bt.B, func(t, lo, hi int) {
			bt.residualPacked(c, jt, t, lo, hi)
		})
		return
	}
	if bt.Tune.RowParallel {
		SetThreads(1)
		ParallelRows(bt.Threads, bt.B, func(_, lo, hi int) {
			Gemm(false, true, hi-lo, n, n, 1, bt.P[lo*n:hi*n], n, c.J, n, 0, bt.R[lo*n:hi*n], n)
			bt.subRows(lo, hi, c.Bias)
		})
		return
	}
	SetThreads(bt.Threads)
	Gemm(false, true, bt.B, n, n, 1, bt.P, n, c.J, n, 0, bt.R, n)
	ParallelRows(bt.Threads, bt.B, func(_, lo, hi int) {
		bt.subRows(lo, hi, c.Bias)
	})
}

// subRows turns rows lo..hi of R from P·Jᵀ into the residual P·Jᵀ + b − X.
func (bt *Batch) subRows(lo, hi int, b []float32) {
	n := bt.N
	for r := lo; r < hi; r++ {
		subRow(bt.R[r*n:r*n+n], bt.X[r*n:r*n+n], b)
	}
}

// residualPacked sets rows lo..hi of R to P·Jᵀ + b − X with the packed
// product, on goroutine t's scratch.
func (bt *Batch) residualPacked(c *Couplings, jt *Packed, t, lo, hi int) {
	n := bt.N
	MulPacked(bt.R[lo*n:], n, bt.P[lo*n:], n, hi-lo, jt, 0, jt.Panels(), &bt.scratch[t])
	bt.subRows(lo, hi, c.Bias)
}

// subRow sets h[i] = h[i] + b[i] − x[i] (b may be nil).
func subRow(h, x, b []float32) {
	x = x[:len(h)]
	if b != nil {
		b = b[:len(h)]
		for i := range h {
			h[i] += b[i] - x[i]
		}
		return
	}
	for i := range h {
		h[i] -= x[i]
	}
}

// Step advances every row by one Euler–Maruyama step of
//
//	dx = [ (h − x) − φ'(x) ⊙ Jᵀ(h − x) ] dt + sqrt(2 T dt) ξ
//
// with h = Jφ(x) + b, φ = tanh, φ' = 1 − φ². In row form: R = P·Jᵀ + b − X,
// G = R·J, X ← X + dt·R − dt·(1 − P²)⊙G + sqrt(2T·dt)·Ξ, then P = tanh(X).
// onsager = false drops the G term; T = 0 makes the step noise-free.
func (bt *Batch) Step(c *Couplings, T, dt float64, onsager bool) {
	n := bt.N
	sigma := float32(math.Sqrt(2 * T * dt))
	fdt := float32(dt)
	if bt.bf16 {
		bt.stepBF16(c, fdt, sigma, onsager)
		return
	}
	if bt.Tune.Packed {
		bt.stepPacked(c, fdt, sigma, onsager)
		return
	}
	if bt.Tune.RowParallel && bt.Threads > 1 && bt.B < bt.Tune.ColumnSplitBelow*bt.Threads {
		// Few chains: split the products by output columns so that each
		// goroutine reads only its share of J (the products are bound by
		// J's memory traffic), then the element-wise passes by rows.
		SetThreads(1)
		ParallelRows(bt.Threads, n, func(_, j0, j1 int) {
			Gemm(false, true, bt.B, j1-j0, n, 1, bt.P, n, c.J[j0*n:], n, 0, bt.R[j0:], n)
		})
		ParallelRows(bt.Threads, bt.B, func(_, lo, hi int) {
			bt.subRows(lo, hi, c.Bias)
		})
		if onsager {
			ParallelRows(bt.Threads, n, func(_, j0, j1 int) {
				Gemm(false, false, bt.B, j1-j0, n, 1, bt.R, n, c.J[j0:], n, 0, bt.G[j0:], n)
			})
		}
		ParallelRows(bt.Threads, bt.B, func(t, lo, hi int) {
			bt.updateRows(t, lo, hi, fdt, sigma, onsager)
		})
		return
	}
	if bt.Tune.RowParallel {
		SetThreads(1)
		ParallelRows(bt.Threads, bt.B, func(t, lo, hi int) {
			P, R := bt.P[lo*n:hi*n], bt.R[lo*n:hi*n]
			Gemm(false, true, hi-lo, n, n, 1, P, n, c.J, n, 0, R, n)
			bt.subRows(lo, hi, c.Bias)
			if onsager {
				Gemm(false, false, hi-lo, n, n, 1, R, n, c.J, n, 0, bt.G[lo*n:hi*n], n)
			}
			bt.updateRows(t, lo, hi, fdt, sigma, onsager)
		})
		return
	}
	bt.Residual(c)
	if onsager {
		Gemm(false, false, bt.B, n, n, 1, bt.R, n, c.J, n, 0, bt.G, n)
	}
	ParallelRows(bt.Threads, bt.B, func(t, lo, hi int) {
		bt.updateRows(t, lo, hi, fdt, sigma, onsager)
	})
}

// stepChunk is the number of chains a goroutine takes through a whole packed
// step at a time (both products and the fused pass), so that the chunk's
// rows of X, P, R and G stay in L2 between the phases. It is a multiple of
// every kernel's tile height.
const stepChunk = 96

// stepPacked is Step on the packed products.
func (bt *Batch) stepPacked(c *Couplings, fdt, sigma float32, onsager bool) {
	n := bt.N
	jt, jn := c.packs()
	if bt.Threads > 1 && bt.B < bt.Tune.ColumnSplitBelow*bt.Threads {
		// Few chains: split the products by column panels, so that each
		// goroutine keeps only its share of J in cache.
		ParallelRows(bt.Threads, jt.Panels(), func(t, p0, p1 int) {
			MulPacked(bt.R, n, bt.P, n, bt.B, jt, p0, p1, &bt.scratch[t])
			j0, j1 := p0*jt.NR, min(p1*jt.NR, n)
			var b []float32
			if c.Bias != nil {
				b = c.Bias[j0:j1]
			}
			for r := 0; r < bt.B; r++ {
				subRow(bt.R[r*n+j0:r*n+j1], bt.X[r*n+j0:r*n+j1], b)
			}
		})
		if onsager {
			ParallelRows(bt.Threads, jn.Panels(), func(t, p0, p1 int) {
				MulPacked(bt.G, n, bt.R, n, bt.B, jn, p0, p1, &bt.scratch[t])
			})
		}
		ParallelRows(bt.Threads, bt.B, func(t, lo, hi int) {
			bt.updateRows(t, lo, hi, fdt, sigma, onsager)
		})
		return
	}
	ParallelRows(bt.Threads, bt.B, func(t, lo, hi int) {
		for c0 := lo; c0 < hi; c0 += stepChunk {
			c1 := min(c0+stepChunk, hi)
			bt.residualPacked(c, jt, t, c0, c1)
			if onsager {
				MulPacked(bt.G[c0*n:], n, bt.R[c0*n:], n, c1-c0, jn, 0, jn.Panels(), &bt.scratch[t])
			}
			bt.updateRows(t, c0, c1, fdt, sigma, onsager)
		}
	})
}

// updateRows runs the fused pass on rows lo..hi with thread t's noise
// buffer, drawing the noise of eight rows at a time where Tune.VectorNormal
// allows (the same values as row by row).
func (bt *Batch) updateRows(t, lo, hi int, fdt, sigma float32, onsager bool) {
	n := bt.N
	noise := bt.noise[t]
	r := lo
	if bt.Tune.VectorNormal && sigma != 0 {
		for ; r+8 <= hi; r += 8 {
			normal8(bt.Streams[r:r+8], noise, n, n)
			for l := range 8 {
				bt.updateRow(r+l, noise[l*n:l*n+n], fdt, sigma, onsager)
			}
		}
	}
	for ; r < hi; r++ {
		if sigma != 0 {
			bt.Streams[r].Normal(noise[:n])
		}
		bt.updateRow(r, noise[:n], fdt, sigma, onsager)
	}
}

// updateRow applies the fused pass to row r with noise xi.
func (bt *Batch) updateRow(r int, xi []float32, fdt, sigma float32, onsager bool) {
	n := bt.N
	o := r * n
	switch {
	case onsager && bt.bf16:
		updateRowBF16(bt.X[o:o+n], bt.P[o:o+n], bt.R[o:o+n], bt.G[o:o+n], xi, bt.Pb[r*bt.kp:r*bt.kp+n], fdt, sigma)
	case onsager:
		updateRow(bt.X[o:o+n], bt.P[o:o+n], bt.R[o:o+n], bt.G[o:o+n], xi, fdt, sigma)
	default:
		updateRowPlain(bt.X[o:o+n], bt.P[o:o+n], bt.R[o:o+n], xi, fdt, sigma)
		bt.refreshPb(r, r+1)
	}
}

// updateRowBF16 is updateRow that also sets pb = bf16(p), with the same x
// and p bit for bit.
func updateRowBF16(x, p, r, g, xi []float32, pb []uint16, dt, sigma float32) {
	if n := len(x) &^ 15; n > 0 {
		_, _, _, _, _ = p[len(x)-1], r[len(x)-1], g[len(x)-1], xi[len(x)-1], pb[len(x)-1]
		simd.UpdateRow16BF16(&x[0], &p[0], &r[0], &g[0], &xi[0], &pb[0], n, dt, sigma)
		x, p, r, g, xi, pb = x[n:], p[n:], r[n:], g[n:], xi[n:], pb[n:]
	}
	updateRow(x, p, r, g, xi, dt, sigma)
	for i, v := range p[:len(x)] {
		pb[i] = simd.BF16(v)
	}
}

// updateRow is the fused pass x += dt·r − dt·(1−p²)·g + σ·ξ; p = tanh(x).
// xi must hold len(x) finite values (they are ignored when σ = 0).
func updateRow(x, p, r, g, xi []float32, dt, sigma float32) {
	if n := len(x) &^ 15; simd.UseAVX512 && n > 0 {
		_, _, _, _ = p[len(x)-1], r[len(x)-1], g[len(x)-1], xi[len(x)-1]
		simd.UpdateRow16(&x[0], &p[0], &r[0], &g[0], &xi[0], n, dt, sigma)
		x, p, r, g, xi = x[n:], p[n:], r[n:], g[n:], xi[n:]
	}
	if n := len(x) &^ 7; simd.UseAVX2 && n > 0 {
		_, _, _, _ = p[len(x)-1], r[len(x)-1], g[len(x)-1], xi[len(x)-1]
		simd.UpdateRow(&x[0], &p[0], &r[0], &g[0], &xi[0], n, dt, sigma)
		x, p, r, g, xi = x[n:], p[n:], r[n:], g[n:], xi[n:]
	}
	updateRowGo(x, p, r, g, xi, dt, sigma)
}

// updateRowGo is the portable updateRow.
func updateRowGo(x, p, r, g, xi []float32, dt, sigma float32) {
	p = p[:len(x)]
	r = r[:len(x)]
	g = g[:len(x)]
	if sigma == 0 {
		for i, xv := range x {
			pv := p[i]
			xv += dt * (r[i] - (1-pv*pv)*g[i])
			x[i] = xv
			p[i] = Tanh(xv)
		}
		return
	}
	xi = xi[:len(x)]
	for i, xv := range x {
		pv := p[i]
		xv += dt*(r[i]-(1-pv*pv)*g[i]) + sigma*xi[i]
		x[i] = xv
		p[i] = Tanh(xv)
	}
}

// updateRowPlain is updateRow without the Onsager term.
func updateRowPlain(x, p, r, xi []float32, dt, sigma float32) {
	p = p[:len(x)]
	r = r[:len(x)]
	if sigma == 0 {
		for i, xv := range x {
			xv += dt * r[i]
			x[i] = xv
			p[i] = Tanh(xv)
		}
		return
	}
	xi = xi[:len(x)]
	for i, xv := range x {
		xv += dt*r[i] + sigma*xi[i]
		x[i] = xv
		p[i] = Tanh(xv)
	}
}

// AccumulateStats adds alpha·Rᵀ·P to the N×N matrix s (beta scales s first),
// and alpha·Σ_rows R to sb when sb is non-nil (beta scales sb too). With R = H − X
// and alpha = −1/(T·B) this is the learning statistic
// S = (1/(T·B)) (X − H)ᵀ φ(X) and its bias part (1/(T·B)) Σ_b (x − h).
func (bt *Batch) AccumulateStats(s []float32, sb []float32, alpha, beta float32) {
	n := bt.N
	if bt.Tune.RowParallel {
		// Split the N×N result by rows: rows i0..i1 of Rᵀ·P are
		// (columns i0..i1 of R)ᵀ·P.
		SetThreads(1)
		ParallelRows(bt.Threads, n, func(_, i0, i1 int) {
			Gemm(true, false, i1-i0, n, bt.B, alpha, bt.R[i0:], n, bt.P, n, beta, s[i0*n:i1*n], n)
		})
	} else {
		SetThreads(bt.Threads)
		Gemm(true, false, n, n, bt.B, alpha, bt.R, n, bt.P, n, beta, s, n)
	}
	if sb != nil {
		bt.biasStats(sb, alpha, beta)
	}
}

// biasStats sets sb = beta·sb + alpha·Σ_rows R (summed in float64).
func (bt *Batch) biasStats(sb []float32, alpha, beta float32) {
	n := bt.N
	acc := make([]float64, n)
	for r := 0; r < bt.B; r++ {
		row := bt.R[r*n : r*n+n]
		for i, v := range row {
			acc[i] += float64(v)
		}
	}
	for i := range sb {
		sb[i] = beta*sb[i] + alpha*float32(acc[i])
	}
}
