package display_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/display/displaytest"
)

func TestPublishEachMIME(t *testing.T) {
	pngData := display.PNGFixture(t, 40, 30)
	gray := image.NewGray(image.Rect(0, 0, 300, 200))
	tests := []struct {
		name  string
		call  func() error
		mime  string
		check func(t *testing.T, b display.Bundle)
	}{
		{"Text", func() error { return display.Text("hello") }, display.MIMEText, func(t *testing.T, b display.Bundle) {
			if b.Text() != "hello" {
				t.Errorf("text %q", b.Text())
			}
		}},
		{"HTML", func() error { return display.HTML("<b>bold</b> &amp; <i>it</i><script>x=1</script>") }, display.MIMEHTML, func(t *testing.T, b display.Bundle) {
			if got := b.Text(); got != "bold & it" {
				t.Errorf("fallback text %q, want %q", got, "bold & it")
			}
		}},
		{"Markdown", func() error { return display.Markdown("# Title") }, display.MIMEMarkdown, func(t *testing.T, b display.Bundle) {
			if b.Data[display.MIMEMarkdown] != "# Title" {
				t.Errorf("markdown %v", b.Data[display.MIMEMarkdown])
			}
		}},
		{"Latex", func() error { return display.Latex(`\frac{a}{b}`) }, display.MIMELatex, func(t *testing.T, b display.Bundle) {
			if b.Data[display.MIMELatex] != `$$\frac{a}{b}$$` {
				t.Errorf("latex %v", b.Data[display.MIMELatex])
			}
		}},
		{"LatexDelimited", func() error { return display.Latex(`$x^2$`) }, display.MIMELatex, func(t *testing.T, b display.Bundle) {
			if b.Data[display.MIMELatex] != `$x^2$` {
				t.Errorf("latex %v", b.Data[display.MIMELatex])
			}
		}},
		{"JSON", func() error { return display.JSON(map[string]any{"a": []int{1, 2}, "b": "x"}) }, display.MIMEJSON, func(t *testing.T, b display.Bundle) {
			m, ok := b.Data[display.MIMEJSON].(map[string]any)
			if !ok || m["b"] != "x" || len(m["a"].([]any)) != 2 {
				t.Errorf("json %#v", b.Data[display.MIMEJSON])
			}
			if !strings.Contains(b.Text(), `"b": "x"`) {
				t.Errorf("text %q", b.Text())
			}
		}},
		{"PNG", func() error { return display.PNG(pngData) }, display.MIMEPNG, func(t *testing.T, b display.Bundle) {
			if s, ok := b.Data[display.MIMEPNG].(string); !ok || s != base64.StdEncoding.EncodeToString(pngData) {
				t.Errorf("png not base64 of input")
			}
			r := display.DecodePNG(t, b).Bounds()
			if r.Dx() != 40 || r.Dy() != 30 {
				t.Errorf("dims %v", r)
			}
		}},
		{"SVG", func() error {
			return display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>`)
		}, display.MIMESVG, func(t *testing.T, b display.Bundle) {
			display.ParseXML(t, b.Data[display.MIMESVG].(string), "svg")
		}},
		{"Image", func() error { return display.Image(gray) }, display.MIMEPNG, func(t *testing.T, b display.Bundle) {
			r := display.DecodePNG(t, b).Bounds()
			md := b.Metadata[display.MIMEPNG].(map[string]any)
			if r.Dx() != 300 || r.Dy() != 200 || md["width"] != 300 || md["height"] != 200 {
				t.Errorf("dims %v, metadata %v", r, md)
			}
		}},
		{"PlotPNG", func() error { return display.Plot(display.LinePlot(t, 100)) }, display.MIMEPNG, func(t *testing.T, b display.Bundle) {
			r := display.DecodePNG(t, b).Bounds()
			md := b.Metadata[display.MIMEPNG].(map[string]any)
			if r.Dx() != 1152 || r.Dy() != 768 {
				t.Errorf("2× PNG is %v, want 1152×768", r)
			}
			if md["width"] != 576 || md["height"] != 384 {
				t.Errorf("metadata %v, want 576×384", md)
			}
		}},
		{"PlotSVG", func() error { return display.Plot(display.LinePlot(t, 100), display.PlotOptions{Format: "svg"}) }, display.MIMESVG, func(t *testing.T, b display.Bundle) {
			display.ParseXML(t, b.Data[display.MIMESVG].(string), "svg")
		}},
		{"Any", func() error {
			return display.Any(display.Bundle{Data: map[string]any{"image/png": pngData, "text/html": "<p>x</p>"}})
		}, display.MIMEPNG, func(t *testing.T, b display.Bundle) {
			display.DecodePNG(t, b)
			if b.Text() == "" {
				t.Error("no text/plain fallback")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := displaytest.Install(t)
			if err := tc.call(); err != nil {
				t.Fatal(err)
			}
			calls := rec.Outputs()
			if len(calls) != 1 {
				t.Fatalf("%d publications, want 1", len(calls))
			}
			c := calls[0]
			if c.Update() || c.DisplayID != "" {
				t.Errorf("plain display sent update=%v id=%q", c.Update(), c.DisplayID)
			}
			if _, ok := c.Bundle.Data[tc.mime]; !ok {
				t.Fatalf("no %s in %v", tc.mime, display.Keys(c.Bundle))
			}
			if _, ok := c.Bundle.Data[display.MIMEText].(string); !ok {
				t.Errorf("no text/plain in %v", display.Keys(c.Bundle))
			}
			tc.check(t, c.Bundle)

			// The same call without a publisher reports it.
			display.SetPublisher(nil)
			if err := tc.call(); !errors.Is(err, display.ErrNoPublisher) {
				t.Errorf("without publisher: err = %v, want ErrNoPublisher", err)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	displaytest.Install(t)
	var nilImg *image.Gray
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"PNGNotPNG", func() error { return display.PNG([]byte("GIF89a...")) }, "not a PNG"},
		{"SVGNotXML", func() error { return display.SVG("<svg><g></svg>") }, "not well-formed"},
		{"SVGWrongRoot", func() error { return display.SVG("<html></html>") }, "root element is <html>"},
		{"SVGEmpty", func() error { return display.SVG("just text") }, "no XML element"},
		{"JSONChan", func() error { return display.JSON(make(chan int)) }, "cannot be encoded"},
		{"ImageNil", func() error { return display.Image(nil) }, "nil"},
		{"ImageNilPointer", func() error { return display.Image(nilImg) }, "could not be read"},
		{"ImageEmpty", func() error { return display.Image(image.NewGray(image.Rect(0, 0, 0, 5))) }, "empty"},
		{"PlotNil", func() error { return display.Plot(nil) }, "nil"},
		{"PlotFormat", func() error { return display.Plot(plot.New(), display.PlotOptions{Format: "gif"}) }, `"gif" is not supported`},
		{"PlotTwoOptions", func() error { return display.Plot(plot.New(), display.PlotOptions{}, display.PlotOptions{}) }, "at most one"},
		{"PlotHuge", func() error { return display.Plot(plot.New(), display.PlotOptions{Width: 800 * 72}) }, "too large"},
		{"PlotScale", func() error { return display.Plot(plot.New(), display.PlotOptions{Scale: 100}) }, "out of range"},
		{"AnyEmpty", func() error { return display.Any(display.Bundle{}) }, "empty bundle"},
		{"AnyBadKey", func() error { return display.Any(display.Bundle{Data: map[string]any{"png": "x"}}) }, "not a MIME type"},
		{"AnyBadBase64", func() error { return display.Any(display.Bundle{Data: map[string]any{"image/png": "%%%"}}) }, "base64"},
		{"AnyWrongKind", func() error { return display.Any(display.Bundle{Data: map[string]any{"text/html": 3}}) }, "need a string"},
		{"AnyNilEntry", func() error { return display.Any(display.Bundle{Data: map[string]any{"text/html": nil}}) }, "is nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestPublisherError(t *testing.T) {
	rec := displaytest.Install(t)
	errFake := errors.New("connection lost")
	rec.FailWith(errFake)
	if err := display.Text("x"); !errors.Is(err, errFake) {
		t.Fatalf("err = %v", err)
	}
	if err := display.Show(1, 2); !errors.Is(err, errFake) {
		t.Fatalf("Show err = %v", err)
	}
}

func TestDefaultPlotOptions(t *testing.T) {
	defer func() { display.DefaultPlotOptions = display.PlotOptions{} }()
	display.DefaultPlotOptions = display.PlotOptions{Format: "svg"}
	b, _ := display.Render(display.LinePlot(t, 10))
	if _, ok := b.Data[display.MIMESVG]; !ok {
		t.Errorf("default SVG not used: %v", display.Keys(b))
	}
	display.DefaultPlotOptions = display.PlotOptions{Width: 3 * 72, Height: 2 * 72, Scale: 1}
	b, err := display.PlotBundle(display.LinePlot(t, 10))
	if err != nil {
		t.Fatal(err)
	}
	if w := display.DecodePNG(t, b).Bounds().Dx(); w != 288 {
		t.Errorf("default size: PNG width %d, want 288", w)
	}
	b, _ = display.PlotBundle(display.LinePlot(t, 10), display.PlotOptions{Format: "svg"})
	if _, ok := b.Data[display.MIMESVG]; !ok {
		t.Error("explicit options ignored")
	}
}

func TestDisplayIDs(t *testing.T) {
	rec := displaytest.Install(t)
	d := display.New()
	if !strings.HasPrefix(d.ID(), "gonlm-") || d.ID() == display.New().ID() {
		t.Fatalf("ids not unique: %q", d.ID())
	}
	// Update before Show shows; later Updates update; Show adds another output.
	steps := []struct {
		op         func() error
		wantUpdate bool
		wantText   string
	}{
		{func() error { return d.Update("first") }, false, "first"},
		{func() error { return d.Update("second") }, true, "second"},
		{func() error { return d.Update(42) }, true, "42"},
		{func() error { return d.Show("again") }, false, "again"},
		{func() error { return d.Update(nil) }, true, ""},
	}
	other := display.New()
	if err := other.Show("other"); err != nil {
		t.Fatal(err)
	}
	for i, s := range steps {
		if err := s.op(); err != nil {
			t.Fatal(err)
		}
		calls := rec.Outputs()
		c := calls[len(calls)-1]
		if c.DisplayID != d.ID() || c.Update() != s.wantUpdate || c.Bundle.Text() != s.wantText {
			t.Errorf("step %d: id=%q update=%v text=%q; want id=%q update=%v text=%q",
				i, c.DisplayID, c.Update(), c.Bundle.Text(), d.ID(), s.wantUpdate, s.wantText)
		}
	}
	if calls := rec.Outputs(); calls[0].DisplayID != other.ID() || calls[0].Update() {
		t.Errorf("other display: %+v", calls[0])
	}
	d.Reset()
	if err := d.Update("after reset"); err != nil {
		t.Fatal(err)
	}
	if c := rec.Last(); c.Update() {
		t.Error("Update after Reset should show a new output")
	}
	if got := display.NewWithID("mine").ID(); got != "mine" {
		t.Errorf("NewWithID: %q", got)
	}
}

func TestClear(t *testing.T) {
	rec := displaytest.Install(t)
	for _, wait := range []bool{true, false} {
		if err := display.Clear(wait); err != nil {
			t.Fatal(err)
		}
		c := rec.Last()
		if c.Kind != displaytest.ClearOutput || c.Wait != wait {
			t.Errorf("Clear(%v) sent %+v", wait, c)
		}
	}
	display.SetPublisher(nil)
	if err := display.Clear(true); !errors.Is(err, display.ErrNoPublisher) {
		t.Errorf("err = %v", err)
	}
}

func TestNormalize(t *testing.T) {
	in := display.Bundle{Data: map[string]any{"image/png": []byte{1, 2, 3}, "text/html": []byte("<b>x</b>")},
		Metadata: map[string]any{"image/png": map[string]any{"width": 3, "height": 1}}}
	out, err := display.Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Data["image/png"] != "AQID" || out.Data["text/html"] != "<b>x</b>" {
		t.Errorf("data %v", out.Data)
	}
	if out.Text() != "<image/png 3×1>" {
		t.Errorf("fallback %q", out.Text())
	}
	if _, ok := in.Data[display.MIMEText]; ok {
		t.Error("Normalize modified its input")
	}
	if _, err := display.Normalize(display.Bundle{Data: map[string]any{display.MIMEJSON: []byte("{}")}}); err == nil {
		t.Error("[]byte JSON accepted")
	}
}

func ExampleRender() {
	m := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b, _ := display.Render(m)
	fmt.Println(b.Text())
	// Output:
	// *mat.Dense 2×3  min 1  max 6  mean 3.5  std 1.708
	// 1  2  3
	// 4  5  6
}
