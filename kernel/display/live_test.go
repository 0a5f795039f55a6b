package display

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestProgressThrottle(t *testing.T) {
	f := usePublisher(t)
	p := NewProgress(1000)
	p.Label = "training"
	p.Unit = "updates"
	p.Interval = time.Hour // only the first and the final Set may publish
	for i := 1; i <= 1000; i++ {
		if err := p.Set(i, "epoch", i/100, "KL", 0.5/float64(i)); err != nil {
			t.Fatal(err)
		}
	}
	calls := f.all()
	if len(calls) != 2 {
		t.Fatalf("%d publications, want 2 (first and final)", len(calls))
	}
	if calls[0].update || !calls[1].update || calls[0].id != calls[1].id || calls[0].id == "" {
		t.Errorf("want display then update with one id: %+v / %+v", calls[0], calls[1])
	}
	final := calls[1].b
	if Done(calls[0].b) || !Done(final) {
		t.Errorf("done flags: first %v, final %v", Done(calls[0].b), Done(final))
	}
	if KindOf(final) != KindProgress {
		t.Errorf("kind %q", KindOf(final))
	}
	txt := final.Text()
	for _, s := range []string{"training [██████████████████████████████]", "1000/1000 updates (100%)", "updates/s", "epoch 10", "KL 0.0005", "elapsed"} {
		if !strings.Contains(txt, s) {
			t.Errorf("text lacks %q: %s", s, txt)
		}
	}
	if strings.Contains(txt, "ETA") {
		t.Errorf("finished bar shows an ETA: %s", txt)
	}
	if h := final.Data[MIMEHTML].(string); !strings.Contains(h, "width:100.0%") {
		t.Errorf("HTML bar not full: %s", h)
	}
}

func TestProgressRateAndETA(t *testing.T) {
	usePublisher(t)
	p := NewProgress(100)
	p.Interval = 0
	t0 := time.Now()
	p.Set(0)
	// Fake the clock: 10 units in 2 s → 5/s, 90 left → ETA 18 s.
	p.mu.Lock()
	p.start = t0.Add(-2 * time.Second)
	p.mu.Unlock()
	p.Set(10)
	p.mu.Lock()
	p.now = p.start.Add(2 * time.Second)
	p.mu.Unlock()
	txt := p.String()
	for _, s := range []string{"10/100 it (10%)", "5.00 it/s", "ETA 18.0s", "elapsed 2.0s", "[███░░░"} {
		if !strings.Contains(txt, s) {
			t.Errorf("text lacks %q: %s", s, txt)
		}
	}
}

func TestProgressTimeBased(t *testing.T) {
	f := usePublisher(t)
	p := NewProgress(0) // unknown total: no bar, no ETA
	p.Interval = 20 * time.Millisecond
	t0 := time.Now()
	for i := range 30 {
		p.Set(i)
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(t0)
	n := len(f.all())
	// ≥ 150 ms of calls at ≥ 20 ms spacing: at most elapsed/20ms + 1
	// publications, and more than one.
	if limit := int(elapsed/p.Interval) + 1; n < 2 || n > limit {
		t.Errorf("%d publications in %v with a 20 ms interval (limit %d)", n, elapsed, limit)
	}
	if err := p.Finish("state", "stopped"); err != nil {
		t.Fatal(err)
	}
	if !Done(f.all()[len(f.all())-1].b) {
		t.Error("Finish not marked done")
	}
	last := f.all()[len(f.all())-1].b.Text()
	if strings.Contains(last, "[") || strings.Contains(last, "ETA") || !strings.Contains(last, "29 it") || !strings.Contains(last, "state stopped") {
		t.Errorf("unknown-total bar: %s", last)
	}
}

func TestProgressErrors(t *testing.T) {
	p := NewProgress(10)
	if err := p.Set(1); !errors.Is(err, ErrNoPublisher) {
		t.Errorf("no publisher: %v", err)
	}
	usePublisher(t)
	if err := p.Set(1, "lonely"); err == nil || !strings.Contains(err.Error(), "pairs") {
		t.Errorf("odd fields: %v", err)
	}
	if err := p.Add(2); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.String(), "2/10") {
		t.Errorf("Add: %s", p.String())
	}
}

func TestThrottleOverheadBudget(t *testing.T) {
	old := MaxOverhead
	MaxOverhead = 0.02
	defer func() { MaxOverhead = old }()
	th := throttle{min: 10 * time.Millisecond}
	th.last = time.Now()
	th.cost = 40 * time.Millisecond // → gap 2 s
	if g := th.gap(); g != 2*time.Second {
		t.Errorf("gap %v, want 2s", g)
	}
	if th.due(th.last.Add(time.Second)) || !th.due(th.last.Add(2*time.Second)) {
		t.Error("due ignores the overhead budget")
	}
}

func TestLiveCurve(t *testing.T) {
	f := usePublisher(t)
	c := NewLiveCurve("KL norm", "epoch", "KL")
	c.LogY = true
	c.Interval = time.Hour
	for i := range 5000 {
		if err := c.Add(float64(i), math.Exp(-float64(i)/500)+1e-4); err != nil {
			t.Fatal(err)
		}
	}
	c.Add(5000, 0) // skipped on a log axis
	if got := len(f.all()); got != 1 {
		t.Fatalf("%d redraws, want 1 (the first point)", got)
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	calls := f.all()
	last := calls[len(calls)-1]
	if !last.update || last.id != calls[0].id || KindOf(last.b) != KindCurve {
		t.Errorf("flush: %+v", last)
	}
	img := decodePNG(t, last.b)
	if w := img.Bounds().Dx(); w != 864 { // 4.5 in × 96 × 2
		t.Errorf("curve PNG width %d, want 864", w)
	}
	if err := c.Flush(); err != nil || len(f.all()) != len(calls) {
		t.Errorf("Flush with nothing new redrew (err %v)", err)
	}
	if !strings.Contains(last.b.Text(), "5001 points, last 0") {
		t.Errorf("text %q", last.b.Text())
	}
	if c.Len() != 5001 {
		t.Errorf("Len %d", c.Len())
	}
	SetPublisher(nil)
	if err := c.Add(1, 1); !errors.Is(err, ErrNoPublisher) || c.Len() != 5002 {
		t.Errorf("without publisher: %v, len %d", err, c.Len())
	}
	if b := NewLiveCurve("empty", "", "").Render(); decodePNG(t, b).Bounds().Dx() != 864 {
		t.Error("empty curve does not render")
	}
}

func TestLiveCurveOnePointLog(t *testing.T) {
	f := usePublisher(t)
	c := NewLiveCurve("KL", "epoch", "KL")
	c.LogY = true
	if err := c.Add(1, 0.1); err != nil {
		t.Fatal(err)
	}
	if len(f.all()) != 1 {
		t.Fatal("first point not drawn")
	}
	decodePNG(t, f.all()[0].b)
}

func TestAnimation(t *testing.T) {
	f := usePublisher(t)
	a := NewAnimation()
	a.Interval = time.Hour
	for i := range 10 {
		if err := a.Frame(digits{i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	if a.Frames() != 1 || a.Due() {
		t.Fatalf("frames %d, due %v", a.Frames(), a.Due())
	}
	if err := a.Show(digits{36}); err != nil {
		t.Fatal(err)
	}
	calls := f.all()
	if len(calls) != 2 || calls[1].id != calls[0].id || !calls[1].update || KindOf(calls[1].b) != KindAnimation {
		t.Fatalf("calls %+v", calls)
	}
	if !strings.Contains(calls[1].b.Text(), "36 images") {
		t.Errorf("last frame %q", calls[1].b.Text())
	}
	if err := a.Show(nil); err == nil {
		t.Error("nil frame accepted")
	}
	SetPublisher(nil)
	if err := a.Frame(1); !errors.Is(err, ErrNoPublisher) {
		t.Errorf("no publisher: %v", err)
	}
}

func TestFmtRate(t *testing.T) {
	for _, tc := range []struct {
		r    float64
		want string
	}{{220912.4, "220912"}, {123.4, "123"}, {12.34, "12.3"}, {2.345, "2.35"}, {0.01234, "0.01234"}} {
		if got := fmtRate(tc.r); got != tc.want {
			t.Errorf("fmtRate(%g) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestFmtDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{850 * time.Millisecond, "850ms"},
		{12300 * time.Millisecond, "12.3s"},
		{4*time.Minute + 5*time.Second, "4m05s"},
		{2*time.Hour + 3*time.Minute, "2h03m"},
	}
	for _, tc := range tests {
		if got := fmtDuration(tc.d); got != tc.want {
			t.Errorf("fmtDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// ProgressLine fits a bar to a terminal's width: the bar shrinks (to 10
// cells), then information fields are dropped from the right, then the line
// is cut; it never exceeds the width.
func TestProgressLine(t *testing.T) {
	usePublisher(t)
	p := NewProgress(720)
	p.Label = "training"
	p.Unit = "updates"
	p.Interval = 0
	p.Set(0)
	p.mu.Lock()
	p.start = p.start.Add(-10 * time.Second)
	p.mu.Unlock()
	p.Set(360, "epoch", "10/20", "KL norm", 0.001381)
	b := p.Render()
	full := ProgressLine(b, 0)
	if !strings.HasPrefix(full, "training [████████████████████░░░░░░░░░░░░░░░░░░░░] 360/720 updates (50%) · ") ||
		!strings.HasSuffix(full, "epoch 10/20 · KL norm 0.001381") {
		t.Errorf("unlimited: %q", full)
	}
	for _, w := range []int{200, 120, 80, 60, 40, 20, 5} {
		line := ProgressLine(b, w)
		if n := len([]rune(line)); n > w {
			t.Errorf("width %d: %d columns: %q", w, n, line)
		}
		if w >= 10 && !strings.HasPrefix(line, "training") {
			t.Errorf("width %d: %q", w, line)
		}
		if w >= 60 && (!strings.Contains(line, "░] 360/720 updates (50%)") || strings.Contains(line, "…")) {
			t.Errorf("width %d: the bar and done/total should fit whole: %q", w, line)
		}
		t.Logf("%3d %s", w, line)
	}
	// In 80 columns the rate, the elapsed time and the last extra field give
	// way; the ETA and the epoch stay.
	if got := ProgressLine(b, 80); !strings.Contains(got, "ETA 10.0s · epoch 10/20") || strings.Contains(got, "KL norm") ||
		strings.Contains(got, "updates/s") || strings.Contains(got, "elapsed") {
		t.Errorf("80 columns: %q", got)
	}
	if got := ProgressLine(TextBundle("plain\nsecond line"), 3); got != "pl…" {
		t.Errorf("plain bundle: %q", got)
	}
}

// Restart shows the bar anew (a new display id, fresh clock); SetElapsed
// replaces the bar's own elapsed time.
func TestProgressRestartAndElapsed(t *testing.T) {
	f := usePublisher(t)
	p := NewProgress(10)
	p.Interval = 0
	p.Set(4)
	p.Finish()
	p.Restart()
	p.SetElapsed(90 * time.Second)
	p.Set(5)
	calls := f.all()
	if len(calls) != 3 {
		t.Fatalf("%d publications", len(calls))
	}
	if calls[2].id == calls[0].id || calls[2].update {
		t.Errorf("after Restart: id %q (was %q), update %v; want a new output", calls[2].id, calls[0].id, calls[2].update)
	}
	if txt := calls[2].b.Text(); !strings.Contains(txt, "elapsed 1m30s") || Done(calls[2].b) {
		t.Errorf("restarted bar: %q (done %v)", txt, Done(calls[2].b))
	}
	if txt := calls[1].b.Text(); strings.Contains(txt, "ETA") || !Done(calls[1].b) {
		t.Errorf("finished bar shows an ETA or is not done: %q", txt)
	}

	c := NewLiveCurve("KL", "epoch", "kl")
	c.Interval = 0
	c.Add(1, 1)
	c.Restart()
	c.Add(2, 0.5)
	calls = f.all()[3:]
	if len(calls) != 2 || calls[1].id == calls[0].id || calls[1].update || !strings.Contains(calls[1].b.Text(), "2 points") {
		t.Errorf("curve restart: %+v", calls)
	}
}
