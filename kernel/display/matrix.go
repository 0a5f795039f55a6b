package display

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// stats summarises a set of numbers. Min, Max, Mean and Std (the population
// standard deviation, sqrt(Σ(v−mean)²/n)) are over the finite values only;
// NaN and Inf count the others.
type stats struct {
	N         int
	Min, Max  float64
	Mean, Std float64
	NaN, Inf  int
	finite    int
}

// statsOf computes stats in two passes (mean, then squared deviations) for
// accuracy.
func statsOf(n int, at func(i int) float64) stats {
	s := stats{N: n, Min: math.Inf(1), Max: math.Inf(-1)}
	var sum float64
	for i := range n {
		v := at(i)
		switch {
		case math.IsNaN(v):
			s.NaN++
			continue
		case math.IsInf(v, 0):
			s.Inf++
			continue
		}
		s.finite++
		sum += v
		s.Min = min(s.Min, v)
		s.Max = max(s.Max, v)
	}
	if s.finite == 0 {
		s.Min, s.Max, s.Mean, s.Std = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return s
	}
	s.Mean = sum / float64(s.finite)
	var ss float64
	for i := range n {
		v := at(i)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		d := v - s.Mean
		ss += d * d
	}
	s.Std = math.Sqrt(ss / float64(s.finite))
	return s
}

// statsRows computes stats over the rows of a dense matrix (row(i) returns
// row i) in one pass of plain loops, many times faster than statsOf's
// per-element calls on large matrices. The variance uses sums shifted by
// the first finite value k, Σ(v−k)² − (Σ(v−k))²/n, which keeps it accurate
// for data far from zero.
func statsRows(rows int, row func(i int) []float64) stats {
	s := stats{Min: math.Inf(1), Max: math.Inf(-1)}
	var k, sum, sq float64
	shifted := false
	for i := range rows {
		r := row(i)
		s.N += len(r)
		for _, v := range r {
			if d := v - v; d != d { // NaN or ±Inf
				if math.IsNaN(v) {
					s.NaN++
				} else {
					s.Inf++
				}
				continue
			}
			if !shifted {
				k, shifted = v, true
			}
			d := v - k
			sum += d
			sq += d * d
			if v < s.Min {
				s.Min = v
			}
			if v > s.Max {
				s.Max = v
			}
		}
	}
	s.finite = s.N - s.NaN - s.Inf
	if s.finite == 0 {
		s.Min, s.Max, s.Mean, s.Std = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return s
	}
	n := float64(s.finite)
	s.Mean = k + sum/n
	s.Std = math.Sqrt(math.Max(0, (sq-sum*sum/n)/n))
	return s
}

// String is the one-line summary used in matrix and slice displays.
func (s stats) String() string {
	if s.N == 0 {
		return "empty"
	}
	out := fmt.Sprintf("min %s  max %s  mean %s  std %s", num(s.Min), num(s.Max), num(s.Mean), num(s.Std))
	if s.NaN > 0 {
		out += fmt.Sprintf("  NaN %d", s.NaN)
	}
	if s.Inf > 0 {
		out += fmt.Sprintf("  ±Inf %d", s.Inf)
	}
	return out
}

// num formats a number compactly with 4 significant digits.
func num(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// Shown corner sizes of truncated tables.
const (
	headRows, tailRows = 5, 3
	headCols, tailCols = 6, 2
)

// pick returns the indices shown out of n, with -1 standing for the elision.
func pick(n, head, tail int) []int {
	if n <= head+tail+1 {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, 0, head+tail+1)
	for i := range head {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := n - tail; i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}

// MatrixBundle summarises a matrix as text/plain and text/html: its type and
// shape, statistics over all entries (minimum, maximum, mean, standard deviation, NaN and ±Inf counts) and a table of at most 9
// rows and 9 columns (the first and last ones, with … and ⋮ marking what is
// left out). Vectors (mat.Vector) are shown as one row.
func MatrixBundle(m mat.Matrix) Bundle {
	typ := fmt.Sprintf("%T", m)
	if v, ok := m.(mat.Vector); ok {
		n := v.Len()
		return sliceBundle(typ, n, v.AtVec)
	}
	r, c := m.Dims()
	if r == 0 || c == 0 {
		return TextBundle(fmt.Sprintf("%s %d×%d (empty)", typ, r, c))
	}
	var st stats
	if d, ok := m.(mat.RawMatrixer); ok {
		raw := d.RawMatrix()
		st = statsRows(r, func(i int) []float64 { return raw.Data[i*raw.Stride : i*raw.Stride+c] })
	} else {
		st = statsOf(r*c, func(i int) float64 { return m.At(i/c, i%c) })
	}
	rows, cols := pick(r, headRows, tailRows), pick(c, headCols, tailCols)

	// Cell strings.
	cells := make([][]string, len(rows))
	width := make([]int, len(cols))
	for i, ri := range rows {
		cells[i] = make([]string, len(cols))
		for j, cj := range cols {
			var s string
			switch {
			case ri < 0 && cj < 0:
				s = "⋱"
			case ri < 0:
				s = "⋮"
			case cj < 0:
				s = "…"
			default:
				s = num(m.At(ri, cj))
			}
			cells[i][j] = s
			width[j] = max(width[j], len([]rune(s)))
		}
	}
	head := fmt.Sprintf("%s %d×%d", typ, r, c)
	var sb strings.Builder
	sb.WriteString(head)
	sb.WriteString("  ")
	sb.WriteString(st.String())
	for i := range rows {
		sb.WriteString("\n")
		for j := range cols {
			if j > 0 {
				sb.WriteString("  ")
			}
			s := cells[i][j]
			sb.WriteString(strings.Repeat(" ", width[j]-len([]rune(s))))
			sb.WriteString(s)
		}
	}

	var hb strings.Builder
	hb.WriteString(`<div class="gonlm-matrix" style="font-family:monospace;font-size:12px">`)
	fmt.Fprintf(&hb, `<div><b>%s</b> %d×%d &nbsp; <span style="color:#555">%s</span></div>`,
		html.EscapeString(typ), r, c, html.EscapeString(st.String()))
	hb.WriteString(`<table style="border-collapse:collapse;text-align:right">`)
	hb.WriteString(`<tr><th></th>`)
	for _, cj := range cols {
		if cj < 0 {
			hb.WriteString(`<th>…</th>`)
		} else {
			fmt.Fprintf(&hb, `<th style="color:#888;padding:0 6px">%d</th>`, cj)
		}
	}
	hb.WriteString(`</tr>`)
	for i, ri := range rows {
		if ri < 0 {
			hb.WriteString(`<tr><th>⋮</th>`)
		} else {
			fmt.Fprintf(&hb, `<tr><th style="color:#888;padding:0 6px">%d</th>`, ri)
		}
		for j := range cols {
			fmt.Fprintf(&hb, `<td style="padding:0 6px">%s</td>`, cells[i][j])
		}
		hb.WriteString(`</tr>`)
	}
	hb.WriteString(`</table></div>`)
	return Bundle{Data: map[string]any{MIMEText: sb.String(), MIMEHTML: hb.String()}}
}

// sliceBundle summarises a 1-D sequence: short ones are listed in full, long
// ones by their first and last values plus statistics.
func sliceBundle(typ string, n int, at func(i int) float64) Bundle {
	if n == 0 {
		return TextBundle(typ + " (empty)")
	}
	idx := pick(n, 10, 4)
	parts := make([]string, len(idx))
	for k, i := range idx {
		if i < 0 {
			parts[k] = "…"
		} else {
			parts[k] = num(at(i))
		}
	}
	list := "[" + strings.Join(parts, " ") + "]"
	if n <= 14 {
		return TextBundle(list)
	}
	st := statsOf(n, at)
	text := fmt.Sprintf("%s len %d  %s\n%s", typ, n, st, list)
	h := fmt.Sprintf(`<div style="font-family:monospace;font-size:12px"><b>%s</b> len %d &nbsp; <span style="color:#555">%s</span><br>%s</div>`,
		html.EscapeString(typ), n, html.EscapeString(st.String()), html.EscapeString(list))
	return Bundle{Data: map[string]any{MIMEText: text, MIMEHTML: h}}
}
