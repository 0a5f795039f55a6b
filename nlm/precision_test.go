package nlm

import (
	"errors"
	"strings"
	"testing"

	"github.com/gonlm/gonlm/nlm/internal/engine"
)

// withPrecision runs f with SetPrecision(p) and restores the setting; it
// skips when the CPU cannot run p.
func withPrecision(t *testing.T, p Precision, f func(t *testing.T)) {
	t.Helper()
	old := precision.Load()
	defer precision.Store(old)
	if err := SetPrecision(p); err != nil {
		t.Skipf("%v", err)
	}
	f(t)
}

// forPrecisions runs f as a subtest in float32 and, where the CPU has bf16
// units, in bf16.
func forPrecisions(t *testing.T, f func(t *testing.T, p Precision)) {
	for _, p := range []Precision{Float32, BF16} {
		t.Run(p.String(), func(t *testing.T) {
			withPrecision(t, p, func(t *testing.T) { f(t, p) })
		})
	}
}

// TestPrecision checks SetPrecision's errors, the default and what
// Backend reports in each precision.
func TestPrecision(t *testing.T) {
	old := precision.Load()
	defer precision.Store(old)
	for _, p := range []Precision{0, 3, -1} {
		if err := SetPrecision(p); !errors.Is(err, ErrInvalid) {
			t.Errorf("SetPrecision(%d) = %v, want ErrInvalid", int(p), err)
		}
	}
	precision.Store(0)
	kernel := engine.BF16Kernel()
	if want := map[bool]Precision{true: BF16, false: Float32}[engine.BF16Default()]; ActivePrecision() != want {
		t.Errorf("default precision %v, want %v (bf16 kernel %q)", ActivePrecision(), want, kernel)
	}
	if kernel == "amx-bf16" && ActivePrecision() != BF16 {
		t.Errorf("default precision on AMX is %v, want bf16", ActivePrecision())
	}
	t.Logf("default precision %v, Backend() %s", ActivePrecision(), Backend())
	if err := SetPrecision(Float32); err != nil {
		t.Fatal(err)
	}
	if b := Backend(); strings.Contains(b, "bf16") {
		t.Errorf("Backend() = %q in float32", b)
	}
	err := SetPrecision(BF16)
	if kernel == "" {
		if !errors.Is(err, ErrInvalid) || ActivePrecision() != Float32 {
			t.Errorf("SetPrecision(BF16) without bf16 units: %v, precision %v", err, ActivePrecision())
		}
		t.Skip("no bf16 units on this CPU: " + err.Error())
	}
	if err != nil {
		t.Fatal(err)
	}
	if b := Backend(); !strings.HasPrefix(b, kernel+"+") {
		t.Errorf("Backend() = %q in bf16, want %q+…", b, kernel)
	}
	t.Logf("Backend() in bf16: %s", Backend())
}
