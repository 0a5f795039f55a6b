package nlm_test

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/gonlm/gonlm/nlm"

	"github.com/gonlm/gonlm/nlm/analysis"
	"github.com/gonlm/gonlm/nlm/mnist"
)

// TestQuickMeasure trains a preset on MNIST 1/3/6, writes a sample grid and
// prints timings. It is a measurement harness, run on demand:
//
//	NLM_MEASURE=quick NLM_EPOCHS=20 NLM_LR=0.005 NLM_OUT=/tmp/q.png go test -run TestQuickMeasure -v -timeout 1h ./nlm/
//
// NLM_QUALITY=1 adds the quality report of the samples (NLM_SAMPLES of
// them, generated with seed NLM_GENSEED); NLM_LOAD=model.npy samples a saved
// model instead of training; NLM_BF16=0 runs in float32.
func TestQuickMeasure(t *testing.T) {
	which := os.Getenv("NLM_MEASURE")
	if which == "" {
		t.Skip("set NLM_MEASURE=quick or paper to run")
	}
	p := nlm.Quick
	if which == "paper" {
		p = nlm.Paper
	}
	envInt := func(k string, v *int) {
		if s := os.Getenv(k); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatal(err)
			}
			*v = n
		}
	}
	envFloat := func(k string, v *float64) {
		if s := os.Getenv(k); s != "" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			*v = f
		}
	}
	envInt("NLM_EPOCHS", &p.Epochs)
	envInt("NLM_CHAINS", &p.Chains)
	envInt("NLM_BATCH", &p.Batch)
	envInt("NLM_P", &p.P)
	envInt("NLM_STEPS", &p.StepsPerUpdate)
	envInt("NLM_GENSTEPS", &p.GenSteps)
	envInt("NLM_QUENCH", &p.Quench)
	envFloat("NLM_LR", &p.LR)
	ds, err := p.Data()
	if err != nil {
		t.Fatal(err)
	}
	m := p.NewModel(ds.X.RawMatrix().Cols, 1)
	start := time.Now()
	var kl []float64
	if path := os.Getenv("NLM_LOAD"); path != "" {
		if m, err = nlm.LoadModel(path); err != nil {
			t.Fatal(err)
		}
	} else {
		tr, err := nlm.Train(context.Background(), m, ds.X, p, &nlm.TrainOptions{Seed: 1, ProgressEvery: 10 * time.Second,
			OnProgress: func(pr nlm.Progress) { fmt.Println(pr) }})
		if err != nil {
			t.Fatal(err)
		}
		kl = tr.KLNorm()
	}
	train := time.Since(start)
	start = time.Now()
	nsamp, genSeed := 36, 2
	envInt("NLM_SAMPLES", &nsamp)
	envInt("NLM_GENSEED", &genSeed)
	s, err := p.Generate(context.Background(), m, nsamp, uint64(genSeed))
	if err != nil {
		t.Fatal(err)
	}
	gen := time.Since(start)
	fmt.Printf("preset %+v\nbackend %s\ntrain %v (%d updates), generate %d×%d+%d steps (seed %d) %v\nKL %v\n", p, nlm.Backend(), train, p.Updates(), nsamp, p.GenSteps, p.Quench, genSeed, gen, kl)
	if os.Getenv("NLM_QUALITY") != "" {
		test, err := mnist.Load("test")
		if err != nil {
			t.Fatal(err)
		}
		ref, err := analysis.NewReference(context.Background(), ds, test.Select(p.Digits...))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := ref.Quality(context.Background(), s.Values())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(rep)
	}
	if out := os.Getenv("NLM_OUT"); out != "" {
		img, err := s.Grid(0)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, img)
		f.Close()
		if err := m.Save(out + ".npy"); err != nil {
			t.Fatal(err)
		}
	}
}
