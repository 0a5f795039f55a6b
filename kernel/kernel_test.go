package kernel

import (
	"log/slog"
	"testing"
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
