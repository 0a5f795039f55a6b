package display_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/display/displaytest"
)

func TestProgressThrottle(t *testing.T) {
	rec := displaytest.Install(t)
	p := display.NewProgress(1000)
	p.Label = "training"
	p.Unit = "updates"
	p.Interval = time.Hour // only the first and the final Set may publish
	for i := 1; i <= 1000; i++ {
		if err := p.Set(i, "epoch", i/100, "KL", 0.5/float64(i)); err != nil {
			t.Fatal(err)
		}
	}
	calls := rec.Outputs()
	if len(calls) != 2 {
		t.Fatalf("%d publications, want 2 (first and final)", len(calls))
	}
	if calls[0].Update() || !calls[1].Update() || calls[0].DisplayID != calls[1].DisplayID || calls[0].DisplayID == "" {
		t.Errorf("want display then update with one id: %+v / %+v", calls[0], calls[1])
	}
	final := calls[1].Bundle
	if display.IsFinal(calls[0].Bundle) || !display.IsFinal(final) {
		t.Errorf("done flags: first %v, final %v", display.IsFinal(calls[0].Bundle), display.IsFinal(final))
	}
	if display.KindOf(final) != display.KindProgress {
		t.Errorf("kind %q", display.KindOf(final))
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
	if h := final.Data[display.MIMEHTML].(string); !strings.Contains(h, "width:100.0%") {
		t.Errorf("HTML bar not full: %s", h)
	}
}

func TestProgressRateAndETA(t *testing.T) {
	displaytest.Install(t)
	p := display.NewProgress(100)
	p.Interval = 0
	p.Set(0)
	p.Set(10)
	// Fake the clock: 10 units in 2 s → 5/s, 90 left → ETA 18 s.
	t0 := time.Now()
	p.FakeClock(t0.Add(-2*time.Second), t0)
	txt := p.String()
	for _, s := range []string{"10/100 it (10%)", "5.00 it/s", "ETA 18.0s", "elapsed 2.0s", "[███░░░"} {
		if !strings.Contains(txt, s) {
			t.Errorf("text lacks %q: %s", s, txt)
		}
	}
}

func TestProgressTimeBased(t *testing.T) {
	rec := displaytest.Install(t)
	p := display.NewProgress(0) // unknown total: no bar, no ETA
	p.Interval = 20 * time.Millisecond
	t0 := time.Now()
	for i := range 30 {
		p.Set(i)
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(t0)
	n := len(rec.Outputs())
	// ≥ 150 ms of calls at ≥ 20 ms spacing: at most elapsed/20ms + 1
	// publications, and more than one.
	if limit := int(elapsed/p.Interval) + 1; n < 2 || n > limit {
		t.Errorf("%d publications in %v with a 20 ms interval (limit %d)", n, elapsed, limit)
	}
	if err := p.Finish("state", "stopped"); err != nil {
		t.Fatal(err)
	}
	if !display.IsFinal(rec.Last().Bundle) {
		t.Error("Finish not marked done")
	}
	last := rec.Last().Bundle.Text()
	if strings.Contains(last, "[") || strings.Contains(last, "ETA") || !strings.Contains(last, "29 it") || !strings.Contains(last, "state stopped") {
		t.Errorf("unknown-total bar: %s", last)
	}
}

func TestProgressErrors(t *testing.T) {
	p := display.NewProgress(10)
	if err := p.Set(1); !errors.Is(err, display.ErrNoPublisher) {
		t.Errorf("no publisher: %v", err)
	}
	displaytest.Install(t)
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

func TestLiveCurve(t *testing.T) {
	rec := displaytest.Install(t)
	c := display.NewLiveCurve("KL norm", "epoch", "KL")
	c.LogY = true
	c.Interval = time.Hour
	for i := range 5000 {
		if err := c.Add(float64(i), math.Exp(-float64(i)/500)+1e-4); err != nil {
			t.Fatal(err)
		}
	}
	c.Add(5000, 0) // skipped on a log axis
	if got := len(rec.Outputs()); got != 1 {
		t.Fatalf("%d redraws, want 1 (the first point)", got)
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	calls := rec.Outputs()
	last := calls[len(calls)-1]
	if !last.Update() || last.DisplayID != calls[0].DisplayID || display.KindOf(last.Bundle) != display.KindCurve {
		t.Errorf("flush: %+v", last)
	}
	img := display.DecodePNG(t, last.Bundle)
	if w := img.Bounds().Dx(); w != 864 { // 4.5 in × 96 × 2
		t.Errorf("curve PNG width %d, want 864", w)
	}
	if err := c.Flush(); err != nil || len(rec.Outputs()) != len(calls) {
		t.Errorf("Flush with nothing new redrew (err %v)", err)
	}
	if !strings.Contains(last.Bundle.Text(), "5001 points, last 0") {
		t.Errorf("text %q", last.Bundle.Text())
	}
	if c.Len() != 5001 {
		t.Errorf("Len %d", c.Len())
	}
	display.SetPublisher(nil)
	if err := c.Add(1, 1); !errors.Is(err, display.ErrNoPublisher) || c.Len() != 5002 {
		t.Errorf("without publisher: %v, len %d", err, c.Len())
	}
	if b := display.NewLiveCurve("empty", "", "").Render(); display.DecodePNG(t, b).Bounds().Dx() != 864 {
		t.Error("empty curve does not render")
	}
}

func TestLiveCurveOnePointLog(t *testing.T) {
	rec := displaytest.Install(t)
	c := display.NewLiveCurve("KL", "epoch", "KL")
	c.LogY = true
	if err := c.Add(1, 0.1); err != nil {
		t.Fatal(err)
	}
	if len(rec.Outputs()) != 1 {
		t.Fatal("first point not drawn")
	}
	display.DecodePNG(t, rec.Outputs()[0].Bundle)
}

func TestAnimation(t *testing.T) {
	rec := displaytest.Install(t)
	a := display.NewAnimation()
	a.Interval = time.Hour
	for i := range 10 {
		if err := a.Frame(display.Digits(i + 1)); err != nil {
			t.Fatal(err)
		}
	}
	if a.Frames() != 1 || a.Due() {
		t.Fatalf("frames %d, due %v", a.Frames(), a.Due())
	}
	if err := a.Show(display.Digits(36)); err != nil {
		t.Fatal(err)
	}
	calls := rec.Outputs()
	if len(calls) != 2 || calls[1].DisplayID != calls[0].DisplayID || !calls[1].Update() || display.KindOf(calls[1].Bundle) != display.KindAnimation {
		t.Fatalf("calls %+v", calls)
	}
	if !strings.Contains(calls[1].Bundle.Text(), "36 images") {
		t.Errorf("last frame %q", calls[1].Bundle.Text())
	}
	if err := a.Show(nil); err == nil {
		t.Error("nil frame accepted")
	}
	display.SetPublisher(nil)
	if err := a.Frame(1); !errors.Is(err, display.ErrNoPublisher) {
		t.Errorf("no publisher: %v", err)
	}
}

func TestShowSkipsNil(t *testing.T) {
	rec := displaytest.Install(t)
	if err := display.Show(nil, "a", nil, 2); err != nil {
		t.Fatal(err)
	}
	calls := rec.Outputs()
	if len(calls) != 2 || calls[0].Bundle.Text() != "a" || calls[1].Bundle.Text() != "2" {
		t.Fatalf("calls %+v", calls)
	}
}

// BenchmarkProgressSet measures a throttled Set (the per-update cost a
// training callback pays when no publication is due).
func BenchmarkProgressSet(b *testing.B) {
	displaytest.Install(b)
	p := display.NewProgress(1 << 30)
	p.Interval = time.Hour
	i := 0
	for b.Loop() {
		i++
		p.Set(i, "epoch", i)
	}
}
