package display

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

type dyn struct {
	T, Dt     float64
	NoOnsager bool
	Threads   int
}

type opts struct {
	Seed  uint64
	Every time.Duration
	Dyn   *dyn
	Hook  func(int)
	Err   error
}

type hidden struct {
	Name  string
	count int
}

type node struct {
	Val  int
	Next *node
}

type deep struct {
	A struct {
		B struct{ C struct{ D struct{ E int } } }
	}
}

type withMatrix struct {
	J    *mat.Dense
	Name string
}

type Embedded struct{ X int }

type outer struct {
	Embedded
	Y int
}

// cellPoint is how yaegi hands over `type point struct{ x, y int; Name string }`
// declared in a cell: an unnamed struct whose unexported fields are renamed.
var cellPoint = struct {
	Xx, Xy int
	Name   string
}{1, 2, "a"}

func TestGoText(t *testing.T) {
	long := make([]int, 1000)
	for i := range long {
		long[i] = i
	}
	loop := &node{Val: 1}
	loop.Next = loop
	many := map[string]int{}
	for i := range 15 {
		many[string(rune('a'+i))] = i
	}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"struct", dyn{T: 0.5, Dt: 0.01}, "display.dyn{T: 0.5, Dt: 0.01, NoOnsager: false, Threads: 0}"},
		{"pointer followed", &dyn{T: 1}, "&display.dyn{T: 1, Dt: 0, NoOnsager: false, Threads: 0}"},
		{"nested stringer, nil func and error", opts{Seed: 3, Every: 250 * time.Millisecond, Dyn: &dyn{Dt: 0.1}, Err: errors.New("no data")},
			"display.opts{Seed: 3, Every: 250ms, Dyn: &display.dyn{T: 0, Dt: 0.1, NoOnsager: false, Threads: 0}, Hook: nil, Err: no data}"},
		{"func", opts{Hook: func(int) {}}, "display.opts{Seed: 0, Every: 0s, Dyn: nil, Hook: func(int) {…}, Err: nil}"},
		{"unexported fields hidden", hidden{Name: "h", count: 3}, `display.hidden{Name: "h", …}`},
		{"pointer below a pointer", &node{Val: 1, Next: &node{Val: 2}}, "&display.node{Val: 1, Next: &display.node{…}}"},
		{"cycle", loop, "&display.node{Val: 1, Next: &display.node{…}}"},
		{"long slice", long, "[]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … 990 more}"},
		{"strings", []string{"a", "b\n"}, `[]string{"a", "b\n"}`},
		{"nil slice", []int(nil), "[]int(nil)"},
		{"map", map[string]int{"b": 2, "a": 1}, `map[string]int{"a": 1, "b": 2}`},
		{"long map", many, `map[string]int{"a": 0, "b": 1, "c": 2, "d": 3, "e": 4, "f": 5, "g": 6, "h": 7, "i": 8, "j": 9, … 5 more}`},
		{"deep", deep{}, "display.deep{A: {B: {C: {…}}}}"},
		{"matrix inside", withMatrix{J: mat.NewDense(784, 784, nil), Name: "m"}, `display.withMatrix{J: *mat.Dense(784×784), Name: "m"}`},
		{"embedded", outer{Embedded{1}, 2}, "display.outer{Embedded: display.Embedded{X: 1}, Y: 2}"},
		{"cell type", cellPoint, `{x: 1, y: 2, Name: "a"}`},
		{"slice of cell type", []struct{ Xv int }{{1}, {2}}, "[]{{v: 1}, {v: 2}}"},
		{"array", [3]float32{0.5, 1, 1e-9}, "[3]float32{0.5, 1, 1e-09}"},
		{"int", 42, "42"},
		{"complex", 1 + 2i, "(1+2i)"},
		{"chan", make(chan int, 4), "chan int (len 0, cap 4)"},
		{"long nested string", struct{ S string }{strings.Repeat("x", 300)}, `{S: "` + strings.Repeat("x", 200) + `"… (300 bytes)}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := goText(tc.v)
			if got != tc.want {
				t.Errorf("goText:\n got %s\nwant %s", got, tc.want)
			}
			b, _ := Render(tc.v)
			if tc.name != "int" && b.Text() != tc.want {
				t.Errorf("Render: %s", b.Text())
			}
		})
	}
}

// A large structure stays within a few KB, with the cut marked.
func TestGoTextLimit(t *testing.T) {
	type row struct {
		Name   string
		Values []float64
	}
	rows := make([]row, 10)
	for i := range rows {
		rows[i] = row{Name: strings.Repeat("n", 190), Values: make([]float64, 100)}
	}
	big := map[string][]row{}
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		big[k] = rows
	}
	got := goText(big)
	if len(got) > valueTextMax+200 || !strings.HasSuffix(got, "(cut at 4 KB)") {
		t.Errorf("%d bytes, ends %q", len(got), got[max(0, len(got)-40):])
	}
}
