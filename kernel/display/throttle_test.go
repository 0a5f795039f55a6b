package display

import (
	"testing"
	"time"
)

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
