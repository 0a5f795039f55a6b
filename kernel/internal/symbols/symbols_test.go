package symbols

import (
	"bytes"
	"errors"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
)

// newInterp returns an interpreter that uses Symbols and writes to out.
func newInterp(t *testing.T, out *bytes.Buffer) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{Stdout: out, Stderr: out})
	if err := i.Use(Symbols); err != nil {
		t.Fatalf("Use(Symbols): %v", err)
	}
	return i
}

func TestSymbolsRunInYaegi(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // printed output
	}{
		{"fmt via fixStdlib", `import "fmt"
func main() { fmt.Println("hi") }`, "hi\n"},
		{"strings.Lines (Go 1.24)", `import ("fmt"; "strings")
func main() { n := 0; for l := range strings.Lines("a\nb\nc\n") { n += len(l) }; fmt.Println(n) }`, ""},
		{"math/rand/v2", `import ("fmt"; "math/rand/v2")
func main() { r := rand.New(rand.NewPCG(1, 2)); fmt.Println(r.IntN(10) < 10) }`, "true\n"},
		{"os.CopyFS exists (Go 1.23)", `import ("fmt"; "os")
func main() { fmt.Println(os.CopyFS != nil) }`, "true\n"},
		{"mat.NewDense", `import ("fmt"; "gonum.org/v1/gonum/mat")
func main() { m := mat.NewDense(2, 2, []float64{1, 2, 3, 4}); fmt.Println(mat.Det(m)) }`, "-2\n"},
		{"stat and floats", `import ("fmt"; "gonum.org/v1/gonum/stat"; "gonum.org/v1/gonum/floats")
func main() { x := []float64{1, 2, 3}; fmt.Println(stat.Mean(x, nil), floats.Sum(x)) }`, "2 6\n"},
		{"plot creation", `import ("fmt"; "gonum.org/v1/plot"; "gonum.org/v1/plot/plotter"; "gonum.org/v1/plot/vg")
func main() {
	p := plot.New()
	p.Title.Text = "t"
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil { panic(err) }
	p.Add(l)
	w, err := p.WriterTo(2*vg.Inch, 2*vg.Inch, "png")
	if err != nil { panic(err) }
	fmt.Println(w != nil)
}`, "true\n"},
		{"nlm by full path", `import ("fmt"; "github.com/gonlm/gonlm/nlm")
func main() { m := nlm.NewModel(4, 1, 1); fmt.Println(m.N()) }`, "4\n"},
		{"nlm and display by short path", `import ("fmt"; "nlm"; "display")
func main() { m := nlm.NewModel(3, 1, 1); b, ok := display.Render(42); fmt.Println(m.N(), ok, b.Data["text/plain"]) }`, "3 true 42\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			i := newInterp(t, &out)
			if tc.name == "strings.Lines (Go 1.24)" {
				// yaegi v0.16.1 cannot range over a func; call the iter.Seq directly.
				tc.src = `import ("fmt"; "strings")
func main() { n := 0; strings.Lines("a\nb\nc\n")(func(l string) bool { n += len(l); return true }); fmt.Println(n) }`
				tc.want = "6\n"
			}
			if _, err := i.Eval(tc.src); err != nil {
				t.Fatalf("Eval: %v\noutput: %s", err, out.String())
			}
			if got := out.String(); got != tc.want {
				t.Errorf("output %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRestricted(t *testing.T) {
	tests := []struct {
		name, src string
		code      int
	}{
		{"os.Exit", `import "os"
func main() { os.Exit(3) }`, 3},
		{"log.Fatal", `import "log"
func main() { log.Fatal("bye") }`, 1},
		{"Logger.Fatalf", `import ("log"; "os")
func main() { l := log.New(os.Stderr, "", 0); l.Fatalf("bye %d", 2) }`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			i := newInterp(t, &out)
			_, err := i.Eval(tc.src)
			if err == nil {
				t.Fatal("Eval returned no error; the process would have exited")
			}
			var p interp.Panic
			if !errors.As(err, &p) {
				t.Fatalf("error %T %v, want interp.Panic", err, err)
			}
			if tc.name == "log.Fatal" {
				// yaegi's fixStdlib replaces log.Fatal by a log.Panic on the interpreter's stderr.
				if !strings.Contains(out.String(), "bye") {
					t.Errorf("log output %q lacks the message", out.String())
				}
				return
			}
			e, ok := p.Value.(Exit)
			if !ok {
				t.Fatalf("panic value %T %v, want symbols.Exit", p.Value, p.Value)
			}
			if e.Code != tc.code {
				t.Errorf("code %d, want %d", e.Code, tc.code)
			}
		})
	}
}

func TestUnsafeAndExecNotExported(t *testing.T) {
	for _, pkg := range []string{"unsafe", "os/exec", "syscall"} {
		var out bytes.Buffer
		i := newInterp(t, &out)
		if _, err := i.Eval(`import _ "` + pkg + `"`); err == nil {
			t.Errorf("import %q succeeded; cells run restricted", pkg)
		}
	}
}

func TestShortPaths(t *testing.T) {
	syms := map[string]map[string]reflect.Value{
		"github.com/gonlm/gonlm/nlm/nlm": {"X": reflect.ValueOf(1)},
	}
	addShortPaths(syms)
	m, ok := syms["nlm/nlm"]
	if !ok {
		t.Fatal("nlm/nlm not registered")
	}
	if m["X"].Int() != 1 {
		t.Error("nlm/nlm is not the nlm table")
	}
	if _, ok := syms["display/display"]; ok {
		t.Error("display/display registered without the display table")
	}
	// The real table: whenever the full path is generated, the short one exists.
	for short, full := range ShortPaths {
		k := full + "/" + path.Base(full)
		if _, ok := Symbols[k]; ok {
			if _, ok := Symbols[short+"/"+path.Base(full)]; !ok {
				t.Errorf("%s generated but short path %q missing", k, short)
			}
		}
	}
}

func TestPackages(t *testing.T) {
	ps := Packages()
	for _, want := range []string{"fmt", "math/rand/v2", "gonum.org/v1/gonum/mat", "gonum.org/v1/plot", "gonum.org/v1/plot/vg/vgimg"} {
		if !slices.Contains(ps, want) {
			t.Errorf("Packages() lacks %q", want)
		}
	}
	if !slices.IsSorted(ps) {
		t.Error("Packages() not sorted")
	}
}

func BenchmarkUse(b *testing.B) {
	for range b.N {
		i := interp.New(interp.Options{})
		if err := i.Use(Symbols); err != nil {
			b.Fatal(err)
		}
	}
}
