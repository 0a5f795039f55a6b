package views

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonlm/gonlm/nlm/analysis"
	"github.com/gonlm/gonlm/nlm/mnist"

	"github.com/gonlm/gonlm/internal/inflight"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/nlm"
)

// clusters returns a dataset of three labelled Gaussian clusters in n
// dimensions (values kept in [−1, 1]).
func clusters(perClass, n int) *mnist.Dataset {
	rng := rand.New(rand.NewPCG(1, 2))
	labels := []int{1, 3, 6}
	x := mat.NewDense(perClass*len(labels), n, nil)
	var lab []int
	for k, l := range labels {
		for i := range perClass {
			row := k*perClass + i
			for j := range n {
				centre := -0.6
				if (j+k*n/3)%n < n/3 {
					centre = 0.6
				}
				x.Set(row, j, math.Max(-1, math.Min(1, centre+0.15*rng.NormFloat64())))
			}
			lab = append(lab, l)
		}
	}
	side := int(math.Sqrt(float64(n)))
	return &mnist.Dataset{X: x, Labels: lab, Rows: side, Cols: n / side}
}

// renderPNG renders p through display and returns the decoded PNG size.
func renderPNG(t *testing.T, p *plot.Plot) (int, int) {
	t.Helper()
	b, err := display.PlotBundle(p)
	if err != nil {
		t.Fatal(err)
	}
	return pngSize(t, b)
}

// pngSize decodes the image/png of b and returns its size.
func pngSize(t *testing.T, b display.Bundle) (int, int) {
	t.Helper()
	data, err := b.Bytes(display.MIMEPNG)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img.Bounds().Dx(), img.Bounds().Dy()
}

func sampler(t testing.TB, n, chains int) *nlm.Sampler {
	t.Helper()
	m := nlm.NewModel(n, 2, 7)
	s, err := nlm.NewSampler(m, chains, nlm.PaperDynamics(), 3)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPCA(t *testing.T) {
	data := clusters(40, 16)
	s := sampler(t, 16, 2)
	if err := s.Record(nlm.Recording{Every: 5, Chains: []int{1}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), 200); err != nil {
		t.Fatal(err)
	}
	traj, err := s.Trajectory().Chain(0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := PCA(data, traj, PCAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.X.Label.Text, "PC1 (") || !strings.HasPrefix(p.Y.Label.Text, "PC2 (") {
		t.Errorf("axis labels %q, %q", p.X.Label.Text, p.Y.Label.Text)
	}
	if w, h := renderPNG(t, p); w != 1152 || h != 768 {
		t.Errorf("PNG %d×%d", w, h)
	}
	// The clusters are far apart along PC1: the x range must cover them.
	if xmin, xmax := p.X.Min, p.X.Max; xmax-xmin < 1 {
		t.Errorf("x range [%g, %g] too narrow for separated clusters", xmin, xmax)
	}
	// Other components and a reused fit.
	fit, err := analysis.FitPCA(data.X, 3)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := PCA(data, nil, PCAOptions{Fit: fit, X: 0, Y: 2, Title: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p2.Y.Label.Text, "PC3") || p2.Title.Text != "t" {
		t.Errorf("PC3 plot: %q, title %q", p2.Y.Label.Text, p2.Title.Text)
	}
	// The axes cover every projected point.
	proj := fit.Project(data.X)
	for i := range data.Len() {
		if x, y := proj.At(i, 0), proj.At(i, 2); x < p2.X.Min || x > p2.X.Max || y < p2.Y.Min || y > p2.Y.Max {
			t.Fatalf("point %d (%g, %g) outside the axes", i, x, y)
		}
	}
}

func TestPCAPanels(t *testing.T) {
	data := clusters(30, 16)
	traj := mat.NewDense(5, 16, nil)
	b, err := PCAPanels(data, traj, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := b.Bytes(display.MIMEPNG)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	md := b.Metadata[display.MIMEPNG].(map[string]any)
	if r := img.Bounds(); r.Dx() != 2304 || r.Dy() != 768 || md["width"] != 1152 || md["height"] != 384 {
		t.Errorf("PNG %v, metadata %v", r, md)
	}
	fit2, _ := analysis.FitPCA(data.X, 2)
	if _, err := PCAPanels(data, nil, fit2); err == nil || !strings.Contains(err.Error(), "need 3") {
		t.Errorf("2-component fit: %v", err)
	}
	if _, err := PCAPanels(nil, nil, nil); err == nil {
		t.Error("nil data accepted")
	}
}

func TestPCAErrors(t *testing.T) {
	data := clusters(10, 16)
	fit2, _ := analysis.FitPCA(data.X, 2)
	tests := []struct {
		name string
		data *mnist.Dataset
		traj mat.Matrix
		opt  PCAOptions
		want string
	}{
		{"nil data", nil, nil, PCAOptions{}, "data is empty"},
		{"labels", &mnist.Dataset{X: data.X, Labels: []int{1}}, nil, PCAOptions{}, "labels"},
		{"same axes", data, nil, PCAOptions{X: 1, Y: 1}, "must be different"},
		{"negative", data, nil, PCAOptions{X: -1, Y: 1}, "must be different"},
		{"beyond fit", data, nil, PCAOptions{Fit: fit2, Y: 2}, "out of range"},
		{"traj width", data, mat.NewDense(3, 5, nil), PCAOptions{}, "5 neurons"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PCA(tc.data, tc.traj, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestTraces(t *testing.T) {
	s := sampler(t, 9, 3)
	if err := s.Record(nlm.Recording{Every: 2, Chains: []int{0, 2}, Neurons: []int{1, 4, 7}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), 100); err != nil {
		t.Fatal(err)
	}
	tr := s.Trajectory()
	p, err := Traces(tr, 1, 4, 7)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "Neuron activity along chain 2" {
		t.Errorf("title %q", p.Title.Text)
	}
	// The y axis covers the recorded values of neurons 4 and 7 (columns 1, 2).
	x, _ := tr.Chain(1)
	for f := range tr.Len() {
		for _, c := range []int{1, 2} {
			if v := x.At(f, c); v < p.Y.Min || v > p.Y.Max {
				t.Fatalf("x=%g outside y axis [%g, %g]", v, p.Y.Min, p.Y.Max)
			}
		}
	}
	if math.Abs(p.X.Max-1.0) > 1e-9 { // 100 steps × dt 0.01
		t.Errorf("time axis ends at %g, want 1", p.X.Max)
	}
	renderPNG(t, p)
	if _, err := Traces(tr, 0); err != nil {
		t.Errorf("default neurons: %v", err)
	}
	for _, tc := range []struct {
		name  string
		tr    *nlm.Trajectory
		chain int
		ns    []int
		want  string
	}{
		{"nil", nil, 0, nil, "empty"},
		{"chain", tr, 5, nil, "out of range"},
		{"neuron", tr, 0, []int{2}, "neuron 2 was not recorded"},
	} {
		if _, err := Traces(tc.tr, tc.chain, tc.ns...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestLandscape(t *testing.T) {
	// J = diag(2, 2): each neuron is bistable; the minima of
	// E = ½ Σ (x_i − 2 tanh x_i)² sit at x_i ∈ {0, ±x*} with x* = 2 tanh x*
	// (x* ≈ 1.915).
	j := mat.NewDense(2, 2, []float64{2, 0, 0, 2})
	m, err := nlm.NewModelFrom(j)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Landscape(m, LandscapeOptions{Resolution: 193})
	if err != nil {
		t.Fatal(err)
	}
	if w, h := renderPNG(t, p); w != 1152 || h != 768 {
		t.Errorf("PNG %d×%d", w, h)
	}
	g := newEnergyGrid(m, -3, 3, 193)
	mins := g.localMinima()
	if len(mins) != 9 {
		t.Fatalf("%d minima, want 9: %v", len(mins), mins)
	}
	const xs = 1.9150080
	for _, pt := range mins {
		for _, v := range []float64{pt.X, pt.Y} {
			if d := math.Min(math.Abs(v), math.Abs(math.Abs(v)-xs)); d > 0.04 {
				t.Errorf("minimum at %v is not at 0 or ±%.3f", pt, xs)
			}
		}
	}
	// Arrows point downhill: F·(x − x_min) < 0 next to the minimum (x*, x*).
	f := newForceField(m, -3, 3, 17, true)
	for r := range 17 {
		for c := range 17 {
			x, y := f.X(c), f.Y(r)
			if x > 1 && y > 1 && math.Hypot(x-xs, y-xs) > 0.3 && math.Hypot(x-xs, y-xs) < 0.9 {
				v := f.Vector(c, r)
				if v.X*(x-xs)+v.Y*(y-xs) >= 0 {
					t.Errorf("force at (%.2f, %.2f) = %v points uphill", x, y, v)
				}
			}
		}
	}
	path := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	if _, err := Landscape(nlm.NewModel(2, 2, 1), LandscapeOptions{NoOnsager: true, Path: path, Arrows: -1}); err != nil {
		t.Fatal(err)
	}
}

func TestLandscapeErrors(t *testing.T) {
	m2 := nlm.NewModel(2, 2, 1)
	for _, tc := range []struct {
		name string
		m    *nlm.Model
		opt  LandscapeOptions
		want string
	}{
		{"nil", nil, LandscapeOptions{}, "nil"},
		{"n", nlm.NewModel(3, 2, 1), LandscapeOptions{}, "3 neurons"},
		{"range", m2, LandscapeOptions{Min: 2, Max: 1}, "empty"},
		{"nan", m2, LandscapeOptions{Min: math.NaN(), Max: 1}, "empty"},
		{"res", m2, LandscapeOptions{Resolution: 2}, "Resolution"},
		{"levels", m2, LandscapeOptions{Levels: -1}, "Levels"},
		{"arrows", m2, LandscapeOptions{Arrows: 1000}, "Arrows"},
		{"path", m2, LandscapeOptions{Path: mat.NewDense(2, 3, nil)}, "3 columns"},
	} {
		if _, err := Landscape(tc.m, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestStatesGrid(t *testing.T) {
	x := mat.NewDense(10, 784, nil)
	for i := range 10 {
		for j := range 784 {
			x.Set(i, j, float64((i+j)%7)-3)
		}
	}
	img, err := StatesGrid(x, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	// 2×2 images of 56 px with a 2 px gap.
	if b := img.Bounds(); b.Dx() != 114 || b.Dy() != 114 {
		t.Errorf("grid %v", b)
	}
	if _, err := StatesGrid(nil, 0, 0); err == nil {
		t.Error("nil accepted")
	}
	if _, err := StatesGrid(&mat.Dense{}, 0, 0); err == nil {
		t.Error("empty accepted")
	}
}

// recorder is a display.Publisher that keeps every bundle.
type recorder struct {
	mu    sync.Mutex
	kinds []string
	ids   map[string]int
}

func (r *recorder) Publish(b display.Bundle, id string, update bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ids == nil {
		r.ids = map[string]int{}
	}
	r.kinds = append(r.kinds, display.KindOf(b))
	r.ids[id]++
	return nil
}
func (r *recorder) Clear(bool) error { return nil }

// counter is an inflight.Tracker that counts, like the kernel's.
type counter struct {
	mu           sync.Mutex
	begun, ended int
}

func (c *counter) Begin() func() {
	c.mu.Lock()
	c.begun++
	c.mu.Unlock()
	return func() { c.mu.Lock(); c.ended++; c.mu.Unlock() }
}

func TestWatch(t *testing.T) {
	if err := Watch(context.Background(), sampler(t, 16, 4), 10, WatchOptions{}); !errors.Is(err, display.ErrNoPublisher) {
		t.Fatalf("no publisher: %v", err)
	}
	rec := &recorder{}
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	s := sampler(t, 16, 4)
	tr := &counter{}
	ctx := inflight.WithTracker(context.Background(), tr)
	if err := Watch(ctx, s, 300, WatchOptions{Every: 10, Show: 3}); err != nil {
		t.Fatal(err)
	}
	if s.Steps() != 300 {
		t.Errorf("sampler ran %d steps, want 300", s.Steps())
	}
	if tr.begun != 31 || tr.ended != 31 { // Watch itself + 30 blocks of s.Run
		t.Errorf("in-flight tracking: begun %d ended %d", tr.begun, tr.ended)
	}
	var anim, prog int
	for _, k := range rec.kinds {
		switch k {
		case display.KindAnimation:
			anim++
		case display.KindProgress:
			prog++
		}
	}
	if anim < 2 || prog < 2 || len(rec.ids) != 2 {
		t.Errorf("%d frames, %d progress updates, %d ids", anim, prog, len(rec.ids))
	}

	// Cancelled: returns ctx.Err() quickly, chains intact.
	cctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	s2 := sampler(t, 64, 8)
	t0 := time.Now()
	err := Watch(cctx, s2, 1<<30, WatchOptions{Every: 5})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("stopping took %v", d)
	}
	if s2.Steps() == 0 || s2.Steps()%5 != 0 && s2.Steps() >= 1<<30 {
		t.Errorf("steps after cancel: %d", s2.Steps())
	}
	if err := Watch(context.Background(), nil, 1, WatchOptions{}); err == nil {
		t.Error("nil sampler accepted")
	}
	if err := Watch(context.Background(), s, -1, WatchOptions{}); err == nil {
		t.Error("negative steps accepted")
	}
}
