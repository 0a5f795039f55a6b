package analysis_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gonlm/gonlm/nlm/analysis"
	"github.com/gonlm/gonlm/nlm/mnist"
	"gonum.org/v1/gonum/mat"
)

// The setting of the paper's Fig. 1: three principal components of 400 training
// images of 1, 3, 6; any other states (e.g. a chain's trajectory) project onto them.
func ExampleFitPCA() {
	d, err := mnist.LoadDigits([]int{1, 3, 6}, 400)
	if err != nil {
		log.Fatal(err)
	}
	pca, err := analysis.FitPCA(d.X, 3)
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
	all, err := mnist.LoadDigits([]int{1, 3, 6}, 18100)
	if err != nil {
		log.Fatal(err)
	}
	train := all.Head(18000) // the paper's training set
	test, err := mnist.Load("test")
	if err != nil {
		log.Fatal(err)
	}
	ref, err := analysis.NewReference(context.Background(), train, test.Select(1, 3, 6))
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
	q, err := ref.Quality(context.Background(), samples)
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
	// confidence 1.00   inverted 50.0%   novelty 1.00 (0 = copies of training images, 1 = as new as real held-out digits)   near copies 2.0%
	// Fréchet distance to held-out digits 56.0 (real digits, as many: 33.2; lower is better)
}
