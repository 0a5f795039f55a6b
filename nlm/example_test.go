package nlm_test

import (
	"context"
	"fmt"
	"image/png"
	"log"
	"math"
	"os"

	"github.com/gonlm/gonlm/nlm"
	"gonum.org/v1/gonum/mat"
)

// The package's worked example: MNIST 1, 3, 6, the Quick preset, 36 samples
// in a 6×6 grid. (Compiled, not run by go test: it trains for minutes.)
func Example() {
	ctx := context.Background()
	p := nlm.Quick
	data, err := p.Data()
	if err != nil {
		log.Fatal(err)
	}
	m := p.NewModel(784, 1)
	if _, err := nlm.Train(ctx, m, data.X, p, &nlm.TrainOptions{
		Seed:       1,
		OnProgress: func(pr nlm.Progress) { fmt.Println(pr) },
	}); err != nil {
		log.Fatal(err)
	}
	s, err := p.Generate(ctx, m, 36, 2)
	if err != nil {
		log.Fatal(err)
	}
	img, err := s.Grid(6)
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Create("samples.png")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
}

func ExampleModel_Energy() {
	// Two neurons: neuron 0 drives neuron 1 with weight 2.
	m, err := nlm.NewModelFrom(mat.NewDense(2, 2, []float64{0, 0, 2, 0}))
	if err != nil {
		log.Fatal(err)
	}
	x := []float64{1, 2 * math.Tanh(1)} // x_1 = h_1, but h_0 = 0 ≠ x_0
	fmt.Printf("E = %.3f\n", m.Energy(x))
	fmt.Printf("E = %.3f\n", m.Energy([]float64{1, 0}))
	f := make([]float64, 2)
	m.Force(f, []float64{1, 0}, true)
	fmt.Printf("F = [%.3f %.3f]\n", f[0], f[1])
	// Output:
	// E = 0.500
	// E = 1.660
	// F = [-2.279 1.523]
}

func ExampleGenerate() {
	m := nlm.NewModel(784, 2, 1) // an untrained model
	s, err := nlm.Generate(context.Background(), m, 4, 100, nlm.PaperDynamics(), 7)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Len(), "samples of", s.Rows, "×", s.Cols)
	// Output: 4 samples of 28 × 28
}

func ExampleSampler_Record() {
	m := nlm.NewModel(784, 2, 1)
	s, err := nlm.NewSampler(m, 2, nlm.PaperDynamics(), 1)
	if err != nil {
		log.Fatal(err)
	}
	// Chain 0, all neurons, every 10 steps from step 100 (as for Fig. 1,
	// which records steps 10 000 to 25 000).
	if err := s.Record(nlm.Recording{Every: 10, From: 100, Chains: []int{0}}); err != nil {
		log.Fatal(err)
	}
	if err := s.Run(context.Background(), 300); err != nil {
		log.Fatal(err)
	}
	x, err := s.Trajectory().Chain(0)
	if err != nil {
		log.Fatal(err)
	}
	r, c := x.Dims()
	fmt.Println(r, "frames of", c, "neurons")
	// Output: 21 frames of 784 neurons
}

func ExampleTrainer() {
	// 200 noisy copies of two 16-pixel patterns.
	data := mat.NewDense(200, 16, nil)
	for r := 0; r < 200; r++ {
		for i := 0; i < 16; i++ {
			v := 0.9
			if (r%2 == 0 && i >= 8) || (r%2 == 1 && i%2 == 1) {
				v = -0.9
			}
			data.Set(r, i, v+0.05*math.Sin(float64(r*16+i)))
		}
	}
	p := nlm.Preset{Name: "toy", G: 1, T: 0.05, Dt: 0.02, StepsPerUpdate: 10, LR: 0.02,
		Batch: 50, Chains: 100, Epochs: 20}
	tr, err := nlm.NewTrainer(nlm.NewModel(16, p.G, 1), data, p, &nlm.TrainOptions{Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	if err := tr.Train(context.Background()); err != nil {
		log.Fatal(err)
	}
	kl := tr.KLNorm()
	fmt.Println(len(kl), "epochs; KL-norm fell:", kl[len(kl)-1] < kl[0]/5)
	// Output: 20 epochs; KL-norm fell: true
}
