package session

import (
	"testing"
)

// cell50 is a 50-line cell of the kind notebooks hold: imports, a type with
// methods, a generic function, loops with closures, a range over an int and
// over a function, min and max, and a last expression.
const cell50 = `import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

type point struct{ X, Y float64 }

func (p point) Norm() float64 { return math.Hypot(p.X, p.Y) }

func (p point) String() string { return fmt.Sprintf("(%.2f, %.2f)", p.X, p.Y) }

func Sum[T ~int | ~float64](xs []T) (s T) {
	for _, x := range xs {
		s += x
	}
	return s
}

func pairs(n int) func(func(int, int) bool) {
	return func(yield func(int, int) bool) {
		for i := range n {
			if !yield(i, i*i) {
				return
			}
		}
	}
}

pts := make([]point, 0, 20)
for i := range 20 {
	pts = append(pts, point{float64(i), math.Sin(float64(i))})
}
sort.Slice(pts, func(i, j int) bool { return pts[i].Norm() < pts[j].Norm() })
var fs []func() float64
for _, p := range pts {
	fs = append(fs, func() float64 { return p.Norm() })
}
total := 0
for i, sq := range pairs(5) {
	total += i + sq
}
m := mat.NewDense(3, 3, nil)
r, c := m.Dims()
norms := make([]float64, len(fs))
for k, f := range fs {
	norms[k] = f()
}
lo, hi := min(norms[0], 1), max(r, c, total)
names := strings.Fields("a b c")
_ = fmt.Sprint(len(names), lo, hi, Sum(norms) > 0, pts[0])
Sum([]int{r, c, total})
`

// BenchmarkCellBeforeRun measures what a 50-line cell (cell50) costs before
// its first statement runs: the front end (split, type-check against the
// record, rewrite) and the session's split into units. Target: at most
// 10 ms.
func BenchmarkCellBeforeRun(b *testing.B) {
	s := newSession(b)
	// Earlier cells, so the record is not empty.
	for _, code := range []string{"import \"fmt\"\nx := 1\ny := []string{\"a\"}\nfunc f(n int) int { return n * 2 }", "type T struct{ A int }\nfunc (t T) Get() int { return t.A }\nt := T{3}"} {
		if res := s.Execute(Request{Code: code}, &recorder{}); res.Err != nil {
			b.Fatal(res.Err)
		}
	}
	if res := s.Execute(Request{Code: cell50}, &recorder{}); res.Err != nil {
		b.Fatal(res.Err) // the cell runs (and its imports' types are loaded)
	}
	b.ResetTimer()
	for range b.N {
		c, err := s.front.Parse(cell50)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := units(c); err != nil {
			b.Fatal(err)
		}
	}
}

// firstImports is a first cell that imports nlm, gonum and plot.
const firstImports = `import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"nlm"
)

m := nlm.NewModel(4, 1, 1)
d := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
p := plot.New()
p.Title.Text = "first"
l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: mat.Det(d)}})
if err != nil {
	panic(err)
}
p.Add(l)
fmt.Sprint(m.N(), vg.Inch)
`

// BenchmarkFirstCellImports measures the first cell of a fresh session that
// imports nlm, gonum and plot (firstImports), from Execute to its result:
// the type information of those packages is loaded on that first import.
// Target: at most 200 ms. The sub-benchmark check is the front end alone
// (load, check, rewrite) with a fresh front end each time.
func BenchmarkFirstCellImports(b *testing.B) {
	b.Run("execute", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			s := newSession(b)
			b.StartTimer()
			if res := s.Execute(Request{Code: firstImports}, &recorder{}); res.Err != nil {
				b.Fatal(res.Err)
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		s := newSession(b)
		i, _ := s.Interp()
		for range b.N {
			b.StopTimer()
			f := newFront(i, nil)
			b.StartTimer()
			if _, err := f.Parse(firstImports); err != nil {
				b.Fatal(err)
			}
		}
	})
}
