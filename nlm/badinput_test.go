package nlm_test

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonlm/gonlm/nlm"
	"github.com/gonlm/gonlm/nlm/mnist"
)

// badCase is one call of an exported function or method with bad input.
type badCase struct {
	fn   string // "Func" or "Type.Method", as the API walk names it
	name string // what is wrong
	call func() error
	// ok: the input is bad but the function's documented behaviour accepts
	// it (NewModel(0, …) makes a 1-neuron model); it must not panic.
	ok bool
	// panics: a shape mismatch in arithmetic on vectors, which panics with
	// an error wrapping ErrShape (see nlm.ErrShape), or an impossible size
	// for a function without an error result (ErrInvalid).
	panics error
}

var sentinels = []error{nlm.ErrShape, nlm.ErrNonFinite, nlm.ErrInvalid, nlm.ErrDiverged, nlm.ErrFormat,
	mnist.ErrInvalid, mnist.ErrFormat, context.Canceled, context.DeadlineExceeded}

// TestBadInput calls every exported function and method of nlm with bad
// input: wrong shapes, NaN and ±Inf, negative and zero sizes, nil and empty
// data, broken files. Each must return an error that names the function and
// wraps one of the package's sentinel errors (or the file system's), or, for
// a shape mismatch in arithmetic on vectors, panic with an error wrapping
// ErrShape; no other panic. TestBadInputCoversAPI checks that every exported
// function has a case.
func TestBadInput(t *testing.T) {
	for _, c := range badCases(t) {
		t.Run(c.fn+"/"+c.name, func(t *testing.T) {
			p, err := protect(c.call)
			fn := c.fn
			if i := strings.IndexByte(fn, '.'); i >= 0 && !strings.HasPrefix(fn, "Preset.") && !strings.HasPrefix(fn, "Dynamics.") {
				fn = fn[i+1:] // errors name methods without their type
			}
			switch {
			case p != nil:
				pe, isErr := p.(error)
				if c.panics == nil || !isErr || !errors.Is(pe, c.panics) {
					t.Fatalf("panic: %v", p)
				}
				if !strings.Contains(pe.Error(), fn) && !strings.Contains(pe.Error(), c.fn[strings.IndexByte(c.fn, '.')+1:]) {
					t.Errorf("the panic does not name %s: %v", fn, pe)
				}
			case c.panics != nil:
				t.Fatalf("returned %v, want a panic wrapping %v", err, c.panics)
			case c.ok:
				// documented leniency
			case err == nil:
				t.Fatal("accepted")
			default:
				var pathErr *fs.PathError
				var linkErr *os.LinkError
				known := errors.As(err, &pathErr) || errors.As(err, &linkErr)
				for _, s := range sentinels {
					known = known || errors.Is(err, s)
				}
				if !known {
					t.Errorf("%v wraps none of nlm's sentinel errors", err)
				}
				switch {
				case strings.HasSuffix(c.fn, ".Validate"):
					// a validator's error is named by the function that calls it
					if !strings.HasPrefix(err.Error(), "nlm: ") {
						t.Errorf("the error does not start with nlm: %v", err)
					}
				case errors.Is(err, context.Canceled), errors.Is(err, mnist.ErrInvalid):
					// ctx.Err() and mnist's own errors, as documented
				case !strings.Contains(err.Error(), "nlm: "+c.fn+":") && !strings.Contains(err.Error(), "nlm: "+fn+":"):
					t.Errorf("the error does not name %s: %v", c.fn, err)
				}
			}
		})
	}
}

// protect calls f, turning a panic into its value.
func protect(f func() error) (p any, err error) {
	defer func() { p = recover() }()
	return nil, f()
}

// TestBadInputCoversAPI checks that every exported function and method of
// package nlm (from its source) has at least one case in TestBadInput.
func TestBadInputCoversAPI(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range badCases(t) {
		covered[c.fn] = true
	}
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	var missing []string
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil {
				typ := fd.Recv.List[0].Type
				if st, ok := typ.(*ast.StarExpr); ok {
					typ = st.X
				}
				id, ok := typ.(*ast.Ident)
				if !ok || !id.IsExported() {
					continue
				}
				name = id.Name + "." + name
			}
			if !covered[name] {
				missing = append(missing, name)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("exported functions without a bad-input case: %s", strings.Join(missing, ", "))
	}
}

func nanMatrix(r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	m.Set(r-1, c-1, math.NaN())
	return m
}

func infMatrix(r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	m.Set(0, 0, math.Inf(1))
	return m
}

// badFiles writes broken .npy files and returns their paths by name.
func badFiles(t *testing.T) map[string]string {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.npy")
	if err := nlm.SaveNpy(good, mat.NewDense(3, 3, nil)); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	header := func(dict string) []byte {
		h := []byte("\x93NUMPY\x01\x00")
		body := dict
		for (10+len(body)+1)%64 != 0 {
			body += " "
		}
		body += "\n"
		h = append(h, byte(len(body)), byte(len(body)>>8))
		return append(h, body...)
	}
	files := map[string][]byte{
		"empty":        nil,
		"text":         []byte("J = [[1, 2], [3, 4]]\n"),
		"truncated":    data[:len(data)-9],
		"header only":  header("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }"),
		"huge shape":   append(header("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 1000000000), }"), make([]byte, 72)...),
		"3-D":          append(header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }"), make([]byte, 64)...),
		"1-D":          append(header("{'descr': '<f8', 'fortran_order': False, 'shape': (9,), }"), make([]byte, 72)...),
		"int64":        append(header("{'descr': '<i8', 'fortran_order': False, 'shape': (3, 3), }"), make([]byte, 72)...),
		"object":       append(header("{'descr': '|O', 'fortran_order': False, 'shape': (3, 3), }"), make([]byte, 72)...),
		"zero rows":    header("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }"),
		"negative":     header("{'descr': '<f8', 'fortran_order': False, 'shape': (-3, 3), }"),
		"garbage dict": header("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), 'x': __import__('os')}"),
		"nan": func() []byte {
			b := append([]byte(nil), data...)
			for i := len(b) - 8; i < len(b); i++ {
				b[i] = 0xff // a NaN
			}
			return b
		}(),
		"2x3": func() []byte {
			p := filepath.Join(dir, "2x3.npy")
			nlm.SaveNpy(p, mat.NewDense(2, 3, nil))
			b, _ := os.ReadFile(p)
			return b
		}(),
	}
	paths := map[string]string{"missing": filepath.Join(dir, "missing.npy"), "directory": dir}
	for name, b := range files {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".npy")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths[name] = p
	}
	// A model file whose bias file does not fit its couplings.
	m := nlm.NewModel(3, 1, 1)
	mp := filepath.Join(dir, "biased.npy")
	if err := m.Save(mp); err != nil {
		t.Fatal(err)
	}
	nlm.SaveNpy(filepath.Join(dir, "biased.bias.npy"), mat.NewDense(1, 5, nil))
	paths["bias of the wrong size"] = mp
	mp2 := filepath.Join(dir, "nanbias.npy")
	m.Save(mp2)
	os.WriteFile(filepath.Join(dir, "nanbias.bias.npy"), files["nan"], 0o644)
	paths["bias with NaN"] = mp2
	paths["bad dir"] = filepath.Join(dir, "no", "such", "dir", "m.npy")
	return paths
}

func badCases(t *testing.T) []badCase {
	ctx := context.Background()
	files := badFiles(t)
	m := nlm.NewModel(4, 1, 1)
	d := nlm.Dynamics{T: 1, Dt: 0.1}
	s, err := nlm.NewSampler(nlm.NewModel(4, 1, 1), 3, d, 1)
	if err != nil {
		t.Fatal(err)
	}
	data := mat.NewDense(8, 4, nil)
	p := nlm.Preset{Name: "t", G: 1, T: 0.05, Dt: 0.02, StepsPerUpdate: 2, LR: 0.01, Batch: 4, Chains: 4, Epochs: 1, GenSteps: 10}
	tr, err := nlm.NewTrainer(nlm.NewModel(4, 1, 1), data, p, &nlm.TrainOptions{Seed: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	samples, err := nlm.Generate(ctx, nlm.NewModel(4, 1, 1), 2, 3, d, 1)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := nlm.NewSampler(nlm.NewModel(4, 1, 1), 2, d, 1)
	rec.Record(nlm.Recording{Every: 1})
	rec.Run(ctx, 3)
	traj := rec.Trajectory()
	nan := math.NaN()
	inf := math.Inf(1)
	var zero nlm.Model
	nonSquare := &nlm.Model{J: mat.NewDense(3, 4, nil)}
	nanModel := &nlm.Model{J: nanMatrix(4, 4)}

	cases := []badCase{
		{fn: "Backend", name: "no input", call: func() error { _ = nlm.Backend(); return nil }, ok: true},
		{fn: "DefaultThreads", name: "no input", call: func() error { _ = nlm.DefaultThreads(); return nil }, ok: true},
		{fn: "PaperDynamics", name: "no input", call: func() error { return nlm.PaperDynamics().Validate() }, ok: true},
		{fn: "Progress.String", name: "zero progress", call: func() error { _ = nlm.Progress{}.String(); return nil }, ok: true},
		{fn: "ActivePrecision", name: "no input", call: func() error { _ = nlm.ActivePrecision(); return nil }, ok: true},
		{fn: "SetPrecision", name: "unknown precision", call: func() error { return nlm.SetPrecision(nlm.Precision(99)) }},
		{fn: "Precision.String", name: "unknown precision", call: func() error { _ = nlm.Precision(99).String(); return nil }, ok: true},
		{fn: "Preset.LRAt", name: "negative update", call: func() error { _ = nlm.Laptop.LRAt(-5); return nil }, ok: true},
		{fn: "Preset.LRAt", name: "update past the end", call: func() error { _ = nlm.Laptop.LRAt(1 << 40); return nil }, ok: true},
		{fn: "Sampler.String", name: "nil sampler", call: func() error { _ = (*nlm.Sampler)(nil).String(); return nil }, ok: true},
		{fn: "Trainer.String", name: "nil trainer", call: func() error { _ = (*nlm.Trainer)(nil).String(); return nil }, ok: true},
		{fn: "WithProgress", name: "nil context and function", call: func() error {
			//lint:ignore SA1012 a nil context is the bad input under test
			_ = nlm.WithProgress(nil, nil)
			return nil
		}, ok: true},
	}
	add := func(fn, name string, call func() error) {
		cases = append(cases, badCase{fn: fn, name: name, call: call})
	}
	lenient := func(fn, name string, call func() error) {
		cases = append(cases, badCase{fn: fn, name: name, call: call, ok: true})
	}
	panics := func(fn, name string, call func() error) {
		cases = append(cases, badCase{fn: fn, name: name, call: call, panics: nlm.ErrShape})
	}

	// Images.
	lenient("DigitImage", "nil", func() error { nlm.DigitImage(nil, 0, 0); return nil })
	lenient("DigitImage", "negative shape", func() error { nlm.DigitImage(make([]float64, 5), -3, -7); return nil })
	lenient("DigitImage", "shape larger than the data", func() error { nlm.DigitImage(make([]float64, 5), 1000, 1000); return nil })
	lenient("DigitImage", "huge shape", func() error { nlm.DigitImage(make([]float64, 5), 1<<30, 1<<30); return nil })
	lenient("DigitImage", "NaN and Inf", func() error { nlm.DigitImage([]float64{nan, inf, -inf, 0}, 2, 2); return nil })
	add("GridImage", "nil", func() error { _, err := nlm.GridImage(nil, nlm.GridOptions{}); return err })
	add("GridImage", "empty", func() error { _, err := nlm.GridImage(&mat.Dense{}, nlm.GridOptions{}); return err })
	add("GridImage", "negative options", func() error {
		_, err := nlm.GridImage(mat.NewDense(2, 4, nil), nlm.GridOptions{Cols: -1, Scale: -2, Gap: -3})
		return err
	})
	add("GridImage", "image shape not the row length", func() error {
		_, err := nlm.GridImage(mat.NewDense(2, 4, nil), nlm.GridOptions{Rows: 3, ImgCols: 3})
		return err
	})
	add("GridImage", "huge scale", func() error {
		_, err := nlm.GridImage(mat.NewDense(2, 4, nil), nlm.GridOptions{Scale: 1 << 20})
		return err
	})
	lenient("GridImage", "NaN values", func() error { _, err := nlm.GridImage(nanMatrix(2, 4), nlm.GridOptions{}); return err })

	// Files.
	for _, f := range []string{"missing", "directory", "empty", "text", "truncated", "header only", "huge shape", "3-D", "1-D",
		"int64", "object", "zero rows", "negative", "garbage dict", "nan"} {
		add("LoadNpy", f, func() error { _, err := nlm.LoadNpy(files[f]); return err })
	}
	for _, f := range []string{"missing", "truncated", "nan", "2x3", "bias of the wrong size", "bias with NaN"} {
		add("LoadModel", f, func() error { _, err := nlm.LoadModel(files[f]); return err })
	}
	for _, save := range []struct {
		fn string
		f  func(string, mat.Matrix) error
	}{{"SaveNpy", nlm.SaveNpy}, {"SaveNpy32", nlm.SaveNpy32}} {
		add(save.fn, "nil", func() error { return save.f(filepath.Join(t.TempDir(), "x.npy"), nil) })
		add(save.fn, "empty", func() error { return save.f(filepath.Join(t.TempDir(), "x.npy"), &mat.Dense{}) })
		add(save.fn, "NaN", func() error { return save.f(filepath.Join(t.TempDir(), "x.npy"), nanMatrix(2, 2)) })
		add(save.fn, "Inf", func() error { return save.f(filepath.Join(t.TempDir(), "x.npy"), infMatrix(2, 2)) })
		add(save.fn, "no such directory", func() error { return save.f(files["bad dir"], mat.NewDense(2, 2, nil)) })
	}
	add("SaveNpy32", "beyond float32", func() error {
		return nlm.SaveNpy32(filepath.Join(t.TempDir(), "x.npy"), mat.NewDense(1, 1, []float64{1e300}))
	})

	// Dynamics.
	for _, dd := range []nlm.Dynamics{{T: 0, Dt: 0.1}, {T: -1, Dt: 0.1}, {T: nan, Dt: 0.1}, {T: inf, Dt: 0.1}, {T: 1, Dt: 0}, {T: 1, Dt: -0.1}, {T: 1, Dt: nan}} {
		add("Dynamics.Validate", fmt.Sprintf("%+v", dd), dd.Validate)
	}

	// Model.
	lenient("NewModel", "zero and negative sizes, NaN gain", func() error {
		for _, n := range []int{0, -5} {
			if got := nlm.NewModel(n, 1, 1).N(); got != 1 {
				return fmt.Errorf("NewModel(%d) has %d neurons, want 1", n, got)
			}
		}
		return nlm.NewModel(3, nan, 1).Validate()
	})
	add("Model.Validate", "NewModel with a NaN gain", func() error { return nlm.NewModel(3, nan, 1).Validate() })
	cases = append(cases, badCase{fn: "NewModel", name: "more neurons than memory", call: func() error { nlm.NewModel(1<<30, 1, 1); return nil }, panics: nlm.ErrInvalid})
	cases = append(cases, badCase{fn: "Preset.NewModel", name: "more neurons than memory", call: func() error { p.NewModel(1<<30, 1); return nil }, panics: nlm.ErrInvalid})
	add("NewModelFrom", "nil", func() error { _, err := nlm.NewModelFrom(nil); return err })
	add("NewModelFrom", "empty", func() error { _, err := nlm.NewModelFrom(&mat.Dense{}); return err })
	add("NewModelFrom", "not square", func() error { _, err := nlm.NewModelFrom(mat.NewDense(2, 3, nil)); return err })
	add("NewModelFrom", "NaN", func() error { _, err := nlm.NewModelFrom(nanMatrix(3, 3)); return err })
	for _, bad := range []struct {
		name string
		m    *nlm.Model
	}{{"zero Model", &zero}, {"not square", nonSquare}, {"NaN couplings", nanModel},
		{"bias of the wrong length", &nlm.Model{J: mat.NewDense(3, 3, nil), B: mat.NewVecDense(2, nil)}}} {
		add("Model.Validate", bad.name, bad.m.Validate)
		add("Model.Save", bad.name, func() error { return bad.m.Save(filepath.Join(t.TempDir(), "m.npy")) })
		add("Model.Stats", bad.name, func() error { _, _, err := bad.m.Stats(mat.NewDense(2, 3, nil), 1); return err })
		add("Model.Update", bad.name, func() error {
			_, err := bad.m.Update(mat.NewDense(2, 3, nil), mat.NewDense(2, 3, nil), 1, 0.1, 0)
			return err
		})
		add("NewSampler", bad.name, func() error { _, err := nlm.NewSampler(bad.m, 2, d, 1); return err })
		add("Generate", bad.name, func() error { _, err := nlm.Generate(ctx, bad.m, 2, 3, d, 1); return err })
		add("NewTrainer", bad.name, func() error { _, err := nlm.NewTrainer(bad.m, data, p, nil); return err })
		add("Train", bad.name, func() error { _, err := nlm.Train(ctx, bad.m, data, p, nil); return err })
		add("Preset.Generate", bad.name, func() error { _, err := p.Generate(ctx, bad.m, 2, 1); return err })
		panics("Model.Energy", bad.name, func() error { _ = bad.m.Energy(make([]float64, 3)); return nil })
		panics("Model.EnergyBatch", bad.name, func() error { _ = bad.m.EnergyBatch(mat.NewDense(2, 3, nil)); return nil })
		panics("Model.Force", bad.name, func() error { bad.m.Force(make([]float64, 3), make([]float64, 3), true); return nil })
		panics("Model.GradJ", bad.name, func() error { bad.m.GradJ(mat.NewDense(3, 3, nil), make([]float64, 3)); return nil })
		lenient("Model.String", bad.name, func() error { _ = bad.m.String(); return nil })
		lenient("Model.N", bad.name, func() error { _ = bad.m.N(); return nil })
		lenient("Model.Clone", bad.name, func() error { _ = bad.m.Clone(); return nil })
		lenient("Model.EnableBias", bad.name, func() error { bad.m.Clone().EnableBias(); return nil })
	}
	panics("Model.Energy", "x too short", func() error { _ = m.Energy(make([]float64, 3)); return nil })
	panics("Model.Energy", "x nil", func() error { _ = m.Energy(nil); return nil })
	lenient("Model.Energy", "NaN state gives NaN", func() error {
		if e := m.Energy([]float64{nan, 0, 0, 0}); !math.IsNaN(e) {
			return fmt.Errorf("energy %v", e)
		}
		return nil
	})
	panics("Model.EnergyBatch", "wrong columns", func() error { _ = m.EnergyBatch(mat.NewDense(2, 3, nil)); return nil })
	panics("Model.EnergyBatch", "nil", func() error { _ = m.EnergyBatch(nil); return nil })
	panics("Model.Force", "dst too short", func() error { m.Force(make([]float64, 2), make([]float64, 4), false); return nil })
	panics("Model.Force", "x too long", func() error { m.Force(make([]float64, 4), make([]float64, 5), false); return nil })
	panics("Model.GradJ", "dst wrong shape", func() error { m.GradJ(mat.NewDense(2, 4, nil), make([]float64, 4)); return nil })
	panics("Model.GradJ", "nil dst", func() error { m.GradJ(nil, make([]float64, 4)); return nil })
	add("Model.Stats", "wrong columns", func() error { _, _, err := m.Stats(mat.NewDense(2, 3, nil), 1); return err })
	add("Model.Stats", "nil", func() error { _, _, err := m.Stats(nil, 1); return err })
	add("Model.Stats", "empty", func() error { _, _, err := m.Stats(&mat.Dense{}, 1); return err })
	add("Model.Stats", "NaN data", func() error { _, _, err := m.Stats(nanMatrix(2, 4), 1); return err })
	for _, T := range []float64{0, -1, nan, inf} {
		add("Model.Stats", fmt.Sprintf("T = %v", T), func() error { _, _, err := m.Stats(mat.NewDense(2, 4, nil), T); return err })
	}
	upd := func(model, dat mat.Matrix, T, lr, wd float64) func() error {
		return func() error { _, err := m.Clone().Update(model, dat, T, lr, wd); return err }
	}
	add("Model.Update", "model states of the wrong width", upd(mat.NewDense(2, 3, nil), mat.NewDense(2, 4, nil), 1, 0.1, 0))
	add("Model.Update", "data of the wrong width", upd(mat.NewDense(2, 4, nil), mat.NewDense(2, 3, nil), 1, 0.1, 0))
	add("Model.Update", "nil data", upd(mat.NewDense(2, 4, nil), nil, 1, 0.1, 0))
	add("Model.Update", "NaN data", upd(mat.NewDense(2, 4, nil), nanMatrix(2, 4), 1, 0.1, 0))
	add("Model.Update", "T = 0", upd(mat.NewDense(2, 4, nil), mat.NewDense(2, 4, nil), 0, 0.1, 0))
	add("Model.Update", "lr NaN", upd(mat.NewDense(2, 4, nil), mat.NewDense(2, 4, nil), 1, nan, 0))
	add("Model.Update", "lr < 0", upd(mat.NewDense(2, 4, nil), mat.NewDense(2, 4, nil), 1, -1, 0))
	add("Model.Update", "weight decay < 0", upd(mat.NewDense(2, 4, nil), mat.NewDense(2, 4, nil), 1, 0.1, -1))
	add("Model.Update", "weight decay Inf", upd(mat.NewDense(2, 4, nil), mat.NewDense(2, 4, nil), 1, 0.1, inf))
	add("Model.Save", "no such directory", func() error { return m.Save(files["bad dir"]) })
	add("Model.Save", "a directory", func() error { return m.Save(t.TempDir()) })

	// Presets.
	for _, bp := range []struct {
		name string
		edit func(*nlm.Preset)
	}{
		{"G NaN", func(q *nlm.Preset) { q.G = nan }},
		{"T 0", func(q *nlm.Preset) { q.T = 0 }},
		{"Dt < 0", func(q *nlm.Preset) { q.Dt = -1 }},
		{"no steps per update", func(q *nlm.Preset) { q.StepsPerUpdate = 0 }},
		{"LR Inf", func(q *nlm.Preset) { q.LR = inf }},
		{"weight decay < 0", func(q *nlm.Preset) { q.WeightDecay = -1 }},
		{"batch 0", func(q *nlm.Preset) { q.Batch = 0 }},
		{"chains < 0", func(q *nlm.Preset) { q.Chains = -4 }},
		{"epochs < 0", func(q *nlm.Preset) { q.Epochs = -1 }},
		{"generation steps < 0", func(q *nlm.Preset) { q.GenSteps = -1 }},
		{"anneal steps < 0", func(q *nlm.Preset) { q.AnnealSteps, q.AnnealFrom = -1, 1.5 }},
		{"anneal steps > generation steps", func(q *nlm.Preset) { q.AnnealSteps, q.AnnealFrom = q.GenSteps+1, 1.5 }},
		{"anneal from 0", func(q *nlm.Preset) { q.AnnealSteps = 5 }},
		{"anneal from NaN", func(q *nlm.Preset) { q.AnnealSteps, q.AnnealFrom = 5, nan }},
		{"anneal from Inf", func(q *nlm.Preset) { q.AnnealSteps, q.AnnealFrom = 5, inf }},
		{"anneal from without anneal steps", func(q *nlm.Preset) { q.AnnealFrom = 1.5 }},
	} {
		q := p
		bp.edit(&q)
		add("Preset.Validate", bp.name, q.Validate)
		add("NewTrainer", "preset "+bp.name, func() error { _, err := nlm.NewTrainer(nlm.NewModel(4, 1, 1), data, q, nil); return err })
		if strings.HasPrefix(bp.name, "T ") || strings.HasPrefix(bp.name, "Dt ") || strings.HasPrefix(bp.name, "generation") || strings.HasPrefix(bp.name, "anneal") {
			// the settings generation uses
			add("Preset.Generate", "preset "+bp.name, func() error { _, err := q.Generate(ctx, nlm.NewModel(4, 1, 1), 2, 1); return err })
		}
		lenient("Preset.Dynamics", bp.name, func() error { _ = q.Dynamics(); return nil })
		lenient("Preset.NewModel", bp.name, func() error { _ = q.NewModel(4, 1); return nil })
		lenient("Preset.String", bp.name, func() error { _ = q.String(); return nil })
		lenient("Preset.Updates", bp.name, func() error { _ = q.Updates(); return nil })
	}
	add("Preset.Generate", "n = 0", func() error { _, err := p.Generate(ctx, nlm.NewModel(4, 1, 1), 0, 1); return err })
	add("Preset.Generate", "nil model", func() error { _, err := p.Generate(ctx, nil, 2, 1); return err })
	add("Preset.Data", "bad digits", func() error {
		q := p
		q.Digits = []int{3, 12}
		_, err := q.Data()
		return err
	})
	add("Preset.Data", "negative size", func() error {
		q := p
		q.P = -1
		_, err := q.Data()
		return err
	})

	// Sampler.
	add("NewSampler", "nil model", func() error { _, err := nlm.NewSampler(nil, 2, d, 1); return err })
	add("NewSampler", "0 chains", func() error { _, err := nlm.NewSampler(m, 0, d, 1); return err })
	add("NewSampler", "negative chains", func() error { _, err := nlm.NewSampler(m, -1, d, 1); return err })
	add("NewSampler", "huge chains", func() error { _, err := nlm.NewSampler(m, 1<<40, d, 1); return err })
	add("NewSampler", "T NaN", func() error { _, err := nlm.NewSampler(m, 2, nlm.Dynamics{T: nan, Dt: 0.1}, 1); return err })
	add("Sampler.Run", "negative steps", func() error { return s.Run(ctx, -1) })
	add("Sampler.Run", "a cancelled context", func() error {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		return s.Run(cctx, 10)
	})
	add("Sampler.Quench", "negative steps", func() error { return s.Quench(ctx, -1) })
	add("Sampler.Anneal", "negative steps", func() error { return s.Anneal(ctx, -1, 1.5) })
	add("Sampler.Anneal", "start temperature 0", func() error { return s.Anneal(ctx, 5, 0) })
	add("Sampler.Anneal", "start temperature NaN", func() error { return s.Anneal(ctx, 5, nan) })
	add("Sampler.Anneal", "start temperature Inf", func() error { return s.Anneal(ctx, 5, inf) })
	add("Sampler.Anneal", "a cancelled context", func() error {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		return s.Anneal(cctx, 10, 1.5)
	})
	add("Sampler.SetStates", "nil", func() error { return s.SetStates(nil) })
	add("Sampler.SetStates", "wrong shape", func() error { return s.SetStates(mat.NewDense(3, 5, nil)) })
	add("Sampler.SetStates", "wrong number of chains", func() error { return s.SetStates(mat.NewDense(2, 4, nil)) })
	add("Sampler.SetStates", "NaN", func() error { return s.SetStates(nanMatrix(3, 4)) })
	add("Sampler.Record", "negative interval", func() error { return s.Record(nlm.Recording{Every: -1}) })
	add("Sampler.Record", "chain out of range", func() error { return s.Record(nlm.Recording{Every: 1, Chains: []int{7}}) })
	add("Sampler.Record", "neuron out of range", func() error { return s.Record(nlm.Recording{Every: 1, Neurons: []int{-1}}) })
	add("Sampler.Refresh", "model made invalid", func() error {
		mm := nlm.NewModel(4, 1, 1)
		ss, _ := nlm.NewSampler(mm, 2, d, 1)
		mm.J.Set(0, 0, nan)
		return ss.Refresh()
	})
	for _, name := range []string{"Chains", "Dynamics", "Energies", "States", "Steps", "Trajectory"} {
		lenient("Sampler."+name, "fresh sampler", func() error {
			ss, _ := nlm.NewSampler(nlm.NewModel(4, 1, 1), 2, d, 1)
			switch name {
			case "Chains":
				ss.Chains()
			case "Dynamics":
				ss.Dynamics()
			case "Energies":
				ss.Energies()
			case "States":
				ss.States()
			case "Steps":
				ss.Steps()
			case "Trajectory":
				if ss.Trajectory() != nil && ss.Trajectory().Len() != 0 {
					return errors.New("a trajectory without a recording")
				}
			}
			return nil
		})
	}
	add("Generate", "nil model", func() error { _, err := nlm.Generate(ctx, nil, 2, 3, d, 1); return err })
	add("Generate", "more chains than memory", func() error { _, err := nlm.Generate(ctx, m, 1<<40, 3, d, 1); return err })
	add("NewTrainer", "more chains than memory", func() error {
		q := p
		q.Chains = 1 << 40
		_, err := nlm.NewTrainer(nlm.NewModel(4, 1, 1), data, q, nil)
		return err
	})
	add("Generate", "n = 0", func() error { _, err := nlm.Generate(ctx, m, 0, 3, d, 1); return err })
	add("Generate", "negative steps", func() error { _, err := nlm.Generate(ctx, m, 2, -3, d, 1); return err })
	add("Generate", "bad dynamics", func() error { _, err := nlm.Generate(ctx, m, 2, 3, nlm.Dynamics{}, 1); return err })
	lenient("Samples.Grid", "0 columns (about square)", func() error { _, err := samples.Grid(0); return err })
	add("Samples.Grid", "negative columns", func() error { _, err := samples.Grid(-2); return err })
	add("Samples.Grid", "zero Samples", func() error { _, err := (&nlm.Samples{}).Grid(2); return err })
	lenient("Samples.Len", "zero Samples", func() error { _ = (&nlm.Samples{}).Len(); return nil })
	lenient("Samples.Values", "zero Samples", func() error { _ = (&nlm.Samples{}).Values(); return nil })
	add("Trajectory.Chain", "out of range", func() error { _, err := traj.Chain(5); return err })
	add("Trajectory.Chain", "negative", func() error { _, err := traj.Chain(-1); return err })
	add("Trajectory.Chain", "zero Trajectory", func() error { _, err := (&nlm.Trajectory{}).Chain(0); return err })
	lenient("Trajectory.Len", "zero Trajectory", func() error { _ = (&nlm.Trajectory{}).Len(); return nil })
	lenient("Trajectory.Times", "zero Trajectory", func() error { _ = (&nlm.Trajectory{}).Times(); return nil })

	// Training.
	add("NewTrainer", "nil model", func() error { _, err := nlm.NewTrainer(nil, data, p, nil); return err })
	add("NewTrainer", "nil data", func() error { _, err := nlm.NewTrainer(nlm.NewModel(4, 1, 1), nil, p, nil); return err })
	add("NewTrainer", "empty data", func() error { _, err := nlm.NewTrainer(nlm.NewModel(4, 1, 1), &mat.Dense{}, p, nil); return err })
	add("NewTrainer", "data of the wrong width", func() error {
		_, err := nlm.NewTrainer(nlm.NewModel(4, 1, 1), mat.NewDense(8, 3, nil), p, nil)
		return err
	})
	add("NewTrainer", "NaN data", func() error { _, err := nlm.NewTrainer(nlm.NewModel(4, 1, 1), nanMatrix(8, 4), p, nil); return err })
	add("NewTrainer", "fewer rows than a batch", func() error {
		_, err := nlm.NewTrainer(nlm.NewModel(4, 1, 1), mat.NewDense(2, 4, nil), p, nil)
		return err
	})
	add("NewTrainer", "negative threads", func() error {
		_, err := nlm.NewTrainer(nlm.NewModel(4, 1, 1), data, p, &nlm.TrainOptions{Threads: -2})
		return err
	})
	add("Train", "nil model", func() error { _, err := nlm.Train(ctx, nil, data, p, nil); return err })
	add("ResumeTrainer", "missing", func() error { _, err := nlm.ResumeTrainer(files["missing"], data, nil); return err })
	add("ResumeTrainer", "not a checkpoint", func() error { _, err := nlm.ResumeTrainer(files["truncated"], data, nil); return err })
	add("ResumeTrainer", "other data", func() error {
		ck := filepath.Join(t.TempDir(), "c.ckpt")
		if err := tr.SaveCheckpoint(ck); err != nil {
			return nil // reported as "accepted"
		}
		other := mat.NewDense(8, 4, nil)
		other.Set(0, 0, 0.5)
		_, err := nlm.ResumeTrainer(ck, other, nil)
		return err
	})
	add("ResumeTrainer", "truncated checkpoint", func() error {
		ck := filepath.Join(t.TempDir(), "c.ckpt")
		tr.SaveCheckpoint(ck)
		b, _ := os.ReadFile(ck)
		os.WriteFile(ck, b[:len(b)/2], 0o644)
		_, err := nlm.ResumeTrainer(ck, data, nil)
		return err
	})
	add("Trainer.SetEpochs", "negative", func() error { return tr.SetEpochs(-1) })
	add("Trainer.SaveCheckpoint", "no such directory", func() error { return tr.SaveCheckpoint(files["bad dir"]) })
	add("Trainer.Train", "model made invalid", func() error {
		tt, _ := nlm.NewTrainer(nlm.NewModel(4, 1, 1), data, p, nil)
		tt.Model().J.Set(1, 2, inf)
		return tt.Train(ctx)
	})
	add("Trainer.Train", "model resized", func() error {
		tt, _ := nlm.NewTrainer(nlm.NewModel(4, 1, 1), data, p, nil)
		*tt.Model() = *nlm.NewModel(5, 1, 1)
		return tt.Train(ctx)
	})
	for _, name := range []string{"Chains", "Done", "KLNorm", "Model", "Preset", "Progress"} {
		lenient("Trainer."+name, "fresh trainer", func() error {
			tt, _ := nlm.NewTrainer(nlm.NewModel(4, 1, 1), data, p, nil)
			switch name {
			case "Chains":
				tt.Chains()
			case "Done":
				tt.Done()
			case "KLNorm":
				tt.KLNorm()
			case "Model":
				tt.Model()
			case "Preset":
				tt.Preset()
			case "Progress":
				_ = tt.Progress().String()
			}
			return nil
		})
	}
	return cases
}
