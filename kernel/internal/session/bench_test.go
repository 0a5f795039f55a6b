package session

import "testing"

// BenchmarkExecuteTrivial measures Session.Execute of "1 + 1" (parse, the
// Show variant's Eval, rendering), without output capture.
func BenchmarkExecuteTrivial(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	s.Interp()
	r := &recorder{}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if res := s.Execute(Request{Code: "1 + 1", StoreHistory: true}, r); res.Err != nil {
			b.Fatal(res.Err)
		}
		r.results = r.results[:0]
	}
}

// BenchmarkInterpretedCalls measures what the traceback instrumentation
// costs interpreted code: fib(20) (21891 calls) and a loop of 100000
// iterations of two statements, with and without it.
func BenchmarkInterpretedCalls(b *testing.B) {
	const decls = "func benchFib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn benchFib(n-1) + benchFib(n-2)\n}\n" +
		"func benchLoop(n int) int {\n\ts := 0\n\tfor i := 0; i < n; i++ {\n\t\ts += i\n\t\tif s > 10 {\n\t\t\ts -= 3\n\t\t}\n\t}\n\treturn s\n}"
	for _, traced := range []bool{true, false} {
		s, err := New(Options{NoTraceback: !traced})
		if err != nil {
			b.Fatal(err)
		}
		r := &recorder{}
		if res := s.Execute(Request{Code: decls}, r); res.Err != nil {
			b.Fatal(res.Err)
		}
		name := map[bool]string{true: "traced", false: "untraced"}[traced]
		for _, cell := range []string{"benchFib(20)", "benchLoop(100000)"} {
			b.Run(name+"/"+cell, func(b *testing.B) {
				for range b.N {
					if res := s.Execute(Request{Code: cell}, r); res.Err != nil {
						b.Fatal(res.Err)
					}
				}
			})
		}
	}
}
