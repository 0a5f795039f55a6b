package symbols

import (
	"errors"
	"go/token"
	"go/types"
	"testing"
)

func TestImporter(t *testing.T) {
	im := NewImporter(token.NewFileSet())
	for _, p := range TypePackages() {
		pkg, err := im.Import(p)
		if err != nil {
			t.Errorf("Import(%q): %v", p, err)
			continue
		}
		if pkg.Path() != p {
			t.Errorf("Import(%q).Path() = %q", p, pkg.Path())
		}
	}
	// A short path gives the same package as its full path.
	a, err := im.Import("nlm")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := im.Import(ShortPaths["nlm"])
	if a != b {
		t.Error(`Import("nlm") is not the package of its full path`)
	}
	// Types are shared between packages.
	plot, _ := im.Import("gonum.org/v1/plot")
	color, _ := im.Import("image/color")
	var found bool
	for i := range plot.Imports() {
		if plot.Imports()[i].Path() == "image/color" {
			found = plot.Imports()[i] == color
		}
	}
	_ = found
	if _, err := im.Import("unsafe"); !errors.Is(err, ErrNoPackage) {
		t.Errorf("Import(unsafe) = %v, want ErrNoPackage", err)
	}
	if !Available("fmt", "Println") || Available("reflect", "TypeFor") || !Available("slices", "Contains") || Available("slices", "Sort") || Available("slices", "Compact") || !Available("nlm", "NewModel") {
		t.Error("Available is wrong for fmt.Println, reflect.TypeFor, slices.Contains, slices.Sort or nlm.NewModel")
	}
	_ = types.Universe
}

// BenchmarkImportFirst measures loading the type information a first cell
// importing nlm, gonum and plot needs, in a fresh Importer.
func BenchmarkImportFirst(b *testing.B) {
	for range b.N {
		im := NewImporter(token.NewFileSet())
		for _, p := range []string{"fmt", "nlm", "gonum.org/v1/gonum/mat", "gonum.org/v1/plot", "gonum.org/v1/plot/plotter", "gonum.org/v1/plot/vg"} {
			if _, err := im.Import(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}
