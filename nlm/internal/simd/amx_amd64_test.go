//go:build amd64 && !nlm_noasm

package simd

import (
	"math/rand/v2"
	"testing"
	"unsafe"
)

// amxProbeBuf holds the data of amxProbe (offsets fixed in amx_test_amd64.s).
type amxProbeBuf struct {
	in   [8][256]uint32 // tile t's 16 rows of 64 bytes
	out  [8][256]uint32 // in, through TILELOADD/TILESTORED with tmm t
	outD [8][256]uint32 // in, through the displacement forms
	zero [8][256]uint32 // TILEZERO tmm t, stored
	a    [2][512]uint16 // two A tiles (16×32 bf16)
	b    [2][512]uint16 // two B tiles (16 rows of 16 bf16 pairs)
	c    [4][256]float32
	c7   [256]float32 // TDPBF16PS tmm7, tmm0, tmm1 (other register fields)
}

// TestEncodings runs every byte-encoded AMX instruction on known data:
// TILELOADD and TILESTORED (plain and with a displacement, low and
// extended base and index registers) on each of the eight tiles,
// TILEZERO on each, and TDPBF16PS with AMXMul's four operand combinations
// and one more, against exact integer products. LDTILECFG and TILERELEASE
// run around them (a wrong configuration or a missing release would fail
// the loads or the next call).
func TestEncodings(t *testing.T) {
	skipNoAMX(t)
	p := new(amxProbeBuf)
	for tl := range 8 {
		for i := range 256 {
			p.in[tl][i] = uint32(tl)<<24 | uint32(i)*2654435761>>8
			p.zero[tl][i] = 0xdeadbeef
		}
	}
	// Small integers: every product and sum is exact in float32.
	ints := rand.New(rand.NewPCG(11, 12))
	for i := range 2 {
		for j := range 512 {
			p.a[i][j] = BF16(float32(ints.IntN(7) - 3))
			p.b[i][j] = BF16(float32(ints.IntN(7) - 3))
		}
	}
	amxProbe(unsafe.Pointer(p))
	amxProbe(unsafe.Pointer(p)) // twice: the first call must have released the tiles
	for tl := range 8 {
		for i := range 256 {
			if p.out[tl][i] != p.in[tl][i] || p.outD[tl][i] != p.in[tl][i] {
				t.Fatalf("tmm%d word %d: stored %#x and %#x (displacement form), loaded %#x", tl, i, p.out[tl][i], p.outD[tl][i], p.in[tl][i])
			}
			if p.zero[tl][i] != 0 {
				t.Fatalf("TILEZERO tmm%d: word %d is %#x", tl, i, p.zero[tl][i])
			}
		}
	}
	// c[2r+u] = a[r]·b[u] (tmm0 = tmm4·tmm6, tmm1 = tmm4·tmm7, tmm2 =
	// tmm5·tmm6, tmm3 = tmm5·tmm7); c7 = a[0]·b[1] through tmm0 and tmm1.
	dot := func(a, b *[512]uint16) [256]float32 {
		var c [256]float32
		for m := range 16 {
			for n := range 16 {
				s := float32(0)
				for k := range 32 {
					s += FromBF16(a[32*m+k]) * FromBF16(b[32*(k/2)+2*n+k%2])
				}
				c[16*m+n] = s
			}
		}
		return c
	}
	for r := range 2 {
		for u := range 2 {
			if want := dot(&p.a[r], &p.b[u]); p.c[2*r+u] != want {
				t.Errorf("TDPBF16PS tmm%d, tmm%d, tmm%d: got %v…, want %v…", 2*r+u, 4+r, 6+u, p.c[2*r+u][:4], want[:4])
			}
		}
	}
	if want := dot(&p.a[0], &p.b[1]); p.c7 != want {
		t.Errorf("TDPBF16PS tmm7, tmm0, tmm1: got %v…, want %v…", p.c7[:4], want[:4])
	}
}
