package engine

import (
	"math"
	"math/bits"

	"github.com/gonlm/gonlm/nlm/internal/simd"
)

// Stream is a xoshiro256++ pseudo-random generator (Blackman & Vigna). Its
// whole state is the four words, so a checkpoint stores it exactly.
type Stream [4]uint64

func splitmix(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// NewStream returns stream number idx of the family seeded by seed. Streams
// with different (seed, idx) are seeded through splitmix64 and are independent
// for all practical purposes.
func NewStream(seed, idx uint64) Stream {
	x := seed ^ (idx * 0xd1342543de82ef95) ^ 0x6a09e667f3bcc909
	// Mix idx in twice so that neighbouring streams differ in every word.
	x = splitmix(&x) + idx
	var s Stream
	for i := range s {
		s[i] = splitmix(&x)
	}
	if s[0]|s[1]|s[2]|s[3] == 0 {
		s[0] = 1
	}
	return s
}

// Uint64 returns the next 64 random bits.
func (s *Stream) Uint64() uint64 {
	r := bits.RotateLeft64(s[0]+s[3], 23) + s[0]
	t := s[1] << 17
	s[2] ^= s[0]
	s[3] ^= s[1]
	s[1] ^= s[2]
	s[0] ^= s[3]
	s[2] ^= t
	s[3] = bits.RotateLeft64(s[3], 45)
	return r
}

// Float64 returns a uniform number in [0, 1) with 53 random bits.
func (s *Stream) Float64() float64 {
	return float64(s.Uint64()>>11) * (1.0 / (1 << 53))
}

// Ziggurat tables for the standard normal density f(x) = exp(−x²/2) with 256
// layers of equal area v (Marsaglia & Tsang, 2000). zx[i] is the right edge of
// layer i (zx[0] = v/f(r) for the base layer that includes the tail, zx[1] = r,
// zx[256] = 0); zk[i] is the integer threshold for the fast accept test
// |u| < zx[i+1]/zx[i]; zw[i] = zx[i]/2^23 turns a signed 24-bit integer into
// a point of layer i; zf[i] = f(zx[i]).
const (
	zigR = 3.6541528853610088
	zigV = 0.00492867323399
)

var (
	zk [256]int32
	zw [256]float32
	zx [257]float64
	zf [257]float64
)

// Squeeze bounds for the wedge test of layer i ≥ 1, y < exp(−u) with
// u = z²/2 between ua = zx[i+1]²/2 and ub = zx[i]²/2. exp(−u) is convex in u,
// so it lies above its tangent at the midpoint u0 (everywhere) and below the
// chord between the layer's ends (within [ua, ub]): y under the tangent is
// accepted and y over the chord rejected without calling math.Exp, which
// only about 0.3% of wedge draws still need (the gap between the two bounds
// is second order in the layer's width).
var (
	wedgeSqueeze = true
	zu0, ze0     [256]float64 // u0 and exp(−u0)
	zua, zub     [256]float64
	zslope       [256]float64 // of the chord, per unit of u
)

func init() {
	f := func(x float64) float64 { return math.Exp(-0.5 * x * x) }
	zx[0] = zigV / f(zigR)
	zx[1] = zigR
	for i := 1; i < 255; i++ {
		zx[i+1] = math.Sqrt(-2 * math.Log(f(zx[i])+zigV/zx[i]))
	}
	zx[256] = 0
	for i := 0; i <= 256; i++ {
		zf[i] = f(zx[i])
	}
	for i := 0; i < 256; i++ {
		zk[i] = int32(zx[i+1] / zx[i] * (1 << 23))
		zw[i] = float32(zx[i] / (1 << 23))
	}
	for i := 1; i < 256; i++ {
		zua[i], zub[i] = zx[i+1]*zx[i+1]/2, zx[i]*zx[i]/2
		zu0[i] = (zua[i] + zub[i]) / 2
		ze0[i] = math.Exp(-zu0[i])
		zslope[i] = (zf[i] - zf[i+1]) / (zub[i] - zua[i])
	}
}

// wedge reports whether y < exp(−u) for a draw in the wedge of layer i.
func wedge(i int, u, y float64) bool {
	if wedgeSqueeze {
		if y < ze0[i]*(1+zu0[i]-u) {
			return true
		}
		if u >= zua[i] && u <= zub[i] && y >= zf[i+1]+zslope[i]*(u-zua[i]) {
			return false
		}
	}
	return y < math.Exp(-u)
}

// normSlow finishes a Ziggurat draw whose fast test failed: the tail beyond r
// for the base layer, else the wedge test against the density.
func (s *Stream) normSlow(i int, j int32) float32 {
	for {
		if i == 0 {
			// Marsaglia's tail method.
			for {
				a := -math.Log(1-s.Float64()) / zigR
				b := -math.Log(1 - s.Float64())
				if 2*b > a*a {
					if j < 0 {
						return float32(-(zigR + a))
					}
					return float32(zigR + a)
				}
			}
		}
		z := float64(j) * zx[i] / (1 << 23)
		y := zf[i] + s.Float64()*(zf[i+1]-zf[i])
		if wedge(i, 0.5*z*z, y) {
			return float32(z)
		}
		// Rejected: a fresh draw.
		u := s.Uint64()
		i = int(u & 0xff)
		j = int32(u) >> 8
		if -zk[i] < j && j < zk[i] {
			return float32(j) * zw[i]
		}
	}
}

// Normal fills dst with independent standard normal float32 variates
// (Ziggurat; each 64-bit output gives two variates on the fast path, which is
// taken about 99% of the time).
func (s *Stream) Normal(dst []float32) {
	n := len(dst)
	i := 0
	for i+1 < n {
		u := s.Uint64()
		lo := uint32(u)
		hi := uint32(u >> 32)
		l1, j1 := int(lo&0xff), int32(lo)>>8
		l2, j2 := int(hi&0xff), int32(hi)>>8
		if -zk[l1] < j1 && j1 < zk[l1] {
			dst[i] = float32(j1) * zw[l1]
		} else {
			dst[i] = s.normSlow(l1, j1)
		}
		if -zk[l2] < j2 && j2 < zk[l2] {
			dst[i+1] = float32(j2) * zw[l2]
		} else {
			dst[i+1] = s.normSlow(l2, j2)
		}
		i += 2
	}
	if i < n {
		u := uint32(s.Uint64())
		l, j := int(u&0xff), int32(u)>>8
		if -zk[l] < j && j < zk[l] {
			dst[i] = float32(j) * zw[l]
		} else {
			dst[i] = s.normSlow(l, j)
		}
	}
}

// normal8 fills rows L = 0..7 of buf (row L is buf[L·ld : L·ld+n]) with the
// values s[L].Normal would give, advancing the streams the same way.
func normal8(s []Stream, buf []float32, ld, n int) {
	if n == 0 {
		return
	}
	_, _ = s[7], buf[7*ld+n-1]
	var st [40]uint64
	var offs [8]int64
	for l := range 8 {
		for w := range 4 {
			st[8*w+l] = s[l][w]
		}
		offs[l] = int64(4 * l * ld)
	}
	i := 0
	for {
		next, fail := simd.Ziggurat8(&st, &buf[0], &offs, i, n, &zk[0], &zw[0])
		if fail == 0 {
			i = next
			break
		}
		// Finish the rejected candidates of pair next as Normal does: the
		// low half's slow path first, then the high half's, each drawing
		// from its own stream.
		for l := range 8 {
			if fail>>(2*l)&3 == 0 {
				continue
			}
			ls := Stream{st[l], st[8+l], st[16+l], st[24+l]}
			u := st[32+l]
			row := buf[l*ld : l*ld+n]
			if fail>>(2*l)&1 != 0 {
				lo := uint32(u)
				row[next] = ls.normSlow(int(lo&0xff), int32(lo)>>8)
			}
			if fail>>(2*l+1)&1 != 0 {
				hi := uint32(u >> 32)
				row[next+1] = ls.normSlow(int(hi&0xff), int32(hi)>>8)
			}
			st[l], st[8+l], st[16+l], st[24+l] = ls[0], ls[1], ls[2], ls[3]
		}
		i = next + 2
	}
	for l := range 8 {
		s[l] = Stream{st[l], st[8+l], st[16+l], st[24+l]}
		if i < n { // odd n: the last value, as in Normal
			s[l].Normal(buf[l*ld+i : l*ld+n])
		}
	}
}
