package nlm_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/gonlm/gonlm/nlm"
	"gonum.org/v1/gonum/mat"
)

func ExampleSaveNpy() {
	dir, err := os.MkdirTemp("", "nlm-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "J.npy")

	j := mat.NewDense(2, 3, []float64{0, 0.5, -1, 2, 0, 0.25})
	if err := nlm.SaveNpy(path, j); err != nil { // numpy.load(path) reads it back
		log.Fatal(err)
	}
	back, err := nlm.LoadNpy(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mat.Formatted(back))
	_, err = nlm.LoadModel(path) // couplings must be square
	fmt.Println(errors.Is(err, nlm.ErrShape))
	// Output:
	// ⎡   0   0.5    -1⎤
	// ⎣   2     0  0.25⎦
	// true
}

// LoadNpy reads arrays NumPy saved in Fortran order (e.g. np.asfortranarray) as
// the same matrix a[i, j].
func ExampleLoadNpy() {
	m, err := nlm.LoadNpy(filepath.Join("testdata", "npy", "f32_f.npy"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(mat.Formatted(m))
	// Output:
	// ⎡ 0.5   1.5   2.5   3.5⎤
	// ⎢10.5  11.5  12.5  13.5⎥
	// ⎣20.5  21.5  22.5  23.5⎦
}
