package cell

import (
	"strings"
	"testing"
)

// BenchmarkParseTrivial measures the front end's cost for a trivial cell,
// which the kernel pays on every execute_request.
func BenchmarkParseTrivial(b *testing.B) {
	f := New(Options{})
	for range b.N {
		if _, err := f.Parse("1 + 1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseCell measures a 40-line mixed cell with every rewrite.
func BenchmarkParseCell(b *testing.B) {
	src := strings.Repeat("import \"fmt\"\nx := 3\nfunc f(n int) int { s := 0; for i := range n { s += min(i, 2) }; return s }\nfor _, v := range []int{1} { go func() { fmt.Println(v) }() }\n", 10) + "f(x)"
	f := New(Options{})
	for range b.N {
		if _, err := f.Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsComplete(b *testing.B) {
	for range b.N {
		IsComplete("func h() {\n\tfmt.Println(1)")
	}
}
