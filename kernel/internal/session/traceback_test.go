package session

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Panics report Go's message and a traceback of cell lines, innermost frame
// first, down to the line of the cell that panicked.
func TestPanicTracebacks(t *testing.T) {
	s := newOutSession(t)
	decls := `type T struct{ a []int }

func (t *T) At(k int) int {
	return t.a[k]
}

func sum(t *T, n int) int {
	s := 0
	for k := 0; k < n; k++ {
		s += t.At(k)
	}
	return s
}

func down(n int) int {
	if n == 0 {
		panic("bottom")
	}
	return down(n-1) + 1
}`
	if _, err := s.exec(t, decls); err != nil { // cell [1]
		t.Fatal(err)
	}
	type frame struct {
		fn    string
		count int // 0: the failing cell
		line  int
	}
	tests := []struct {
		name, code, msg string
		frames          []frame
	}{
		{"through calls into an earlier cell", "t := &T{a: []int{1, 2, 3}}\nfmt.Println(sum(t, 3))\nfmt.Println(sum(t, 4))",
			"runtime error: index out of range",
			[]frame{{"(*T).At", 1, 4}, {"sum", 1, 10}, {"", 0, 3}}},
		{"index at the top level", "xs := []int{1, 2, 3}\ni := 5\nfmt.Println(xs[i])",
			"runtime error: index out of range [5] with length 3", []frame{{"", 0, 3}}},
		{"slice at the top level", "fmt.Println(xs[1:i])",
			"runtime error: slice bounds out of range [:5] with capacity 3", []frame{{"", 0, 1}}},
		{"in a loop body", "for k := 0; k <= 3; k++ {\n\tif k == 3 {\n\t\tvar p *T\n\t\tfmt.Println(len(p.a))\n\t}\n}",
			"runtime error: invalid memory address or nil pointer dereference", []frame{{"", 0, 4}}},
		{"in a closure", "var m map[string]int\nset := func(k string) {\n\tm[k] = 1\n}\nset(\"x\")",
			"assignment to entry in nil map", []frame{{"func1", 0, 3}, {"", 0, 5}}},
		{"recursion", "fmt.Println(\"before\")\ndown(2)",
			"bottom", []frame{{"down", 1, 17}, {"down", 1, 19}, {"down", 1, 19}, {"", 0, 2}}},
		{"type assertion", "var v any = \"s\"\nn := v.(int)\n_ = n",
			"interface conversion: interface {} is string, not int", []frame{{"", 0, 2}}},
		{"divide by zero after a top-level defer", "z := 0\ndefer fmt.Println(\"deferred\")\nfmt.Println(3 / z)",
			"runtime error: integer divide by zero", []frame{{"", 0, 3}}},
		{"a float", "panic(2.5)", "+2.500000e+000", []frame{{"", 0, 1}}},
		// A panic that a deferred call recovered leaves no frames behind.
		{"after a recovered panic", "func safe() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf(\"recovered: %v\", r)\n\t\t}\n\t}()\n\tdown(1)\n\treturn nil\n}\nfmt.Println(safe())\nfmt.Println(sum(&T{}, 1))",
			"runtime error: index out of range", []frame{{"(*T).At", 1, 4}, {"sum", 1, 10}, {"", 0, 11}}},
		{"after a recovered panic at the top level", "func() {\n\tdefer func() { recover() }()\n\tdown(0)\n}()\npanic(\"second\")",
			"second", []frame{{"", 0, 5}}},
		{"an error of a cell type", "type failure struct{ code int }\nfunc (f failure) Error() string { return fmt.Sprint(\"failure \", f.code) }\nf := failure{7}\npanic(f)",
			"failure 7", []frame{{"", 0, 4}}},
	}
	for _, tc := range tests {
		_, err := s.exec(t, tc.code)
		if err == nil || err.Ename != EnamePanic || err.Evalue != tc.msg {
			t.Errorf("%s: error %+v, want a panic with %q", tc.name, err, tc.msg)
			continue
		}
		count := s.ExecutionCount()
		var got []frame
		for _, f := range err.Frames {
			c := f.Count
			if f.Current {
				if c != count {
					t.Errorf("%s: the failing cell's frame has count %d, want %d", tc.name, c, count)
				}
				c = 0
			}
			got = append(got, frame{f.Func, c, f.Line})
		}
		if !reflect.DeepEqual(got, tc.frames) {
			t.Errorf("%s: frames %v, want %v", tc.name, got, tc.frames)
		}
		if last := tc.frames[len(tc.frames)-1]; err.Line != last.line {
			t.Errorf("%s: error line %d, want %d", tc.name, err.Line, last.line)
		}
		// The traceback shows each frame's line, innermost first.
		tb := ansiRE.ReplaceAllString(strings.Join(err.Traceback, "\n"), "")
		if !strings.HasPrefix(tb, "Panic: "+tc.msg+"\n") {
			t.Errorf("%s: traceback %q", tc.name, tb)
		}
		at := 0
		for _, f := range err.Frames {
			i := strings.Index(tb[at:], f.Where()+"\n--> ")
			if i < 0 {
				t.Errorf("%s: traceback %q lacks %q and its line after the frames before it", tc.name, tb, f.Where())
				break
			}
			at += i + 1
		}
	}
	// The "whole" traceback of the first case, as the user sees it.
	_, err := s.exec(t, "fmt.Println(sum(&T{a: []int{1}}, 2))")
	want := `Panic: runtime error: index out of range
in (*T).At, cell [1] line 4
--> 4 | 	return t.a[k]
in sum, cell [1] line 10
--> 10 | 		s += t.At(k)
in cell line 1
--> 1 | fmt.Println(sum(&T{a: []int{1}}, 2))`
	if got := ansiRE.ReplaceAllString(strings.Join(err.Traceback, "\n"), ""); got != want {
		t.Errorf("traceback\n%s\nwant\n%s", got, want)
	}
}

// A panic inside a helper of the cell front end (slices.Max, which yaegi
// lacks, runs as an interpreted helper) is named as Go names it, without a
// line of the helper's source.
func TestPanicTracebackNamesSlicesHelpers(t *testing.T) {
	s := newOutSession(t)
	_, err := s.exec(t, "import \"slices\"\nvar e []int\nfunc top() int { return slices.Max(e) }\ntop()")
	if err == nil || err.Ename != EnamePanic || err.Evalue != "slices.Max: empty list" {
		t.Fatalf("error %+v, want a panic with Go's message", err)
	}
	var got []string
	for _, f := range err.Frames {
		got = append(got, fmt.Sprintf("%s:%d", f.Func, f.Line))
	}
	if want := []string{"slices.Max:0", "top:3", ":4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("frames %v, want %v", got, want)
	}
	if tb := ansiRE.ReplaceAllString(strings.Join(err.Traceback, "\n"), ""); !strings.Contains(tb, "\nin slices.Max\nin top, cell line 3\n") {
		t.Errorf("traceback %q", tb)
	}
}

var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

// A panic in a goroutine a cell started is reported with its frames on the
// cell's stderr; the kernel lives.
func TestGoroutinePanicTraceback(t *testing.T) {
	s := newOutSession(t)
	code := `func deep(xs []int) int {
	return xs[3]
}

done := make(chan bool)
go func() {
	defer close(done)
	deep(nil)
}()
<-done`
	if _, err := s.exec(t, code); err != nil {
		t.Fatal(err)
	}
	var out string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, _ := os.ReadFile(s.out.Name())
		if out = string(b); strings.Contains(out, "cell line 8") {
			break
		}
	}
	want := "panic in a goroutine started by a cell: runtime error: index out of range\n" +
		"\tin deep, cell line 2\n\t\t2 | return xs[3]\n\tin func1, cell line 8\n\t\t8 | deep(nil)\n"
	if out != want {
		t.Errorf("stderr %q, want %q", out, want)
	}
}
