package nlm

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fixtureValue is what testdata/npy/make_fixtures.py stores at a[i, j].
func fixtureValue(i, j int) float64 { return 10*float64(i) + float64(j) + 0.5 }

func TestLoadNpyFixtures(t *testing.T) {
	for _, tc := range []struct {
		file       string
		rows, cols int
	}{
		{"f64_c.npy", 3, 4},
		{"f64_f.npy", 3, 4},
		{"f32_c.npy", 3, 4},
		{"f32_f.npy", 3, 4},
		{"f64_be.npy", 3, 4},
		{"f32_be_f.npy", 3, 4},
		{"square_f32_f.npy", 4, 4},
	} {
		t.Run(tc.file, func(t *testing.T) {
			m, err := LoadNpy(filepath.Join("testdata", "npy", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if r, c := m.Dims(); r != tc.rows || c != tc.cols {
				t.Fatalf("shape %d×%d, want %d×%d", r, c, tc.rows, tc.cols)
			}
			for i := 0; i < tc.rows; i++ {
				for j := 0; j < tc.cols; j++ {
					if got, want := m.At(i, j), fixtureValue(i, j); got != want {
						t.Errorf("[%d, %d] = %v, want %v", i, j, got, want)
					}
				}
			}
		})
	}
}

func TestLoadNpyErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string // substrings of the error
	}{
		{"bad_3d.npy", []string{"bad_3d.npy", "3-D", "(2, 3, 4)", "2-D"}},
		{"bad_1d.npy", []string{"1-D", "(5,)", "reshape"}},
		{"bad_empty.npy", []string{"empty", "(0, 3)"}},
		{"bad_int.npy", []string{"dtype <i8", "astype"}},
		{"bad_nan.npy", []string{"[1, 2]", "NaN", "finite"}},
		{"bad_inf_f.npy", []string{"[2, 0]", "-Inf"}},
		{"bad_truncated.npy", []string{"truncated", "(3, 4)"}},
		{"bad_trailing.npy", []string{"8 bytes after"}},
		{"bad_magic.npy", []string{"not a NumPy .npy file", "numpy.save"}},
		{"does_not_exist.npy", []string{"does_not_exist.npy", "no such file"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			m, err := LoadNpy(filepath.Join("testdata", "npy", tc.file))
			if err == nil {
				t.Fatalf("no error; got %v", mat.Formatted(m))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// testMatrix is an r×c matrix with distinct values exact in float32.
func testMatrix(r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, float64(i*c+j)/8-float64(r*c)/16)
		}
	}
	return m
}

func TestSaveNpyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := testMatrix(5, 7)
	for _, tc := range []struct {
		name string
		save func(string, mat.Matrix) error
		m    mat.Matrix
		want mat.Matrix
	}{
		{"f64", SaveNpy, src, src},
		{"f32", SaveNpy32, src, src},
		{"f64-transposed-view", SaveNpy, src.T(), src.T()},
		{"f64-slice-view", SaveNpy, src.Slice(1, 4, 2, 6), src.Slice(1, 4, 2, 6)},
		{"f32-slice-view", SaveNpy32, src.Slice(1, 4, 2, 6), src.Slice(1, 4, 2, 6)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".npy")
			if err := tc.save(p, tc.m); err != nil {
				t.Fatal(err)
			}
			got, err := LoadNpy(p)
			if err != nil {
				t.Fatal(err)
			}
			if !mat.Equal(got, tc.want) {
				t.Errorf("round trip changed the matrix:\n%v\nwant\n%v", mat.Formatted(got), mat.Formatted(tc.want))
			}
		})
	}
	// Full float64 precision survives SaveNpy; SaveNpy32 rounds to float32.
	x := mat.NewDense(1, 2, []float64{math.Pi, -1e-300})
	p := filepath.Join(dir, "pi.npy")
	if err := SaveNpy(p, x); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadNpy(p); err != nil || !mat.Equal(got, x) {
		t.Errorf("float64 precision lost: %v %v", got, err)
	}
	if err := SaveNpy32(p, x); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadNpy(p); err != nil || got.At(0, 0) != float64(float32(math.Pi)) || got.At(0, 1) != 0 {
		t.Errorf("float32 rounding: %v %v", got, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestSaveNpyErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "J.npy")
	good := testMatrix(2, 2)
	if err := SaveNpy(p, good); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(p)
	nan := mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 4})
	for _, tc := range []struct {
		name string
		save func(string, mat.Matrix) error
		path string
		m    mat.Matrix
		want string
	}{
		{"nil", SaveNpy, p, nil, "nil"},
		{"empty", SaveNpy, p, &mat.Dense{}, "empty"},
		{"nan", SaveNpy, p, nan, "m[1, 0] = NaN"},
		{"inf32", SaveNpy32, p, mat.NewDense(1, 1, []float64{1e300}), "does not fit in float32"},
		{"no-dir", SaveNpy, filepath.Join(dir, "missing", "J.npy"), good, "missing"},
		{"is-dir", SaveNpy, dir, good, dir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.save(tc.path, tc.m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	after, _ := os.ReadFile(p)
	if !bytes.Equal(before, after) {
		t.Error("a failed save changed the existing file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after failed saves, want only J.npy", len(entries))
	}
}

// TestNumPyReadsOurFiles checks that NumPy loads what SaveNpy and SaveNpy32
// write. It needs NLM_TEST_PYTHON, a Python with numpy.
func TestNumPyReadsOurFiles(t *testing.T) {
	py := os.Getenv("NLM_TEST_PYTHON")
	if py == "" {
		t.Skip("set NLM_TEST_PYTHON to a python with numpy (e.g. python3 -m venv /tmp/v && /tmp/v/bin/pip install numpy; NLM_TEST_PYTHON=/tmp/v/bin/python) to check that NumPy reads our .npy files")
	}
	dir := t.TempDir()
	m := testMatrix(3, 5)
	for _, tc := range []struct {
		name  string
		save  func(string, mat.Matrix) error
		dtype string
	}{{"f64", SaveNpy, "float64"}, {"f32", SaveNpy32, "float32"}} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".npy")
			if err := tc.save(p, m); err != nil {
				t.Fatal(err)
			}
			script := `import sys, numpy as np
a = np.load(sys.argv[1])
print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'])
print(" ".join(repr(float(v)) for v in a.ravel()))`
			out, err := exec.Command(py, "-c", script, p).CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", py, err, out)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if want := tc.dtype + " (3, 5) True"; lines[0] != want {
				t.Errorf("numpy sees %q, want %q", lines[0], want)
			}
			var vals []string
			for i := 0; i < 3; i++ {
				for j := 0; j < 5; j++ {
					vals = append(vals, fmt.Sprint(m.At(i, j)))
				}
			}
			got := strings.Fields(lines[1])
			if len(got) != len(vals) {
				t.Fatalf("numpy read %d values, want %d", len(got), len(vals))
			}
			for k := range got {
				var g float64
				fmt.Sscan(got[k], &g)
				if w := m.RawMatrix().Data[k]; g != w {
					t.Errorf("value %d: numpy %v, want %v", k, g, w)
				}
			}
		})
	}
}

// BenchmarkNpy784 saves and loads a 784×784 coupling matrix (float64 and float32).
func BenchmarkNpy784(b *testing.B) {
	j := testMatrix(784, 784)
	for _, tc := range []struct {
		name string
		save func(string, mat.Matrix) error
	}{{"f64", SaveNpy}, {"f32", SaveNpy32}} {
		p := filepath.Join(b.TempDir(), "J.npy")
		b.Run(tc.name+"/save", func(b *testing.B) {
			for b.Loop() {
				if err := tc.save(p, j); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/load", func(b *testing.B) {
			for b.Loop() {
				if _, err := LoadNpy(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
