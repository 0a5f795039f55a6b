package session

import (
	"runtime"
	"strings"
	"testing"
)

// TestDebugRecordsReleased checks that yaegi's debugger records are found
// and emptied after each cell, and that what a trivial cell keeps is small.
func TestDebugRecordsReleased(t *testing.T) {
	s := newSession(t)
	if s.debug == nil {
		t.Fatal("yaegi's debugger records were not found (is yaegi still v0.16.1?)")
	}
	run(t, s, "func keep() int { return 7 }\nx := 1")
	if n := s.debug.roots.Len(); n != 0 {
		t.Errorf("%d roots kept after a cell", n)
	}
	for iter := s.debug.scopes.MapRange(); iter.Next(); {
		if sc := iter.Value(); !sc.IsNil() && settable(sc.Elem().FieldByName("child")).Len() != 0 {
			t.Errorf("scope %v keeps its children", iter.Key())
		}
	}
	// Code from earlier cells still runs, panics with its position, and
	// closures work. (Goroutines are left out: one still running while the
	// next Eval resizes yaegi's global frame is a race inside yaegi.)
	for _, c := range []struct{ code, want string }{
		{"keep() + x", "8"},
		{"f := func(n int) int { return n * keep() }\nf(2)", "14"},
		{"for i := range 3 { x += i }\nx", "4"},
	} {
		res, r := run(t, s, c.code)
		if res.Err != nil || len(r.results) != 1 || r.results[0] != c.want {
			t.Fatalf("%q: %v %v, want %s", c.code, res.Err, r.results, c.want)
		}
	}
	run(t, s, "func boom(s []int) int {\n\treturn s[3]\n}")
	res, _ := run(t, s, "boom(nil)")
	if res.Err == nil || res.Err.Ename != EnamePanic || !strings.Contains(strings.Join(res.Err.Traceback, "\n"), "in boom") {
		t.Fatalf("panic in an earlier cell's func: %v", res.Err)
	}

	var before, after runtime.MemStats
	for range 200 {
		run(t, s, "1+1")
	}
	runtime.GC()
	runtime.ReadMemStats(&before)
	const n = 2000
	for range n {
		run(t, s, "1+1")
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	t.Logf("heap kept per trivial cell: %d bytes", per)
	if per > 1500 {
		t.Errorf("a trivial cell keeps %d bytes of heap, want < 1500 (about 5000 without releasing yaegi's debugger records)", per)
	}
}
