package cell

import "testing"

// FuzzParse checks that no cell makes the front end panic, and that
// IsComplete agrees with Parse on syntax.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"x := 1", "import \"fmt\"\nfmt.Println(1)", "for i := range 3 { go f(i) }",
		"for v := range func(yield func(int) bool) {} { if v > 0 { break } }",
		"func f[T ~int](x T) T { return min(x, 1) }\nf[int](2)", "var x = max(a, b)\nclear(m)",
		"package main\nfunc main() {}", "L: for range n { continue L }", "`", "func (", "}{",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		res := fakeResolver{globals: map[string]any{"n": 3, "seq": func(func(int) bool) {}}}
		c, err := New(Options{Resolver: res}).Parse(src)
		status, _ := IsComplete(src)
		if err == nil && status != Complete {
			t.Errorf("Parse accepted %q but IsComplete says %v", src, status)
		}
		if err == nil {
			for _, ch := range c.Chunks {
				ch.MapPos(1, 1)
				ch.MapPos(3, 80)
			}
		}
	})
}
