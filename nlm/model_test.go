package nlm

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randomModel(n int, g float64, bias bool, seed uint64) *Model {
	m := NewModel(n, g, seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := 0; i < n; i++ {
		m.J.Set(i, i, rng.NormFloat64()) // learned models have a diagonal too
	}
	if bias {
		m.EnableBias()
		for i := 0; i < n; i++ {
			m.B.SetVec(i, 0.5*rng.NormFloat64())
		}
	}
	return m
}

func randomState(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 11))
	x := make([]float64, n)
	for i := range x {
		x[i] = 1.5 * rng.NormFloat64()
	}
	return x
}

// relErr is |a − b| / max(|b|, floor).
func relErr(a, b, floor float64) float64 {
	return math.Abs(a-b) / math.Max(math.Abs(b), floor)
}

func TestNewModelInit(t *testing.T) {
	const n, g = 400, 2.0
	m := NewModel(n, g, 3)
	var sum, sum2 float64
	for i := 0; i < n; i++ {
		if m.J.At(i, i) != 0 {
			t.Fatalf("diagonal J[%d][%d] = %v, want 0", i, i, m.J.At(i, i))
		}
		for j := 0; j < n; j++ {
			if i != j {
				v := m.J.At(i, j)
				sum += v
				sum2 += v * v
			}
		}
	}
	cnt := float64(n*n - n)
	mean, variance := sum/cnt, sum2/cnt-(sum/cnt)*(sum/cnt)
	if want := g * g / n; math.Abs(variance-want)/want > 0.02 || math.Abs(mean) > 4*math.Sqrt(want/cnt) {
		t.Errorf("off-diagonal mean %v variance %v, want 0 and %v", mean, variance, want)
	}
	if !mat.Equal(m.J, NewModel(n, g, 3).J) {
		t.Error("same seed gave different couplings")
	}
	if mat.Equal(m.J, NewModel(n, g, 4).J) {
		t.Error("different seeds gave the same couplings")
	}
	if m.B != nil {
		t.Error("NewModel has a bias; the paper's model has none")
	}
}

func TestForceIsMinusGradient(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		bias bool
	}{{"n5", 5, false}, {"n5-bias", 5, true}, {"n12", 12, false}, {"n12-bias", 12, true}} {
		t.Run(tc.name, func(t *testing.T) {
			m := randomModel(tc.n, 1.7, tc.bias, 21)
			x := randomState(tc.n, 5)
			f := make([]float64, tc.n)
			m.Force(f, x, true)
			const h = 1e-5
			for i := range x {
				xp := append([]float64(nil), x...)
				xm := append([]float64(nil), x...)
				xp[i] += h
				xm[i] -= h
				fd := -(m.Energy(xp) - m.Energy(xm)) / (2 * h)
				if e := relErr(f[i], fd, 1e-3); e > 1e-6 {
					t.Errorf("F[%d] = %.12g, −∂E/∂x by finite differences = %.12g (rel err %.2g)", i, f[i], fd, e)
				}
			}
			// Without the Onsager term the force is the residual h − x.
			m.Force(f, x, false)
			r := make([]float64, tc.n)
			hh := make([]float64, tc.n)
			m.residual(r, hh, x)
			for i := range f {
				if f[i] != r[i] {
					t.Fatalf("NoOnsager force[%d] = %v, want h − x = %v", i, f[i], r[i])
				}
			}
		})
	}
}

func TestGradJFiniteDifference(t *testing.T) {
	for _, bias := range []bool{false, true} {
		t.Run(map[bool]string{false: "no-bias", true: "bias"}[bias], func(t *testing.T) {
			const n = 6
			m := randomModel(n, 1.5, bias, 8)
			x := randomState(n, 9)
			g := mat.NewDense(n, n, nil)
			gb := m.GradJ(g, x)
			const h = 1e-5
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					v := m.J.At(i, j)
					m.J.Set(i, j, v+h)
					ep := m.Energy(x)
					m.J.Set(i, j, v-h)
					em := m.Energy(x)
					m.J.Set(i, j, v)
					fd := (ep - em) / (2 * h)
					if e := relErr(g.At(i, j), fd, 1e-3); e > 1e-6 {
						t.Errorf("∂E/∂J[%d][%d] = %.12g, finite differences %.12g (rel err %.2g)", i, j, g.At(i, j), fd, e)
					}
				}
			}
			if !bias {
				return
			}
			for i := 0; i < n; i++ {
				v := m.B.AtVec(i)
				m.B.SetVec(i, v+h)
				ep := m.Energy(x)
				m.B.SetVec(i, v-h)
				em := m.Energy(x)
				m.B.SetVec(i, v)
				fd := (ep - em) / (2 * h)
				if e := relErr(gb[i], fd, 1e-3); e > 1e-6 {
					t.Errorf("∂E/∂b[%d] = %.12g, finite differences %.12g", i, gb[i], fd)
				}
			}
		})
	}
}

// TestStatsIsMeanGradient checks S = −⟨∂E/∂J⟩/T and Sb = −⟨∂E/∂b⟩/T.
func TestStatsIsMeanGradient(t *testing.T) {
	for _, bias := range []bool{false, true} {
		const n, b, T = 7, 5, 0.7
		m := randomModel(n, 1.5, bias, 2)
		x := mat.NewDense(b, n, nil)
		want := mat.NewDense(n, n, nil)
		wantB := make([]float64, n)
		g := mat.NewDense(n, n, nil)
		for r := 0; r < b; r++ {
			row := randomState(n, uint64(100+r))
			x.SetRow(r, row)
			gb := m.GradJ(g, row)
			want.Add(want, g)
			for i := range gb {
				wantB[i] -= gb[i] / (T * b)
			}
		}
		want.Scale(-1/(T*b), want)
		s, sb, err := m.Stats(x, T)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.EqualApprox(s, want, 1e-12) {
			t.Errorf("bias=%v: Stats differs from −mean gradient / T", bias)
		}
		for i := range wantB {
			if math.Abs(sb.AtVec(i)-wantB[i]) > 1e-12 {
				t.Errorf("bias=%v: Sb[%d] = %v, want %v", bias, i, sb.AtVec(i), wantB[i])
			}
		}
	}
}

func TestEnergyBatchAndZeros(t *testing.T) {
	m := randomModel(5, 1, true, 1)
	x := mat.NewDense(3, 5, nil)
	for r := 0; r < 3; r++ {
		x.SetRow(r, randomState(5, uint64(r)))
	}
	e := m.EnergyBatch(x)
	for r := 0; r < 3; r++ {
		if e[r] != m.Energy(x.RawRowView(r)) {
			t.Errorf("EnergyBatch[%d] = %v, Energy = %v", r, e[r], m.Energy(x.RawRowView(r)))
		}
	}
	// A fixed point of x = Jφ(x) (x = 0, J anything, no bias) has E = 0.
	m0 := randomModel(5, 1, false, 1)
	if e := m0.Energy(make([]float64, 5)); e != 0 {
		t.Errorf("E(0) = %v, want 0", e)
	}
	// Sign symmetry without bias.
	xs := randomState(5, 3)
	neg := make([]float64, 5)
	for i, v := range xs {
		neg[i] = -v
	}
	if a, b := m0.Energy(xs), m0.Energy(neg); math.Abs(a-b) > 1e-12*math.Abs(a) {
		t.Errorf("E(x) = %v, E(−x) = %v; want equal without bias", a, b)
	}
}

func TestSaveLoadModel(t *testing.T) {
	dir := t.TempDir()
	for _, bias := range []bool{true, false} {
		m := randomModel(9, 2, bias, 4)
		p := filepath.Join(dir, "m.npy")
		if err := m.Save(p); err != nil {
			t.Fatal(err)
		}
		l, err := LoadModel(p)
		if err != nil {
			t.Fatal(err)
		}
		if !mat.Equal(l.J, m.J) || (l.B == nil) != (m.B == nil) || (m.B != nil && !mat.Equal(l.B, m.B)) {
			t.Errorf("bias=%v: loaded model differs", bias)
		}
	}
	// Saving a bias-free model over a biased one removes the stale bias.
	if l, _ := LoadModel(filepath.Join(dir, "m.npy")); l.B != nil {
		t.Error("stale bias loaded")
	}
}

func TestModelErrors(t *testing.T) {
	dir := t.TempDir()
	rect := filepath.Join(dir, "rect.npy")
	if err := SaveNpy(rect, mat.NewDense(2, 3, nil)); err != nil {
		t.Fatal(err)
	}
	nanJ := mat.NewDense(2, 2, []float64{0, math.NaN(), 0, 0})
	badBias := NewModel(3, 1, 1)
	badBias.B = mat.NewVecDense(2, nil)
	checkErrors(t, []errorCase{
		{"nil", "nil", func() error { _, err := NewModelFrom(nil); return err }},
		{"rect", "square", func() error { _, err := NewModelFrom(mat.NewDense(2, 3, nil)); return err }},
		{"nan", "non-finite", func() error { _, err := NewModelFrom(nanJ); return err }},
		{"load-rect", "square", func() error { _, err := LoadModel(rect); return err }},
		{"load-missing", "", func() error { _, err := LoadModel(filepath.Join(dir, "nope.npy")); return err }},
		{"bias-len", "bias has length", func() error { return badBias.Validate() }},
		{"nil-model", "nil", func() error { var m *Model; return m.Validate() }},
		{"gradj-shape", "dst is 2×2", func() error {
			return panicked(func() { NewModel(3, 1, 1).GradJ(mat.NewDense(2, 2, nil), make([]float64, 3)) })
		}},
		{"gradj-x", "len(x) = 2", func() error {
			return panicked(func() { NewModel(3, 1, 1).GradJ(mat.NewDense(3, 3, nil), make([]float64, 2)) })
		}},
		{"energy", "len(x) = 1, want N = 3", func() error { return panicked(func() { NewModel(3, 1, 1).Energy([]float64{1}) }) }},
		{"energy-batch", "x has 2 columns", func() error {
			return panicked(func() { NewModel(3, 1, 1).EnergyBatch(mat.NewDense(2, 2, nil)) })
		}},
		{"force", "len(dst) = 2", func() error {
			return panicked(func() { NewModel(3, 1, 1).Force(make([]float64, 2), []float64{1, 2}, true) })
		}},
		{"stats-shape", "want B×N", func() error { _, _, err := NewModel(3, 1, 1).Stats(mat.NewDense(2, 2, nil), 1); return err }},
		{"stats-T", "temperature", func() error { _, _, err := NewModel(3, 1, 1).Stats(mat.NewDense(2, 3, nil), 0); return err }},
		{"stats-nan", "non-finite", func() error {
			_, _, err := NewModel(2, 1, 1).Stats(mat.NewDense(1, 2, []float64{math.Inf(1), 0}), 1)
			return err
		}},
		{"update-k", "learning rate", func() error {
			_, err := NewModel(2, 1, 1).Update(mat.NewDense(1, 2, nil), mat.NewDense(1, 2, nil), 1, -1, 0)
			return err
		}},
		{"update-decay", "weightDecay", func() error {
			_, err := NewModel(2, 1, 1).Update(mat.NewDense(1, 2, nil), mat.NewDense(1, 2, nil), 1, 0.1, 1)
			return err
		}},
	})
}

// panicked runs f and returns the error it panicked with (nil if it did not
// panic); a panic value that is not an error is itself a test failure.
func panicked(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				e = fmt.Errorf("panic value %v is not an error", r)
			}
			err = e
		}
	}()
	f()
	return nil
}

func TestUpdateMovesTowardData(t *testing.T) {
	// One exact update with model samples far from data lowers the
	// data's mean energy (gradient step on KL's data term).
	const n = 6
	m := randomModel(n, 1, true, 3)
	data := mat.NewDense(4, n, nil)
	model := mat.NewDense(4, n, nil)
	for r := 0; r < 4; r++ {
		data.SetRow(r, randomState(n, uint64(r+40)))
		model.SetRow(r, randomState(n, uint64(r+80)))
	}
	mean := func(e []float64) float64 {
		s := 0.0
		for _, v := range e {
			s += v
		}
		return s / float64(len(e))
	}
	before := mean(m.EnergyBatch(data)) - mean(m.EnergyBatch(model))
	kl, err := m.Update(model, data, 1, 0.01, 0)
	if err != nil {
		t.Fatal(err)
	}
	after := mean(m.EnergyBatch(data)) - mean(m.EnergyBatch(model))
	if !(after < before) || !(kl > 0) {
		t.Errorf("⟨E⟩_data − ⟨E⟩_model went %v → %v (kl %v); want a decrease", before, after, kl)
	}
}

func TestModelString(t *testing.T) {
	m, err := NewModelFrom(mat.NewDense(2, 2, []float64{-1, 2, 4, -3}))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		m    *Model
		want string
	}{
		{&Model{}, "nlm.Model: no couplings"},
		{m, "nlm.Model: N = 2, bias off, J off-diagonal mean 3 std 1, diagonal mean -2"},
	}
	for _, tc := range tests {
		if got := tc.m.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
	m.EnableBias()
	if got := m.String(); !strings.Contains(got, "bias on (mean 0)") {
		t.Errorf("with bias: %q", got)
	}
}

// TestPresetsValid checks that the package's presets pass Validate and that
// only Laptop anneals its generation (Paper is the paper's Table 1).
func TestPresetsValid(t *testing.T) {
	for _, p := range []Preset{Paper, Quick, Laptop} {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
	}
	if Paper.AnnealSteps != 0 || Paper.AnnealFrom != 0 || Quick.AnnealSteps != 0 {
		t.Error("Paper or Quick anneals its generation")
	}
	if Laptop.AnnealSteps <= 0 || !(Laptop.AnnealFrom > Laptop.T) || Laptop.AnnealSteps > Laptop.GenSteps {
		t.Errorf("Laptop's anneal: from T = %v over %d of %d steps, want a hot start within GenSteps", Laptop.AnnealFrom, Laptop.AnnealSteps, Laptop.GenSteps)
	}
}

func TestPresetString(t *testing.T) {
	got := Paper.String()
	for _, want := range []string{`preset "paper"`, "digits [1 3 6]", "P = 18000", "k = 0.0005", "λ = 2e-06", "B = 1000, M = 1000", "3000 epochs (54000 updates)", "25000 steps"} {
		if !strings.Contains(got, want) {
			t.Errorf("Paper.String() = %q, missing %q", got, want)
		}
	}
	if strings.Contains(got, "anneal") {
		t.Errorf("Paper.String() = %q mentions an anneal", got)
	}
	q := Paper
	q.GenSteps, q.AnnealSteps, q.AnnealFrom = 2000, 1000, 1.5
	if got := q.String(); !strings.Contains(got, "generation 2000 steps (the first 1000 annealed from T = 1.5) + 0 quench") {
		t.Errorf("String() with an anneal = %q", got)
	}
}

// errorCase is a call that must fail with an error mentioning want.
// errorCase is one bad input: err returns the error it causes, which must
// mention want and wrap the package's sentinel for its kind (errors.Is).
type errorCase struct {
	name, want string
	err        func() error
}

// sentinelFor returns the first of the sentinel errors that err wraps.
func sentinelFor(err error) error {
	for _, s := range []error{ErrShape, ErrNonFinite, ErrInvalid, ErrDiverged, ErrFormat, fs.ErrNotExist} {
		if errors.Is(err, s) {
			return s
		}
	}
	return nil
}

// checkErrors runs each case as a subtest.
func checkErrors(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err()
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			if sentinelFor(err) == nil {
				t.Errorf("error %q wraps none of the package's sentinel errors", err)
			}
		})
	}
}
