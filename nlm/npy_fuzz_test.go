package nlm

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonlm/gonlm/nlm/internal/finite"
	"gonum.org/v1/gonum/mat"
)

// FuzzLoadNpy feeds LoadNpy any file: it returns a finite, non-empty matrix
// whose size fits the file, or an error; it never panics nor allocates more
// than the file could hold.
func FuzzLoadNpy(f *testing.F) {
	dir := f.TempDir()
	for i, m := range []*mat.Dense{mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}), mat.NewDense(1, 1, nil)} {
		p := filepath.Join(dir, "seed.npy")
		if err := SaveNpy(p, m); err != nil {
			f.Fatal(err)
		}
		b, _ := os.ReadFile(p)
		f.Add(b)
		if i == 0 {
			f.Add(b[:len(b)-5])
			f.Add(bytes.Replace(b, []byte("'<f8'"), []byte("'>f4'"), 1))
			f.Add(bytes.Replace(b, []byte("'<f8'"), []byte(" <f8 "), 1)) // unquoted: npyio's Read panicked
			f.Add(bytes.Replace(b, []byte("False"), []byte("True "), 1))
			f.Add(bytes.Replace(b, []byte("(2, 3)"), []byte("(9999999999, 9999999999)"), 1))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "f.npy")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := LoadNpy(p)
		if err != nil {
			return
		}
		r, c := m.Dims()
		if r == 0 || c == 0 || r*c*4 > len(b) {
			t.Fatalf("a %d×%d matrix from %d bytes", r, c, len(b))
		}
		if _, _, bad := finite.Find(m); bad {
			t.Fatal("a non-finite matrix")
		}
	})
}
