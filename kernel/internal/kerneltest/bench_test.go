package kerneltest

import (
	"testing"
	"time"
)

// BenchmarkTrivialCell measures the round trip of "1 + 1" from the
// execute_request to both its execute_reply and its idle status, with a Go
// client (no Python client overhead).
func BenchmarkTrivialCell(b *testing.B) {
	c := startKernel(b)
	for i := 0; i < 10; i++ {
		c.execute("1 + 1", execOpts{}, 10*time.Second)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := c.execute("1 + 1", execOpts{}, 10*time.Second)
		if e.status() != "ok" {
			b.Fatal(e.reply.content)
		}
		if i%100 == 99 { // keep the client's message lists short
			c.mu.Lock()
			c.iopubs, c.shells = nil, nil
			c.mu.Unlock()
		}
	}
}
