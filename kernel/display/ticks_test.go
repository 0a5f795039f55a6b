package display

import (
	"strings"
	"testing"
)

// A log axis has at least three labels whatever its range (the KL-norm curve
// of a short training spans less than a decade).
func TestLogTicks(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     string
	}{
		{1e-5, 1, "1e-05 0.0001 0.001 0.01 0.1 1"},
		{0.0013, 0.05, "0.002 0.005 0.01 0.02 0.05"},
		{0.0012, 0.006, "0.002 0.003 0.004 0.005 0.006"},
		{0.0014, 0.0021, "0.0014 0.0016 0.0018 0.002"},
		{150, 900, "200 300 400 500 600 700 900"},
	} {
		var labels []string
		for _, tk := range (logTicks{}).Ticks(tc.min, tc.max) {
			if tk.Value < tc.min*(1-1e-9) || tk.Value > tc.max*(1+1e-9) {
				t.Errorf("[%g, %g]: tick %g outside", tc.min, tc.max, tk.Value)
			}
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("[%g, %g]: labels %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}

func TestLinearTicks(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     string
	}{
		{1, 20, "5 10 15 20"},
		{0, 3000, "0 1000 2000 3000"},
		{0.5, 0.9, "0.5 0.6 0.7 0.8 0.9"},
		{2, 2, "2"},
	} {
		var labels []string
		for _, tk := range linearTicks(tc.min, tc.max) {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("[%g, %g]: %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}

func TestWholeTicks(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     string
	}{
		{1, 3, "1 2 3"},
		{0.8, 3.2, "1 2 3"},
		{1, 20, "5 10 15 20"},
	} {
		var labels []string
		for _, tk := range wholeTicks(tc.min, tc.max) {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("[%g, %g]: %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
	if !whole([]float64{1, 2, 3}) || whole([]float64{1, 2.5}) || whole(nil) {
		t.Error("whole")
	}
}
