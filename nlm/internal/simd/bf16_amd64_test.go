//go:build amd64 && !nlm_noasm

package simd

import (
	"math/rand/v2"
	"testing"
)

// TestBF16Encodings runs the byte-encoded VDPBF16PS and VCVTNEPS2BF16 with
// register numbers from every range of each operand field that the
// kernels do not use (they are tested through the kernels), against exact
// results.
func TestBF16Encodings(t *testing.T) {
	skipNoBF16(t)
	rng := rand.New(rand.NewPCG(15, 16))
	var a, b [16]uint32
	var want [16]float32
	for i := range a {
		a0, a1 := float32(rng.IntN(9)-4), float32(rng.IntN(9)-4)
		b0, b1 := float32(rng.IntN(9)-4), float32(rng.IntN(9)-4)
		a[i] = uint32(BF16(a0)) | uint32(BF16(a1))<<16
		b[i] = uint32(BF16(b0)) | uint32(BF16(b1))<<16
		want[i] = a0*b0 + a1*b1
	}
	var f [16]float32
	for i := range f {
		f[i] = float32(rng.NormFloat64())
	}
	var c [3][16]float32
	var h [3][16]uint16
	bf16Probe(&a, &b, &c, &f, &h)
	for k := range c {
		if c[k] != want {
			t.Errorf("VDPBF16PS, register set %d: got %v, want %v", k, c[k], want)
		}
	}
	for k := range h {
		for i, v := range f {
			if h[k][i] != BF16(v) {
				t.Errorf("VCVTNEPS2BF16, register set %d, lane %d: got %#04x, want %#04x", k, i, h[k][i], BF16(v))
			}
		}
	}
}
