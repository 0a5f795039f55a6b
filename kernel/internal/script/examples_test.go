package script

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gonlm/gonlm/kernel/internal/cell"
)

// TestExamplesLandscape runs examples/landscape/main.go, an ordinary Go
// program, in the interpreter: the same file `go run` builds.
func TestExamplesLandscape(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an interpreter")
	}
	code := string(must(os.ReadFile("../../../examples/landscape/main.go")))
	t.Chdir(t.TempDir()) // the program writes its PNGs into the working directory
	// (Its prints go to the process's standard output, not through runFile.)
	status, _, stdout, stderr := runFile(t, code)
	if status != 0 {
		t.Fatalf("status %d\nstdout %s\nstderr %s", status, stdout, stderr)
	}
	for _, f := range []string{"landscape.png", "landscape-no-onsager.png"} {
		if fi, err := os.Stat(f); err != nil || fi.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestExamplesParse checks that every cell-style example parses (running
// them trains a model for minutes: that is the tutorials' job).
func TestExamplesParse(t *testing.T) {
	paths, err := filepath.Glob("../../../examples/*.gonlm")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, path := range paths {
		cells, err := scriptCells(string(must(os.ReadFile(path))))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		f := cell.New(cell.Options{})
		for _, c := range cells {
			if _, err := f.Parse(c.code); err != nil {
				t.Errorf("%s: %v", path, err)
			}
		}
	}
}
