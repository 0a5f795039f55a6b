package mnist_test

import (
	"fmt"
	"log"
	"path/filepath"

	"github.com/gonlm/gonlm/nlm/mnist"
)

// The paper's training set: the first 18000 MNIST images of 1, 3 and 6 (training
// split first, then test split), scaled to [−1, 1].
func ExampleLoadDigits() {
	d, err := mnist.LoadDigits([]int{1, 3, 6}, 18000)
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

func ExampleLoad() {
	test, err := mnist.Load("test")
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
	dir, err := mnist.Dir()
	if err != nil {
		log.Fatal(err)
	}
	d, err := mnist.LoadIDX(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Len(), d.Rows, d.Cols, d.Labels[:10])
	// Output:
	// 10000 28 28 [7 2 1 0 4 1 4 9 5 9]
}

// Fashion-MNIST (Debian's dataset-fashion-mnist, or $NLM_FASHION_DIR) loads
// like MNIST; FashionLabels names the classes.
func ExampleLoadFashion() {
	d, err := mnist.LoadFashion("test")
	if err != nil {
		log.Fatal(err) // lists where it looked and how to install it
	}
	fmt.Println(d.Len(), mnist.FashionLabels[d.Labels[0]])
}
