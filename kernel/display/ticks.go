package display

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// logTicks labels a logarithmic axis so that a reader finds at least three
// labels on it, whatever its range (gonum's LogTicks labels only powers of
// ten, so a curve within one decade got one label):
//
//   - over more than two decades: powers of ten, with unlabelled ticks at
//     their multiples 2…9;
//   - over a third of a decade to two decades: 1, 2 and 5 times powers of
//     ten, with unlabelled ticks at the other multiples (all of them
//     labelled when that gives fewer than three labels, except where
//     labels would overlap);
//   - over less: round values at a linear step (1, 2 or 5 × 10^k).
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > min) || math.IsInf(max, 0) {
		return []plot.Tick{{Value: max, Label: fmtTick(max)}}
	}
	decades := math.Log10(max / min)
	if decades < 1.0/3 {
		return linearTicks(min, max)
	}
	ticks := func(labelled func(m int) bool) ([]plot.Tick, int) {
		var out []plot.Tick
		n := 0
		last := math.Inf(-1) // log10 of the last label
		for k := int(math.Floor(math.Log10(min))); float64(k) <= math.Ceil(math.Log10(max)); k++ {
			p := math.Pow10(k)
			for m := 1; m <= 9; m++ {
				v := float64(m) * p
				if v < min*(1-1e-9) || v > max*(1+1e-9) {
					continue
				}
				t := plot.Tick{Value: v}
				// Labels closer than 8% of the axis would overlap.
				if l := math.Log10(v); labelled(m) && l-last >= 0.08*decades {
					t.Label, last = fmtTick(v), l
					n++
				}
				out = append(out, t)
			}
		}
		return out, n
	}
	if decades > 2 {
		out, _ := ticks(func(m int) bool { return m == 1 })
		return out
	}
	if out, n := ticks(func(m int) bool { return m == 1 || m == 2 || m == 5 }); n >= 3 {
		return out
	}
	out, _ := ticks(func(int) bool { return true })
	return out
}

// linearTicks labels [min, max] at a round step (1, 2 or 5 × 10^k) giving
// 3 to 6 labels: epochs 5, 10, 15, 20 rather than 4, 12, 20.
func linearTicks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return []plot.Tick{{Value: min, Label: fmtTick(min)}}
	}
	raw := (max - min) / 4
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw*(1-1e-9) {
			step = m * mag
			break
		}
	}
	var out []plot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ {
		v := k * step
		if v == 0 {
			v = 0 // not −0
		}
		out = append(out, plot.Tick{Value: v, Label: fmtTick(v)})
	}
	return out
}

// fmtTick writes a tick value in the fewest digits that show it (0.002,
// 5e-05, 1500), with rounding noise of the products removed.
func fmtTick(v float64) string {
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// wholeTicks are linearTicks with a step of at least 1, for an axis of
// whole numbers (epochs).
func wholeTicks(min, max float64) []plot.Tick {
	if max-min >= 4 {
		return linearTicks(min, max)
	}
	var out []plot.Tick
	for v := math.Ceil(min); v <= max; v++ {
		out = append(out, plot.Tick{Value: v, Label: fmtTick(v)})
	}
	if len(out) == 0 {
		return linearTicks(min, max)
	}
	return out
}

// whole reports whether every x is a whole number.
func whole(xs []float64) bool {
	for _, x := range xs {
		if x != math.Trunc(x) {
			return false
		}
	}
	return len(xs) > 0
}
