package session

import (
	"os"
	"testing"
)

// cell50 is a 50-line cell of the kind notebooks hold: imports, a type with
// methods, a generic function, loops with closures, a range over an int and
// over a function, min and max, and a last expression (test/bench/cells).
var cell50 = mustRead("../../../test/bench/cells/cell50.go.txt")

// mustRead returns the text of a file of the benchmarks' cells.
func mustRead(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}

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

// firstImports is a first cell that imports nlm, gonum and plot; the
// kernel benchmark (test/bench/bench_kernel.py) runs the same cell in fresh
// kernel processes.
var firstImports = mustRead("../../../test/bench/cells/first_imports.go.txt")

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
