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
