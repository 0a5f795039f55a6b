package nlm

import (
	"context"
	"fmt"
	"image"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Samples are the final states of independent generating chains.
// X holds one state x per row (S×N); Rows×Cols is the image shape of one
// state (28×28 for N = 784, √N×√N for other perfect squares, else 1×N).
type Samples struct {
	X          *mat.Dense
	Rows, Cols int
}

// Len returns the number of samples.
func (s *Samples) Len() int {
	if s == nil || s.X == nil {
		return 0
	}
	r, _ := s.X.Dims()
	return r
}

// Values returns φ(X) = tanh(X), the samples as images with values in
// [−1, 1] (shown as (v+1)/2 grey).
func (s *Samples) Values() *mat.Dense {
	if s.Len() == 0 {
		return &mat.Dense{}
	}
	r, c := s.X.Dims()
	v := mat.NewDense(r, c, nil)
	v.Apply(func(i, j int, x float64) float64 { return math.Tanh(x) }, s.X)
	return v
}

// Grid draws the samples' values tanh(x) as a grid with cols images per row
// (0 = about square), each stretched to its own contrast as in the paper's
// figures, at scale 2 with a 2-pixel gap. For other choices call GridImage
// on Values().
func (s *Samples) Grid(cols int) (*image.Gray, error) {
	if s.Len() == 0 {
		return nil, fmt.Errorf("nlm: Samples.Grid: %w: no samples", ErrInvalid)
	}
	img, err := GridImage(s.Values(), GridOptions{Cols: cols, Scale: 2, Gap: 2, Stretch: true, Rows: s.Rows, ImgCols: s.Cols})
	return img, inFn("Samples.Grid", err)
}

// imageShapeOf returns the image shape used for a state of n neurons.
func imageShapeOf(n int) (int, int) {
	r := int(math.Sqrt(float64(n)))
	for r*r > n {
		r--
	}
	for (r+1)*(r+1) <= n {
		r++
	}
	if r*r == n {
		return r, r
	}
	return 1, n
}

// Generate runs the paper's Algorithm 2: n independent chains start from
// N(0, I) and follow the Langevin dynamics d under m for steps steps; the
// samples are their final states (use Samples.Values for tanh(x)). The paper
// uses steps = 25 000 (time 250 at Dt = 0.01). For recorded trajectories or
// a noise-free quench use a Sampler (or Preset.Generate). Cancelling ctx
// returns ctx.Err() within one step; progress goes to the function ctx
// carries (see WithProgress).
func Generate(ctx context.Context, m *Model, n int, steps int, d Dynamics, seed uint64) (*Samples, error) {
	ctx = orBackground(ctx)
	defer track(ctx)()
	return generate(ctx, "Generate", m, n, 0, 0, steps, 0, d, seed)
}

// generate runs n chains from N(0, I): anneal steps annealed from
// temperature from to d.T (Sampler.Anneal), steps more at d.T, then quench
// noise-free steps.
func generate(ctx context.Context, fn string, m *Model, n, anneal int, from float64, steps, quench int, d Dynamics, seed uint64) (*Samples, error) {
	if steps < 0 || quench < 0 || anneal < 0 {
		return nil, fmt.Errorf("nlm: %s: %w: steps must be ≥ 0, got %d (and %d noise-free)", fn, ErrInvalid, anneal+steps, quench)
	}
	s, err := NewSampler(m, n, d, seed)
	if err != nil {
		return nil, inFn(fn, err)
	}
	if err := s.runSchedule(ctx, "generate", anneal, from, steps, quench); err != nil {
		return nil, err
	}
	r, c := imageShapeOf(m.N())
	return &Samples{X: s.States(), Rows: r, Cols: c}, nil
}
