package script

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/gonlm/gonlm/kernel/internal/symbols"
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

// TestExamplesParse checks that every cell-style example parses and
// type-checks, each cell against the declarations of the cells before it
// (running them trains a model for minutes: that is the tutorials' job).
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
		f := cell.New(cell.Options{Packages: symbols.NewImporter(token.NewFileSet())})
		ran := func(c *cell.Cell) {
			for i := range c.Chunks {
				f.Ran(&c.Chunks[i])
			}
		}
		// What the session declares before the first cell.
		setup, err := f.Parse("import \"context\"\nvar ctx context.Context = context.Background()")
		if err != nil {
			t.Fatal(err)
		}
		ran(setup)
		for _, c := range cells {
			parsed, err := f.Parse(c.code)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			ran(parsed)
		}
	}
}
