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

// TestDetectBF16 checks the bf16 detection against /proc/cpuinfo: a true
// UseAVX512BF16 or UseAMX needs the flags (NLM_BF16=0 or NLM_AMX=0 may turn
// them off), and it logs the vendor and why AMX is off.
func TestDetectBF16(t *testing.T) {
	if !UseAVX2 {
		t.Skip("no vector kernels in this build (nlm_noasm or not amd64) or on this CPU")
	}
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
	has := func(f string) bool { return strings.Contains(flags, " "+f+" ") }
	if UseAVX512BF16 && !has("avx512_bf16") {
		t.Error("UseAVX512BF16 is true but /proc/cpuinfo lacks avx512_bf16")
	}
	if UseAMX && !(has("amx_tile") && has("amx_bf16")) {
		t.Error("UseAMX is true but /proc/cpuinfo lacks amx_tile or amx_bf16")
	}
	if has("amx_tile") && has("amx_bf16") && has("avx512_bf16") && !UseAMX && os.Getenv("NLM_AMX") != "0" && os.Getenv("NLM_BF16") != "0" {
		t.Errorf("the CPU lists AMX but UseAMX is false: %v", AMXError)
	}
	t.Logf("UseAVX512BF16 = %v, UseAMX = %v (%v), FastBF16Dot = %v", UseAVX512BF16, UseAMX, AMXError, FastBF16Dot)
}
