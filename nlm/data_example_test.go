package nlm_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/gonlm/gonlm/nlm"
	"gonum.org/v1/gonum/mat"
)

// The paper's training set: the first 18000 MNIST images of 1, 3 and 6 (training
// split first, then test split), scaled to [−1, 1].
func ExampleLoadDigits() {
	d, err := nlm.LoadDigits([]int{1, 3, 6}, 18000)
	if err != nil {
		log.Fatal(err) // says where it looked and how to install MNIST
	}
	fmt.Println(d)
	r, n := d.X.Dims()
	fmt.Println(r, n, d.X.At(0, 0), d.X.At(0, 378))
	// Output:
	// Dataset: 18000 images of 28×28, labels 1:6472 3:5859 6:5669
	// 18000 784 -1 0.968627450980392
}

func ExampleLoadMNIST() {
	test, err := nlm.LoadMNIST("test")
	if err != nil {
		log.Fatal(err)
	}
	threes := test.Select(3)
	fmt.Println(test.Len(), threes.Len(), threes.Labels[0])
	// Output:
	// 10000 1010 3
}

// Any pair of IDX files loads the same way, gzip-compressed or not.
func ExampleLoadIDX() {
	dir, err := nlm.MNISTDir()
	if err != nil {
		log.Fatal(err)
	}
	d, err := nlm.LoadIDX(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Len(), d.Rows, d.Cols, d.Labels[:10])
	// Output:
	// 10000 28 28 [7 2 1 0 4 1 4 9 5 9]
}

// Fashion-MNIST (Debian's dataset-fashion-mnist, or $NLM_FASHION_DIR) loads
// like MNIST; FashionLabels names the classes.
func ExampleLoadFashionMNIST() {
	d, err := nlm.LoadFashionMNIST("test")
	if err != nil {
		log.Fatal(err) // lists where it looked and how to install it
	}
	fmt.Println(d.Len(), nlm.FashionLabels[d.Labels[0]])
}

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
	_, err = nlm.LoadCouplings(path)
	fmt.Println(err != nil)
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
