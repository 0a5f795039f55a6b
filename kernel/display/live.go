package display

import (
	"fmt"
	"html"
	"image/color"
	"math"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// MaxOverhead is the largest fraction of wall time a live output (progress
// bar, live curve, animation) may spend rendering and publishing: after an
// update that took d, the next one waits at least d/MaxOverhead. With the
// default 0.02, a curve that takes 30 ms to draw is redrawn at most every
// 1.5 s, so three live outputs together cost training under 5%.
var MaxOverhead = 0.02

// throttle decides when a live output may publish again: at least min after
// the previous publication and at least cost/MaxOverhead after it, where cost
// is how long the previous publication took.
type throttle struct {
	min  time.Duration
	last time.Time
	cost time.Duration
}

// gap is the current minimum time between publications.
func (t *throttle) gap() time.Duration {
	g := t.min
	if MaxOverhead > 0 {
		if c := time.Duration(float64(t.cost) / MaxOverhead); c > g {
			g = c
		}
	}
	return g
}

func (t *throttle) due(now time.Time) bool {
	return t.last.IsZero() || now.Sub(t.last) >= t.gap()
}

// record notes a publication that started at start and ends now.
func (t *throttle) record(start time.Time) {
	t.last = start
	t.cost = time.Since(start)
}

// Progress is a progress bar that updates in place: a coloured bar in HTML
// and a text bar as the text/plain fallback (the scripting mode prints the
// text to the terminal), with done/total, percentage, rate (units per second
// since the first Set), elapsed time, ETA = (total − done)/rate, and any extra
// fields. Set may be called as often as you like (e.g. from a training
// callback): it publishes at most every Interval (default 250 ms) and never
// spends more than [MaxOverhead] of the time publishing. The last update
// (done == total) and [Progress.Finish] always publish.
//
//	p := display.NewProgress(1000)
//	for i := 1; i <= 1000; i++ { work(); p.Set(i, "loss", loss) }
type Progress struct {
	// Total is the number of units of work (0: unknown, no bar or ETA).
	Total int
	// Label is shown before the bar.
	Label string
	// Unit names what is counted ("updates", "steps"; default "it").
	Unit string
	// Interval is the minimum time between two publications.
	Interval time.Duration

	mu       sync.Mutex
	d        *Display
	thr      throttle
	start    time.Time
	first    int
	now      time.Time
	done     int
	fields   []any
	dirty    bool
	finished bool
	elapsed  time.Duration // shown instead of now − start when ≥ 0
	clock    bool          // elapsed is set
}

// NewProgress returns a progress bar for total units of work. Nothing is
// shown before the first Set.
func NewProgress(total int) *Progress {
	return &Progress{Total: total, Unit: "it", Interval: 250 * time.Millisecond, d: New()}
}

// Set records that done units are finished, with optional extra fields as
// alternating names and values ("epoch", 3, "KL", 0.012), and publishes if
// it is time to (see [Progress]). It returns [ErrNoPublisher] without a
// publisher and an error for a malformed field list.
func (p *Progress) Set(done int, fields ...any) error {
	if len(fields)%2 != 0 {
		return fmt.Errorf("display: Progress fields come in name, value pairs; got %d values", len(fields))
	}
	if CurrentPublisher() == nil {
		return ErrNoPublisher
	}
	now := time.Now()
	p.mu.Lock()
	if p.d == nil {
		p.d = New()
	}
	if p.start.IsZero() {
		p.start, p.first = now, done
	}
	p.now, p.done = now, done
	if len(fields) > 0 {
		p.fields = append(p.fields[:0], fields...)
	}
	p.dirty = true
	p.thr.min = p.Interval
	final := p.Total > 0 && done >= p.Total
	if !final && !p.thr.due(now) {
		p.mu.Unlock()
		return nil
	}
	return p.publishLocked(now)
}

// SetElapsed makes the bar show elapsed as its elapsed time (for example a
// trainer's own clock, which counts every run of a resumed training) instead
// of the time since its first Set; the rate and ETA are still measured by the
// bar. It takes effect with the next publication.
func (p *Progress) SetElapsed(elapsed time.Duration) {
	p.mu.Lock()
	p.elapsed, p.clock = elapsed, true
	p.mu.Unlock()
}

// Restart makes the bar start over as a new output: the next Set shows it
// below the cell that runs then (a new display id), with its clock, rate and
// ETA measured afresh, instead of updating the output shown so far. Use it
// when work resumes in a later cell (views.Training does, for a resumed
// trainer).
func (p *Progress) Restart() {
	p.mu.Lock()
	p.d = New()
	p.start, p.first, p.now = time.Time{}, 0, time.Time{}
	p.thr = throttle{}
	p.finished, p.dirty, p.clock = false, false, false
	p.mu.Unlock()
}

// Add advances the bar by n units (see [Progress.Set]).
func (p *Progress) Add(n int, fields ...any) error {
	p.mu.Lock()
	done := p.done + n
	p.mu.Unlock()
	return p.Set(done, fields...)
}

// Finish publishes the current state now, marked as final (use it after an
// interrupted loop so the bar shows where it stopped); fields, if given,
// replace the extra fields. A final bar has Metadata["gonlm"]["done"] =
// true, as has one whose done count reached Total.
func (p *Progress) Finish(fields ...any) error {
	if len(fields)%2 != 0 {
		return fmt.Errorf("display: Progress fields come in name, value pairs; got %d values", len(fields))
	}
	p.mu.Lock()
	if p.d == nil {
		p.d = New()
	}
	if len(fields) > 0 {
		p.fields = append(p.fields[:0], fields...)
	}
	now := time.Now()
	if p.start.IsZero() {
		p.start, p.first = now, p.done
	}
	p.now = now
	p.finished = true
	return p.publishLocked(now)
}

// publishLocked renders and publishes; it unlocks p.mu.
func (p *Progress) publishLocked(now time.Time) error {
	b := p.renderLocked()
	d := p.d
	p.dirty = false
	p.mu.Unlock()
	err := d.Update(b)
	p.mu.Lock()
	p.thr.record(now)
	p.mu.Unlock()
	return err
}

// Render returns the bar's current bundle (HTML and text), so a Progress
// can also be shown with display.Show or as a cell's value.
func (p *Progress) Render() Bundle {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.renderLocked()
}

// String returns the text form of the bar.
func (p *Progress) String() string {
	return p.Render().Text()
}

func (p *Progress) renderLocked() Bundle {
	unit := p.Unit
	if unit == "" {
		unit = "it"
	}
	elapsed := p.now.Sub(p.start)
	rate := math.NaN()
	if s := elapsed.Seconds(); s > 0 && p.done > p.first {
		rate = float64(p.done-p.first) / s
	}
	if p.clock {
		elapsed = p.elapsed
	}
	final := p.finished || (p.Total > 0 && p.done >= p.Total)
	frac := math.NaN()
	if p.Total > 0 {
		frac = math.Max(0, math.Min(1, float64(p.done)/float64(p.Total)))
	}
	var info []string
	if p.Total > 0 {
		info = append(info, fmt.Sprintf("%d/%d %s (%.0f%%)", p.done, p.Total, unit, 100*frac))
	} else {
		info = append(info, fmt.Sprintf("%d %s", p.done, unit))
	}
	if !math.IsNaN(rate) {
		info = append(info, fmt.Sprintf("%s %s/s", fmtRate(rate), unit))
	}
	info = append(info, "elapsed "+fmtDuration(elapsed))
	if p.Total > 0 && !math.IsNaN(rate) && rate > 0 && !final {
		eta := time.Duration(float64(p.Total-p.done) / rate * float64(time.Second))
		info = append(info, "ETA "+fmtDuration(eta))
	}
	for i := 0; i+1 < len(p.fields); i += 2 {
		info = append(info, fmt.Sprintf("%v %s", p.fields[i], fieldValue(p.fields[i+1])))
	}
	line := strings.Join(info, " · ")

	const barWidth = 30
	var tb strings.Builder
	if p.Label != "" {
		tb.WriteString(p.Label)
		tb.WriteString(" ")
	}
	if p.Total > 0 {
		n := int(math.Round(frac * barWidth))
		tb.WriteString("[" + strings.Repeat("█", n) + strings.Repeat("░", barWidth-n) + "] ")
	}
	tb.WriteString(line)

	var hb strings.Builder
	hb.WriteString(`<div class="gonlm-progress" style="font-family:monospace;font-size:12px;display:flex;align-items:center;gap:8px">`)
	if p.Label != "" {
		fmt.Fprintf(&hb, `<span>%s</span>`, html.EscapeString(p.Label))
	}
	if p.Total > 0 {
		color := "#4a90d9"
		if frac >= 1 {
			color = "#3aa655"
		}
		fmt.Fprintf(&hb, `<div style="width:240px;height:12px;background:#e6e6e6;border-radius:3px;overflow:hidden"><div style="width:%.1f%%;height:100%%;background:%s"></div></div>`, 100*frac, color)
	}
	fmt.Fprintf(&hb, `<span>%s</span></div>`, html.EscapeString(line))
	b := Bundle{Data: map[string]any{MIMEText: tb.String(), MIMEHTML: hb.String()}}
	// The parts of the text, for a terminal to lay out (see ProgressLine).
	md := map[string]any{"kind": KindProgress, "label": p.Label, "info": line}
	if p.Total > 0 {
		md["fraction"] = frac
	}
	if final {
		md["done"] = true
	}
	b.Metadata = map[string]any{"gonlm": md}
	return b
}

// ProgressLine lays out a progress bar's bundle (see [Progress]) as one
// terminal line of at most width columns: the label, a bar as wide as the
// room allows (10 to 40 cells) and the information fields that fit. Fields
// are given up in this order until the line fits: the rate, the elapsed
// time, the extra fields from the last, the ETA; done/total stays, and a
// line still too long is cut. With width ≤ 0 the line is not limited. A
// bundle that is not a progress bar gives its text, cut to width.
func ProgressLine(b Bundle, width int) string {
	md, _ := b.Metadata["gonlm"].(map[string]any)
	info, ok := md["info"].(string)
	if !ok || KindOf(b) != KindProgress {
		return cutColumns(b.Text(), width)
	}
	if width <= 0 {
		width = math.MaxInt32
	}
	label, _ := md["label"].(string)
	frac, hasBar := md["fraction"].(float64)
	fields := strings.Split(info, " · ")
	head := ""
	if label != "" {
		head = label + " "
	}
	// The order in which fields are dropped.
	var rate, elapsed, eta, extra []int
	for i, f := range fields[1:] {
		switch i++; {
		case strings.HasSuffix(f, "/s") && rate == nil && elapsed == nil:
			rate = append(rate, i)
		case strings.HasPrefix(f, "elapsed ") && elapsed == nil:
			elapsed = append(elapsed, i)
		case strings.HasPrefix(f, "ETA ") && eta == nil:
			eta = append(eta, i)
		default:
			extra = append([]int{i}, extra...)
		}
	}
	drops := append(append(append(rate, elapsed...), extra...), eta...)
	keep := make([]bool, len(fields))
	for i := range keep {
		keep[i] = true
	}
	line := func(bar int) string {
		var kept []string
		for i, f := range fields {
			if keep[i] {
				kept = append(kept, f)
			}
		}
		tail := strings.Join(kept, " · ")
		if !hasBar {
			return head + tail
		}
		k := int(math.Round(frac * float64(bar)))
		return head + "[" + strings.Repeat("█", k) + strings.Repeat("░", bar-k) + "] " + tail
	}
	for d := 0; ; d++ {
		bar := 0
		if hasBar {
			bar = max(10, min(40, width-runeCount(line(0)))) // line(0) has an empty bar
		}
		if l := line(bar); runeCount(l) <= width || d == len(drops) {
			return cutColumns(l, width)
		}
		keep[drops[d]] = false
	}
}

func runeCount(s string) int { return len([]rune(s)) }

// cutColumns cuts s to its first line and to width runes (one column each),
// ending in … when cut.
func cutColumns(s string, width int) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	r := []rune(s)
	if width <= 0 || len(r) <= width {
		return s
	}
	if width == 1 {
		return "…"
	}
	return string(r[:width-1]) + "…"
}

func fieldValue(v any) string {
	switch x := v.(type) {
	case float64:
		return num(x)
	case float32:
		return num(float64(x))
	case time.Duration:
		return fmtDuration(x)
	}
	return fmt.Sprint(v)
}

// fmtRate prints a rate with a precision that suits its size: 0.123,
// 2.35, 12.3, 1234.
func fmtRate(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f", r)
	case r >= 10:
		return fmt.Sprintf("%.1f", r)
	case r >= 1:
		return fmt.Sprintf("%.2f", r)
	}
	return num(r)
}

// fmtDuration prints a duration compactly: 850ms, 12.3s, 4m05s, 2h03m.
func fmtDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// LiveCurve is a line plot that grows and redraws in place, such as the
// KL-norm curve during training. Add appends a point and redraws when it is
// time (at most every Interval, default 1 s, and within [MaxOverhead]).
// Curves with many points are thinned for drawing (every k-th point, so at
// most 2000 are drawn); all points are kept.
type LiveCurve struct {
	// Title and the axis labels of the plot.
	Title, XLabel, YLabel string
	// LogY draws the y axis on a log scale (points with y ≤ 0 are skipped).
	LogY bool
	// Width and Height are the displayed size (default 4.5 × 2.5 inches).
	Width, Height vg.Length
	// Interval is the minimum time between redraws.
	Interval time.Duration

	mu     sync.Mutex
	d      *Display
	thr    throttle
	xs, ys []float64
	drawn  int // number of points in the last published drawing (-1: none)
}

// NewLiveCurve returns an empty live curve with the given labels.
func NewLiveCurve(title, xlabel, ylabel string) *LiveCurve {
	return &LiveCurve{Title: title, XLabel: xlabel, YLabel: ylabel,
		Width: 4.5 * vg.Inch, Height: 2.5 * vg.Inch, Interval: time.Second, d: New(), drawn: -1}
}

// Add appends the point (x, y) and redraws if it is time. Without a
// publisher the point is kept and [ErrNoPublisher] returned.
func (c *LiveCurve) Add(x, y float64) error {
	now := time.Now()
	c.mu.Lock()
	c.xs = append(c.xs, x)
	c.ys = append(c.ys, y)
	if CurrentPublisher() == nil {
		c.mu.Unlock()
		return ErrNoPublisher
	}
	c.thr.min = c.Interval
	due := c.thr.due(now)
	c.mu.Unlock()
	if !due {
		return nil
	}
	return c.redraw(now)
}

// Flush draws the curve now with every point added so far, unless the last
// drawing already shows them all.
func (c *LiveCurve) Flush() error {
	c.mu.Lock()
	current := c.drawn == len(c.xs) && c.d != nil && c.d.shownOnce()
	c.mu.Unlock()
	if current {
		return nil
	}
	return c.redraw(time.Now())
}

// Restart makes the curve show itself as a new output at its next drawing
// (a new display id, below the cell that runs then), with every point kept,
// instead of redrawing the output shown so far.
func (c *LiveCurve) Restart() {
	c.mu.Lock()
	c.d = New()
	c.drawn = -1
	c.thr = throttle{}
	c.mu.Unlock()
}

// Len returns the number of points.
func (c *LiveCurve) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.xs)
}

func (c *LiveCurve) redraw(start time.Time) error {
	c.mu.Lock()
	n := len(c.xs)
	c.mu.Unlock()
	b, err := c.bundle()
	if err != nil {
		c.mu.Lock()
		c.thr.record(start)
		c.mu.Unlock()
		return err
	}
	c.mu.Lock()
	if c.d == nil {
		c.d = New()
	}
	d := c.d
	c.mu.Unlock()
	err = d.Update(b)
	c.mu.Lock()
	c.thr.record(start)
	if err == nil {
		c.drawn = n
	}
	c.mu.Unlock()
	return err
}

func (c *LiveCurve) bundle() (Bundle, error) {
	p, err := c.Plot()
	if err != nil {
		return Bundle{}, err
	}
	c.mu.Lock()
	w, h, n := c.Width, c.Height, len(c.ys)
	last := math.NaN()
	if n > 0 {
		last = c.ys[n-1]
	}
	c.mu.Unlock()
	b, err := PlotBundle(p, PlotOptions{Width: w, Height: h})
	if err != nil {
		return Bundle{}, err
	}
	b.Data[MIMEText] = fmt.Sprintf("<%s: %d points, last %s>", c.Title, n, num(last))
	return withKind(b, KindCurve), nil
}

// Plot returns the curve drawn as a gonum/plot plot (to save or restyle it).
func (c *LiveCurve) Plot() (*plot.Plot, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.xs)
	stride := 1
	if n > 2000 {
		stride = (n + 1999) / 2000
	}
	pts := make(plotter.XYs, 0, n/stride+1)
	for i := 0; i < n; i += stride {
		x, y := c.xs[i], c.ys[i]
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) || (c.LogY && y <= 0) {
			continue
		}
		pts = append(pts, plotter.XY{X: x, Y: y})
	}
	if n > 0 && (n-1)%stride != 0 {
		x, y := c.xs[n-1], c.ys[n-1]
		if !(math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) || (c.LogY && y <= 0)) {
			pts = append(pts, plotter.XY{X: x, Y: y})
		}
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.XLabel
	p.Y.Label.Text = c.YLabel
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker = plot.TickerFunc(linearTicks)
	if whole(c.xs) {
		p.X.Tick.Marker = plot.TickerFunc(wholeTicks) // epochs: 1, 2, 3, not 1.5
	}
	if c.LogY && len(pts) > 0 {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		// Set the range so that a single value (for which gonum/plot would
		// pad the axis below zero) still has a positive one.
		lo, hi := pts[0].Y, pts[0].Y
		for _, pt := range pts {
			lo, hi = min(lo, pt.Y), max(hi, pt.Y)
		}
		if lo == hi {
			lo, hi = lo/2, hi*2
		}
		p.Y.Min, p.Y.Max = lo, hi
	}
	if len(pts) > 0 {
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("display: LiveCurve: %w", err)
		}
		l.Color = color.RGBA{0, 114, 178, 255}
		l.Width = vg.Points(1.5)
		p.Add(l)
		if len(pts) == 1 {
			s, err := plotter.NewScatter(pts)
			if err == nil {
				p.Add(s)
			}
		}
	}
	return p, nil
}

// Render returns the current curve as a PNG bundle (or text on failure).
func (c *LiveCurve) Render() Bundle {
	b, err := c.bundle()
	if err != nil {
		return TextBundle(err.Error())
	}
	return b
}

// Animation shows a sequence of frames (images, plots, sample sets — anything
// [Render] handles) in one output that is replaced in place, e.g. chains
// changing while they sample. Frame drops frames that come too fast (at most
// one every Interval, default 250 ms, within [MaxOverhead]); check
// [Animation.Due] before building an expensive frame.
//
//	a := display.NewAnimation()
//	for step := 0; step < 100; step++ {
//		s.Run(ctx, 50)
//		if a.Due() { a.Frame(grid(s.States())) }
//	}
type Animation struct {
	// Interval is the minimum time between two shown frames.
	Interval time.Duration

	mu     sync.Mutex
	d      *Display
	thr    throttle
	frames int
}

// NewAnimation returns an animation; nothing is shown before the first frame.
func NewAnimation() *Animation {
	return &Animation{Interval: 250 * time.Millisecond, d: New()}
}

// Due reports whether the next Frame would be shown.
func (a *Animation) Due() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.thr.min = a.Interval
	return a.thr.due(time.Now())
}

// Frame shows v in place of the previous frame if it is time to (see
// [Animation]); otherwise it drops v and returns nil.
func (a *Animation) Frame(v any) error {
	if CurrentPublisher() == nil {
		return ErrNoPublisher
	}
	if !a.Due() {
		return nil
	}
	return a.Show(v)
}

// Show shows v in place of the previous frame now, whatever the time (use it
// for the last frame).
func (a *Animation) Show(v any) error {
	start := time.Now()
	b, ok := Render(v)
	if !ok {
		return fmt.Errorf("display: animation frame is nil")
	}
	b = withKind(b, KindAnimation)
	a.mu.Lock()
	if a.d == nil {
		a.d = New()
	}
	d := a.d
	a.mu.Unlock()
	err := d.Update(b)
	a.mu.Lock()
	a.thr.record(start)
	if err == nil {
		a.frames++
	}
	a.mu.Unlock()
	return err
}

// Frames returns how many frames have been shown.
func (a *Animation) Frames() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.frames
}
