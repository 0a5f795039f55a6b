package nlm_test

import (
	"fmt"
	"log"

	"github.com/gonlm/gonlm/nlm"
	"gonum.org/v1/gonum/mat"
)

// A 6×6 grid of digits at three times their size, each image contrast-stretched,
// as in the paper's Fig. 3.
func ExampleGridImage() {
	d, err := nlm.LoadDigits([]int{1, 3, 6}, 36)
	if err != nil {
		log.Fatal(err)
	}
	img, err := nlm.GridImage(d.X, nlm.GridOptions{Cols: 6, Scale: 3, Gap: 2, Stretch: true})
	if err != nil {
		log.Fatal(err)
	}
	// 6 images of 28·3 pixels and 5 gaps of 2 pixels each way.
	fmt.Println(img.Bounds())
	// Output:
	// (0,0)-(514,514)
}

func ExampleDigitImage() {
	img := nlm.DigitImage([]float64{-1, 0, 0.5, 1}, 2, 2) // (v+1)/2 → grey
	fmt.Println(img.Bounds().Dx(), img.Bounds().Dy(), img.Pix)
	// Output:
	// 2 2 [0 128 191 255]
}

// The setting of the paper's Fig. 1: three principal components of 400 training
// images of 1, 3, 6; any other states (e.g. a chain's trajectory) project onto them.
func ExampleFitPCA() {
	d, err := nlm.LoadDigits([]int{1, 3, 6}, 400)
	if err != nil {
		log.Fatal(err)
	}
	pca, err := nlm.FitPCA(d.X, 3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("explained variance ratio %.3f\n", pca.ExplainedRatio())
	y := pca.Project(d.X) // 400×3
	fmt.Println(y.Dims())
	mean := pca.Project(mat.NewDense(1, 784, pca.Mean))
	fmt.Println("the mean projects to the origin:", mat.Norm(mean, 2) < 1e-9)
	// Output:
	// explained variance ratio [0.176 0.123 0.084]
	// 400 3
	// the mean projects to the origin: true
}

// Judging samples: real digits the model never saw are recognised with
// confidence and novelty ≈ 1; inverted copies (the model's sign symmetry makes
// such samples) are recognised too and counted as inverted.
func ExampleReference_Quality() {
	all, err := nlm.LoadDigits([]int{1, 3, 6}, 18100)
	if err != nil {
		log.Fatal(err)
	}
	train := all.Head(18000) // the paper's training set
	test, err := nlm.LoadMNIST("test")
	if err != nil {
		log.Fatal(err)
	}
	ref, err := nlm.NewReference(train, test.Select(1, 3, 6))
	if err != nil {
		log.Fatal(err)
	}
	// Stand-ins for generated samples: the 100 training-split digits after the
	// first 18000 (unseen by the model), every other one inverted.
	samples := mat.DenseCopyOf(all.X.Slice(18000, 18100, 0, 784))
	for i := 0; i < 100; i += 2 {
		row := samples.RawRowView(i)
		for j := range row {
			row[j] = -row[j]
		}
	}
	q, err := ref.Quality(samples)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(q)
	// Output:
	// quality of 100 samples: 10-NN over 18000 training images (classifier 99.7% right on real held-out digits)
	//  class   share   conf   guess
	//      1   33.0%   1.00   33.0%
	//      3   37.0%   1.00   37.0%
	//      6   30.0%   1.00   30.0%
	//      ?    0.0%                  unrecognised: farther from every training image than 99% of real held-out digits
	// share: recognised as the class; conf: their mean k-NN vote; guess: k-NN label of every sample, recognised or not
	// confidence 1.00   inverted 50.0%   novelty 1.00 (0 = copies of training images, 1 = as new as real held-out digits)
}
