package dispatch

import (
	"log/slog"
	"testing"
	"time"

	"github.com/gonlm/gonlm/kernel/internal/wire"
)

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"", "anything", true},
		{"*", "", true},
		{"*strings.Repeat*", "import \"strings\"\nstrings.Repeat(\"go\", 3)", true},
		{"*strings.Repeat*", "strings.Split(a, b)", false},
		{"x := ?", "x := 1", true},
		{"x := ?", "x := 10", false},
		{"a*b*c", "a-b-c", true},
		{"a*b*c", "a-c-b", false},
		{"é*", "étude", true},
	}
	for _, tc := range tests {
		if got := globMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func TestLogLevel(t *testing.T) {
	tests := []struct {
		env  string
		want slog.Level
	}{
		{"", slog.LevelInfo},
		{"debug", slog.LevelDebug},
		{"DEBUG", slog.LevelDebug},
		{"1", slog.LevelDebug},
		{"warn", slog.LevelWarn},
		{"error", slog.LevelError},
		{"nonsense", slog.LevelInfo},
	}
	for _, tc := range tests {
		t.Setenv("GONLM_LOG", tc.env)
		if got := LogLevel(); got != tc.want {
			t.Errorf("GONLM_LOG=%q: %v, want %v", tc.env, got, tc.want)
		}
	}
}

func TestKernelInfo(t *testing.T) {
	info := kernelInfo()
	li := info["language_info"].(map[string]any)
	if info["protocol_version"] != "5.3" || li["name"] != "go" || li["file_extension"] != ".go" || info["status"] != "ok" {
		t.Fatalf("kernel_info %v", info)
	}
}

func TestSentBefore(t *testing.T) {
	errAt := time.Date(2026, 1, 2, 3, 4, 5, 500_000_000, time.UTC).UnixNano()
	tests := []struct {
		date string
		want bool
	}{
		{"2026-01-02T03:04:05.400000Z", true},
		{"2026-01-02T03:04:05.600000Z", false},
		{"2026-01-02T03:04:05.400000+00:00", true},
		{"2026-01-02T04:04:05.400000+01:00", true},
		{"2026-01-02T03:04:05.400000", true},
		{"2026-01-02T03:04:05.600000", false},
		{"not a date", false},
		{"", false},
	}
	for _, tc := range tests {
		m := &wire.Message{Header: wire.Header{Date: tc.date}}
		if got := sentBefore(m, errAt); got != tc.want {
			t.Errorf("sentBefore(%q) = %v, want %v", tc.date, got, tc.want)
		}
	}
	if sentBefore(&wire.Message{Header: wire.Header{Date: "2026-01-02T03:04:05Z"}}, 0) {
		t.Error("no error yet, but sentBefore is true")
	}
}
