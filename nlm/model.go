package nlm

import (
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/gonlm/gonlm/nlm/internal/engine"
	"gonum.org/v1/gonum/mat"
)

// Model is a Neural Langevin Machine: N neurons with state x ∈ R^N, asymmetric
// couplings J (J_ij is the coupling from neuron j to neuron i), transfer
// function φ = tanh and an optional bias b. The synaptic current is
//
//	h = J φ(x) + b
//
// and the energy is E(x) = ½ ‖x − h‖² = ½ Σ_i (x_i − h_i)², which is zero
// exactly at the fixed points of the rate dynamics ẋ = −x + Jφ(x) + b.
//
// B is nil when the model has no bias (the paper's model). The fields may be
// read and written directly; samplers and trainers take a float32 copy when
// they start (and after each learning update), so edits made while one runs
// are not seen by it.
type Model struct {
	J *mat.Dense
	B *mat.VecDense
}

// NewModel returns a model of n neurons with the paper's initialisation:
// J_ij i.i.d. N(0, g²/n) for i ≠ j, J_ii = 0, no bias. The same (n, g, seed)
// always gives the same J. n < 1 is treated as 1.
func NewModel(n int, g float64, seed uint64) *Model {
	if n < 1 {
		n = 1
	}
	j := mat.NewDense(n, n, nil)
	s := engine.NewStream(seed, 1<<40)
	sd := g / math.Sqrt(float64(n))
	raw := j.RawMatrix()
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+n]
		for k := range row {
			if k != i {
				row[k] = sd * normal64(&s)
			}
		}
	}
	return &Model{J: j}
}

// normal64 draws a float64 standard normal by the polar Box–Muller method.
func normal64(s *engine.Stream) float64 {
	for {
		u := 2*s.Float64() - 1
		v := 2*s.Float64() - 1
		q := u*u + v*v
		if q > 0 && q < 1 {
			return u * math.Sqrt(-2*math.Log(q)/q)
		}
	}
}

// NewModelFrom returns a model (no bias) whose couplings are a copy of j,
// which must be square, non-empty and finite.
func NewModelFrom(j *mat.Dense) (*Model, error) {
	if j == nil {
		return nil, fmt.Errorf("nlm: NewModelFrom: %w: couplings matrix is nil", ErrInvalid)
	}
	if err := checkCouplings(j); err != nil {
		return nil, fmt.Errorf("nlm: NewModelFrom: %w", err)
	}
	return &Model{J: mat.DenseCopyOf(j)}, nil
}

func checkCouplings(j mat.Matrix) error {
	r, c := j.Dims()
	if r == 0 || r != c {
		return fmt.Errorf("%w: couplings must be a non-empty square N×N matrix, got %d×%d", ErrShape, r, c)
	}
	for i := 0; i < r; i++ {
		for k := 0; k < c; k++ {
			if v := j.At(i, k); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: couplings have a non-finite value %v at (%d, %d)", ErrNonFinite, v, i, k)
			}
		}
	}
	return nil
}

// EnableBias gives the model a zero bias vector b (h = Jφ(x) + b) if it has
// none. A bias breaks the model's sign symmetry E(−x) = E(x).
func (m *Model) EnableBias() {
	if m.B == nil {
		m.B = mat.NewVecDense(m.N(), nil)
	}
}

// String summarises the model in one line: N, the bias, and the statistics
// of J's off-diagonal entries and of its diagonal (learning drives the
// diagonal negative; its spread tells how far training has gone).
func (m *Model) String() string {
	n := m.N()
	if n == 0 {
		return "nlm.Model: no couplings"
	}
	var off, off2, diag float64
	for i := 0; i < n; i++ {
		row := m.J.RawRowView(i)
		for j, v := range row {
			if i == j {
				diag += v
				continue
			}
			off += v
			off2 += v * v
		}
	}
	bias := "off"
	if m.B != nil {
		bias = fmt.Sprintf("on (mean %.3g)", mat.Sum(m.B)/float64(n))
	}
	cnt := float64(n*n - n)
	mean, std := 0.0, 0.0
	if cnt > 0 {
		mean = off / cnt
		std = math.Sqrt(math.Max(off2/cnt-mean*mean, 0))
	}
	return fmt.Sprintf("nlm.Model: N = %d, bias %s, J off-diagonal mean %.3g std %.3g, diagonal mean %.3g",
		n, bias, mean, std, diag/float64(n))
}

// N returns the number of neurons.
func (m *Model) N() int {
	if m == nil || m.J == nil {
		return 0
	}
	r, _ := m.J.Dims()
	return r
}

// Validate checks that J is square and finite and that B, when present, has
// length N and is finite.
func (m *Model) Validate() error {
	if m == nil || m.J == nil {
		return fmt.Errorf("nlm: %w: model is nil or has no couplings; create it with NewModel or NewModelFrom", ErrInvalid)
	}
	if err := checkCouplings(m.J); err != nil {
		return fmt.Errorf("nlm: %w", err)
	}
	if m.B != nil {
		if m.B.Len() != m.N() {
			return fmt.Errorf("nlm: %w: bias has length %d, want N = %d", ErrShape, m.B.Len(), m.N())
		}
		for i := 0; i < m.B.Len(); i++ {
			if v := m.B.AtVec(i); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("nlm: %w: bias has a non-finite value %v at %d", ErrNonFinite, v, i)
			}
		}
	}
	return nil
}

// Clone returns a deep copy of the model.
func (m *Model) Clone() *Model {
	c := &Model{J: mat.DenseCopyOf(m.J)}
	if m.B != nil {
		c.B = mat.VecDenseCopyOf(m.B)
	}
	return c
}

// residual sets h = Jφ(x) + b and r = h − x, the residual (R in the
// batched step, see the package documentation).
func (m *Model) residual(r, h, x []float64) {
	n := m.N()
	raw := m.J.RawMatrix()
	phi := make([]float64, n)
	for i, v := range x {
		phi[i] = math.Tanh(v)
	}
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+n]
		s := 0.0
		for k, v := range row {
			s += v * phi[k]
		}
		if m.B != nil {
			s += m.B.AtVec(i)
		}
		h[i] = s
		r[i] = s - x[i]
	}
}

// Energy returns E(x) = ½ Σ_i (h_i − x_i)² with h = Jφ(x) + b, in float64.
// It panics with an error wrapping ErrShape when len(x) ≠ N.
func (m *Model) Energy(x []float64) float64 {
	n := m.N()
	if len(x) != n || n == 0 {
		shapePanic("Energy", "len(x) = %d, want N = %d", len(x), n)
	}
	r := make([]float64, n)
	h := make([]float64, n)
	m.residual(r, h, x)
	e := 0.0
	for _, v := range r {
		e += v * v
	}
	return 0.5 * e
}

// EnergyBatch returns E of every row of x (one state per row). It panics
// with an error wrapping ErrShape when x does not have N columns.
func (m *Model) EnergyBatch(x mat.Matrix) []float64 {
	rows, cols := x.Dims()
	if cols != m.N() {
		shapePanic("EnergyBatch", "x has %d columns, want N = %d (one state per row)", cols, m.N())
	}
	out := make([]float64, rows)
	row := make([]float64, cols)
	for b := 0; b < rows; b++ {
		mat.Row(row, b, x)
		out[b] = m.Energy(row)
	}
	return out
}

// Force writes F = −∇E(x) into dst; with the residual r = h − x,
//
//	F_i = r_i − φ'(x_i) Σ_j J_ji r_j,   φ'(x) = 1 − tanh²(x).
//
// The last term is the Onsager feedback term; onsager = false drops it, which
// gives the plain rate dynamics −x + Jφ(x) + b (not a gradient flow). It
// panics with an error wrapping ErrShape when len(x) or len(dst) is not N.
func (m *Model) Force(dst, x []float64, onsager bool) {
	n := m.N()
	if len(x) != n || len(dst) != n {
		shapePanic("Force", "len(dst) = %d and len(x) = %d, want N = %d", len(dst), len(x), n)
	}
	r := make([]float64, n)
	h := make([]float64, n)
	m.residual(r, h, x)
	copy(dst, r)
	if !onsager {
		return
	}
	raw := m.J.RawMatrix()
	g := make([]float64, n)
	for j := 0; j < n; j++ {
		row := raw.Data[j*raw.Stride : j*raw.Stride+n]
		rj := r[j]
		for i, v := range row {
			g[i] += v * rj
		}
	}
	for i := range dst {
		t := math.Tanh(x[i])
		dst[i] -= (1 - t*t) * g[i]
	}
}

// GradJ writes ∂E/∂J into dst (N×N): with the residual r = h − x,
// ∂E/∂J_ij = r_i φ(x_j), and returns ∂E/∂b_i = r_i (the bias gradient,
// whether or not the model has a bias). It panics with an error wrapping
// ErrShape when dst is not N×N or len(x) ≠ N.
func (m *Model) GradJ(dst *mat.Dense, x []float64) []float64 {
	n := m.N()
	if r, c := dst.Dims(); r != n || c != n {
		shapePanic("GradJ", "dst is %d×%d, want %d×%d", r, c, n, n)
	}
	if len(x) != n {
		shapePanic("GradJ", "len(x) = %d, want N = %d", len(x), n)
	}
	r := make([]float64, n)
	h := make([]float64, n)
	m.residual(r, h, x)
	gb := make([]float64, n)
	for i := 0; i < n; i++ {
		gb[i] = r[i]
		for j := 0; j < n; j++ {
			dst.Set(i, j, r[i]*math.Tanh(x[j]))
		}
	}
	return gb
}

// biasPath returns the file name under which Save stores the bias of a model
// saved at path: "w.npy" → "w.bias.npy".
func biasPath(path string) string {
	return strings.TrimSuffix(path, ".npy") + ".bias.npy"
}

// Save writes J to path as a NumPy .npy file (float64, N×N, C order), which
// NumPy and the authors' PyTorch code load directly. When the model has a
// bias it is written beside it as "<name>.bias.npy" (a 1×N array). Writes
// are atomic.
func (m *Model) Save(path string) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if err := SaveNpy(path, m.J); err != nil {
		return err
	}
	bp := biasPath(path)
	if m.B == nil {
		if _, err := os.Stat(bp); err == nil {
			// A stale bias from an earlier save would be loaded with these couplings.
			if err := os.Remove(bp); err != nil {
				return fmt.Errorf("nlm: Save: removing stale bias file %s: %w", bp, err)
			}
		}
		return nil
	}
	return SaveNpy(bp, m.B.T())
}

// LoadModel reads couplings saved by Save, by NumPy (np.save) or by the
// authors' code (float32 or float64, C or Fortran order). J must be square
// and finite. A bias file "<name>.bias.npy" beside it, if present, becomes B.
func LoadModel(path string) (*Model, error) {
	j, err := LoadNpy(path)
	if err != nil {
		return nil, err
	}
	if err := checkCouplings(j); err != nil {
		return nil, fmt.Errorf("nlm: LoadModel %s: %w", path, err)
	}
	m := &Model{J: j}
	bp := biasPath(path)
	if _, err := os.Stat(bp); err == nil {
		b, err := LoadNpy(bp)
		if err != nil {
			return nil, err
		}
		r, c := b.Dims()
		if r*c != m.N() || (r != 1 && c != 1) {
			return nil, fmt.Errorf("nlm: LoadModel: %w: bias file %s is %d×%d, want a vector of length %d", ErrShape, bp, r, c, m.N())
		}
		v := mat.NewVecDense(m.N(), nil)
		for i := 0; i < m.N(); i++ {
			if r == 1 {
				v.SetVec(i, b.At(0, i))
			} else {
				v.SetVec(i, b.At(i, 0))
			}
		}
		m.B = v
		if err := m.Validate(); err != nil {
			return nil, fmt.Errorf("%w (in %s)", err, bp)
		}
	}
	return m, nil
}

// couplings32 packs the model into a float32 working copy, converting on
// threads goroutines.
func (m *Model) couplings32(threads int) *engine.Couplings {
	c := engine.NewCouplings(m.N(), m.B != nil)
	c.Threads = threads
	m.pack(c)
	return c
}

func (m *Model) pack(c *engine.Couplings) {
	raw := m.J.RawMatrix()
	var b []float64
	if m.B != nil {
		b = m.B.RawVector().Data
		if inc := m.B.RawVector().Inc; inc != 1 {
			b = make([]float64, m.N())
			for i := range b {
				b[i] = m.B.AtVec(i)
			}
		}
	}
	c.Load(raw.Data, raw.Stride, b)
}
