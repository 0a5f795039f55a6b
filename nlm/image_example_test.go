package nlm_test

import (
	"fmt"
	"log"

	"github.com/gonlm/gonlm/nlm"
	"github.com/gonlm/gonlm/nlm/mnist"
)

// A 6×6 grid of digits at three times their size, each image contrast-stretched,
// as in the paper's Fig. 3.
func ExampleGridImage() {
	d, err := mnist.LoadDigits([]int{1, 3, 6}, 36)
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
