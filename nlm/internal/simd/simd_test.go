package simd

import (
	"os"
	"strings"
	"testing"
)

// TestDetect checks the CPU detection against /proc/cpuinfo where it exists.
func TestDetect(t *testing.T) {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo")
	}
	flags := ""
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "flags") {
			flags = " " + l + " "
			break
		}
	}
	want := strings.Contains(flags, " avx2 ") && strings.Contains(flags, " fma ")
	if UseAVX2 && !want {
		t.Errorf("UseAVX2 is true but /proc/cpuinfo lacks avx2 or fma")
	}
	t.Logf("UseAVX2 = %v (cpuinfo avx2+fma: %v)", UseAVX2, want)
}
