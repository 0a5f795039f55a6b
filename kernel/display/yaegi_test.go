package display_test

import (
	"image"
	"reflect"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/display/displaytest"
)

// rendererWrapper is the interface wrapper yaegi needs to pass a cell value
// as a display.Renderer (yaegi extract generates the same for the kernel's
// symbol table).
type rendererWrapper struct {
	IValue  any
	WRender func() display.Bundle
}

func (w rendererWrapper) Render() display.Bundle { return w.WRender() }

type albumWrapper struct {
	IValue any
	WImage func(i int) *image.Gray
	WLen   func() int
}

func (w albumWrapper) Image(i int) *image.Gray { return w.WImage(i) }
func (w albumWrapper) Len() int                { return w.WLen() }

type gridderWrapper struct {
	IValue any
	WGrid  func(cols int) (*image.Gray, error)
}

func (w gridderWrapper) Grid(cols int) (*image.Gray, error) { return w.WGrid(cols) }

// displaySymbols is the part of the display package these tests use.
func displaySymbols() interp.Exports {
	return interp.Exports{
		"github.com/gonlm/gonlm/kernel/display/display": {
			"Render":       reflect.ValueOf(display.Render),
			"Of":           reflect.ValueOf(display.Of),
			"Show":         reflect.ValueOf(display.Show),
			"New":          reflect.ValueOf(display.New),
			"Bundle":       reflect.ValueOf((*display.Bundle)(nil)),
			"Display":      reflect.ValueOf((*display.Display)(nil)),
			"Renderer":     reflect.ValueOf((*display.Renderer)(nil)),
			"Gridder":      reflect.ValueOf((*display.Gridder)(nil)),
			"_Renderer":    reflect.ValueOf((*rendererWrapper)(nil)),
			"Album":        reflect.ValueOf((*display.Album)(nil)),
			"_Album":       reflect.ValueOf((*albumWrapper)(nil)),
			"_Gridder":     reflect.ValueOf((*gridderWrapper)(nil)),
			"NewAnimation": reflect.ValueOf(display.NewAnimation),
			"Animation":    reflect.ValueOf((*display.Animation)(nil)),
		},
	}
}

const cellTypes = `
import (
	"fmt"
	"image"
	"image/color"

	"github.com/gonlm/gonlm/kernel/display"
)

type checker struct{ n int }

func (c checker) ColorModel() color.Model { return color.GrayModel }
func (c checker) Bounds() image.Rectangle  { return image.Rect(0, 0, c.n, c.n) }
func (c checker) At(x, y int) color.Color {
	if (x/8+y/8)%2 == 0 {
		return color.Gray{255}
	}
	return color.Gray{0}
}

type named struct{ name string }

func (n named) String() string { return "named " + n.name }

type card struct{ title string }

func (c card) Render() display.Bundle {
	return display.Bundle{Data: map[string]any{"text/html": "<h3>" + c.title + "</h3>", "text/plain": c.title}}
}

type pics struct{}

func (pics) Len() int                { return 4 }
func (pics) Image(i int) *image.Gray { return image.NewGray(image.Rect(0, 0, 28, 28)) }

type grid struct{}

func (grid) Grid(cols int) (*image.Gray, error) { return image.NewGray(image.Rect(0, 0, 10*cols, 10)), nil }

var _ = fmt.Sprint

var out display.Bundle
`

// TestCellTypesWithMapTypes checks that values of types defined in cells keep
// their methods when passed to display functions once MapTypes is registered,
// and documents what happens without it.
func TestCellTypesWithMapTypes(t *testing.T) {
	rec := displaytest.Install(t)

	tests := []struct {
		expr string
		mime string
		text string // substring of text/plain
	}{
		{`display.Render(checker{64})`, display.MIMEPNG, "<image 192×192>"},
		{`display.Render(checker{200})`, display.MIMEPNG, "<image 200×200>"},
		{`display.Of(card{"Of"}), true`, display.MIMEHTML, "Of"},
		{`display.Render(named{"x"})`, display.MIMEText, "named x"},
		{`display.Render(card{"Title"})`, display.MIMEHTML, "Title"},
		{`display.Render(grid{})`, display.MIMEPNG, "in 6 columns"},
		{`display.Render(&named{"p"})`, display.MIMEText, "named p"},
		{`display.Render(pics{})`, display.MIMEPNG, "with 4 images"},
	}
	for _, mapped := range []bool{true, false} {
		i := interp.New(interp.Options{})
		if err := i.Use(stdlib.Symbols); err != nil {
			t.Fatal(err)
		}
		if err := i.Use(displaySymbols()); err != nil {
			t.Fatal(err)
		}
		if mapped {
			if err := i.Use(interp.Exports{".": {"MapTypes": reflect.ValueOf(display.MapTypes)}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := i.Eval(cellTypes); err != nil {
			t.Fatalf("cell: %v", err)
		}
		for _, tc := range tests {
			if _, err := i.Eval(`out, _ = ` + tc.expr); err != nil {
				t.Fatalf("mapped=%v %s: %v", mapped, tc.expr, err)
			}
			v, err := i.Eval(`out`)
			if err != nil {
				t.Fatal(err)
			}
			b, isBundle := v.Interface().(display.Bundle)
			if !isBundle {
				t.Fatalf("out is %T", v.Interface())
			}
			_, hasMIME := b.Data[tc.mime]
			ok := hasMIME && strings.Contains(b.Text(), tc.text)
			if mapped && !ok {
				t.Errorf("with MapTypes, %s → %v %q; want %s with %q", tc.expr, keysOf(b), b.Text(), tc.mime, tc.text)
			}
			if !mapped && ok && tc.mime != display.MIMEText {
				t.Logf("without MapTypes %s still rendered (yaegi wrapped it)", tc.expr)
			}
		}
		// Show (variadic) and Animation.Frame publish the value.
		rec.Reset()
		if _, err := i.Eval(`display.Show(checker{32}, named{"s"})`); err != nil {
			t.Fatal(err)
		}
		if bs := rec.Bundles(); mapped {
			if len(bs) != 2 || bs[0].Data[display.MIMEPNG] == nil || bs[1].Text() != "named s" {
				t.Errorf("Show from a cell published %d bundles: %v", len(bs), bs)
			}
		}
		// yaegi applies MapTypes to package-level functions only: a method
		// such as (*Display).Update gets the bare struct, and display.Of is
		// the documented way around it.
		rec.Reset()
		if _, err := i.Eval(`d := display.New(); d.Update(named{"m"}); d.Update(display.Of(named{"m"}))`); err != nil {
			t.Fatal(err)
		}
		bs := rec.Bundles()
		if len(bs) != 2 {
			t.Fatalf("method calls published %d", len(bs))
		}
		if got := bs[0].Text(); got != "{m}" && got != "named m" {
			t.Errorf("d.Update(cell Stringer) shows %q", got)
		}
		if got := bs[1].Text(); mapped && got != "named m" {
			t.Errorf("d.Update(display.Of(cell Stringer)) shows %q, want %q", got, "named m")
		}
	}
}

func keysOf(b display.Bundle) []string {
	var k []string
	for m := range b.Data {
		k = append(k, m)
	}
	return k
}
