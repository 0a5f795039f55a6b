// Command landscape draws the energy landscape of a two-neuron Neural Langevin
// Machine, with and without the Onsager term, and samples it at T = 0.5.
//
// It is an ordinary Go program: `go run ./examples/landscape` writes PNG files
// into the current directory, and `gonlm run examples/landscape/main.go` runs the
// same file in the interpreter.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/gonlm/gonlm/kernel/display/views"
	"github.com/gonlm/gonlm/nlm"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"
)

func main() {
	m, err := nlm.NewModelFrom(mat.NewDense(2, 2, []float64{
		1.8, 0.6,
		-0.4, 1.5,
	}))
	if err != nil {
		log.Fatal(err)
	}
	s, err := nlm.NewSampler(m, 1000, nlm.Dynamics{T: 0.5, Dt: 0.01}, 1)
	if err != nil {
		log.Fatal(err)
	}
	if err := s.Run(context.Background(), 2000); err != nil {
		log.Fatal(err)
	}
	mean := 0.0
	for _, e := range s.Energies() {
		mean += e
	}
	fmt.Printf("mean energy of 1000 chains at T = 0.5: %.3f\n", mean/1000)

	for _, c := range []struct {
		file string
		opt  views.LandscapeOptions
	}{
		{"landscape.png", views.LandscapeOptions{}},
		{"landscape-no-onsager.png", views.LandscapeOptions{NoOnsager: true, Title: "Without the Onsager term"}},
	} {
		p, err := views.Landscape(m, c.opt)
		if err != nil {
			log.Fatal(err)
		}
		if err := p.Save(6*vg.Inch, 4*vg.Inch, c.file); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", c.file)
	}
}
