package display

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// decodePNG decodes a bundle's image/png entry (base64 after Normalize,
// []byte before).
func decodePNG(t *testing.T, b Bundle) image.Image {
	t.Helper()
	data, err := b.Bytes(MIMEPNG)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("image/png does not decode: %v", err)
	}
	return img
}

// parseXML checks that s is well-formed XML with the given root element.
func parseXML(t *testing.T, s, root string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	got := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && got == "" {
			got = se.Name.Local
		}
	}
	if got != root {
		t.Fatalf("root element %q, want %q", got, root)
	}
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 100, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func linePlot(t testing.TB, n int) *plot.Plot {
	t.Helper()
	pts := make(plotter.XYs, n)
	for i := range pts {
		x := float64(i) / float64(n) * 10
		pts[i] = plotter.XY{X: x, Y: math.Sin(x) * math.Exp(-x/5)}
	}
	p := plot.New()
	p.Title.Text = "damped sine"
	p.X.Label.Text = "t"
	p.Y.Label.Text = "x(t)"
	l, err := plotter.NewLine(pts)
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l, plotter.NewGrid())
	return p
}

func TestPublishEachMIME(t *testing.T) {
	pngData := testPNG(t, 40, 30)
	gray := image.NewGray(image.Rect(0, 0, 300, 200))
	tests := []struct {
		name  string
		call  func() error
		mime  string
		check func(t *testing.T, b Bundle)
	}{
		{"Text", func() error { return Text("hello") }, MIMEText, func(t *testing.T, b Bundle) {
			if b.Text() != "hello" {
				t.Errorf("text %q", b.Text())
			}
		}},
		{"HTML", func() error { return HTML("<b>bold</b> &amp; <i>it</i><script>x=1</script>") }, MIMEHTML, func(t *testing.T, b Bundle) {
			if got := b.Text(); got != "bold & it" {
				t.Errorf("fallback text %q, want %q", got, "bold & it")
			}
		}},
		{"Markdown", func() error { return Markdown("# Title") }, MIMEMarkdown, func(t *testing.T, b Bundle) {
			if b.Data[MIMEMarkdown] != "# Title" {
				t.Errorf("markdown %v", b.Data[MIMEMarkdown])
			}
		}},
		{"Latex", func() error { return Latex(`\frac{a}{b}`) }, MIMELatex, func(t *testing.T, b Bundle) {
			if b.Data[MIMELatex] != `$$\frac{a}{b}$$` {
				t.Errorf("latex %v", b.Data[MIMELatex])
			}
		}},
		{"LatexDelimited", func() error { return Latex(`$x^2$`) }, MIMELatex, func(t *testing.T, b Bundle) {
			if b.Data[MIMELatex] != `$x^2$` {
				t.Errorf("latex %v", b.Data[MIMELatex])
			}
		}},
		{"JSON", func() error { return JSON(map[string]any{"a": []int{1, 2}, "b": "x"}) }, MIMEJSON, func(t *testing.T, b Bundle) {
			m, ok := b.Data[MIMEJSON].(map[string]any)
			if !ok || m["b"] != "x" || len(m["a"].([]any)) != 2 {
				t.Errorf("json %#v", b.Data[MIMEJSON])
			}
			if !strings.Contains(b.Text(), `"b": "x"`) {
				t.Errorf("text %q", b.Text())
			}
		}},
		{"PNG", func() error { return PNG(pngData) }, MIMEPNG, func(t *testing.T, b Bundle) {
			if s, ok := b.Data[MIMEPNG].(string); !ok || s != base64.StdEncoding.EncodeToString(pngData) {
				t.Errorf("png not base64 of input")
			}
			r := decodePNG(t, b).Bounds()
			if r.Dx() != 40 || r.Dy() != 30 {
				t.Errorf("dims %v", r)
			}
		}},
		{"SVG", func() error {
			return SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>`)
		}, MIMESVG, func(t *testing.T, b Bundle) {
			parseXML(t, b.Data[MIMESVG].(string), "svg")
		}},
		{"Image", func() error { return Image(gray) }, MIMEPNG, func(t *testing.T, b Bundle) {
			r := decodePNG(t, b).Bounds()
			md := b.Metadata[MIMEPNG].(map[string]any)
			if r.Dx() != 300 || r.Dy() != 200 || md["width"] != 300 || md["height"] != 200 {
				t.Errorf("dims %v, metadata %v", r, md)
			}
		}},
		{"PlotPNG", func() error { return Plot(linePlot(t, 100)) }, MIMEPNG, func(t *testing.T, b Bundle) {
			r := decodePNG(t, b).Bounds()
			md := b.Metadata[MIMEPNG].(map[string]any)
			if r.Dx() != 1152 || r.Dy() != 768 {
				t.Errorf("2× PNG is %v, want 1152×768", r)
			}
			if md["width"] != 576 || md["height"] != 384 {
				t.Errorf("metadata %v, want 576×384", md)
			}
		}},
		{"PlotSVG", func() error { return Plot(linePlot(t, 100), PlotOptions{Format: "svg"}) }, MIMESVG, func(t *testing.T, b Bundle) {
			parseXML(t, b.Data[MIMESVG].(string), "svg")
		}},
		{"Any", func() error {
			return Any(Bundle{Data: map[string]any{"image/png": pngData, "text/html": "<p>x</p>"}})
		}, MIMEPNG, func(t *testing.T, b Bundle) {
			decodePNG(t, b)
			if b.Text() == "" {
				t.Error("no text/plain fallback")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := usePublisher(t)
			if err := tc.call(); err != nil {
				t.Fatal(err)
			}
			calls := f.all()
			if len(calls) != 1 {
				t.Fatalf("%d publications, want 1", len(calls))
			}
			c := calls[0]
			if c.update || c.id != "" {
				t.Errorf("plain display sent update=%v id=%q", c.update, c.id)
			}
			if _, ok := c.b.Data[tc.mime]; !ok {
				t.Fatalf("no %s in %v", tc.mime, keys(c.b))
			}
			if _, ok := c.b.Data[MIMEText].(string); !ok {
				t.Errorf("no text/plain in %v", keys(c.b))
			}
			tc.check(t, c.b)

			// The same call without a publisher reports it.
			SetPublisher(nil)
			if err := tc.call(); !errors.Is(err, ErrNoPublisher) {
				t.Errorf("without publisher: err = %v, want ErrNoPublisher", err)
			}
		})
	}
}

func keys(b Bundle) []string {
	var k []string
	for m := range b.Data {
		k = append(k, m)
	}
	return k
}

func TestBadInput(t *testing.T) {
	usePublisher(t)
	var nilImg *image.Gray
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"PNGNotPNG", func() error { return PNG([]byte("GIF89a...")) }, "not a PNG"},
		{"SVGNotXML", func() error { return SVG("<svg><g></svg>") }, "not well-formed"},
		{"SVGWrongRoot", func() error { return SVG("<html></html>") }, "root element is <html>"},
		{"SVGEmpty", func() error { return SVG("just text") }, "no XML element"},
		{"JSONChan", func() error { return JSON(make(chan int)) }, "cannot be encoded"},
		{"ImageNil", func() error { return Image(nil) }, "nil"},
		{"ImageNilPointer", func() error { return Image(nilImg) }, "could not be read"},
		{"ImageEmpty", func() error { return Image(image.NewGray(image.Rect(0, 0, 0, 5))) }, "empty"},
		{"PlotNil", func() error { return Plot(nil) }, "nil"},
		{"PlotFormat", func() error { return Plot(plot.New(), PlotOptions{Format: "gif"}) }, `"gif" is not supported`},
		{"PlotTwoOptions", func() error { return Plot(plot.New(), PlotOptions{}, PlotOptions{}) }, "at most one"},
		{"PlotHuge", func() error { return Plot(plot.New(), PlotOptions{Width: 800 * 72}) }, "too large"},
		{"PlotScale", func() error { return Plot(plot.New(), PlotOptions{Scale: 100}) }, "out of range"},
		{"AnyEmpty", func() error { return Any(Bundle{}) }, "empty bundle"},
		{"AnyBadKey", func() error { return Any(Bundle{Data: map[string]any{"png": "x"}}) }, "not a MIME type"},
		{"AnyBadBase64", func() error { return Any(Bundle{Data: map[string]any{"image/png": "%%%"}}) }, "base64"},
		{"AnyWrongKind", func() error { return Any(Bundle{Data: map[string]any{"text/html": 3}}) }, "need a string"},
		{"AnyNilEntry", func() error { return Any(Bundle{Data: map[string]any{"text/html": nil}}) }, "is nil"},
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
	f := usePublisher(t)
	f.fail = errFake
	if err := Text("x"); !errors.Is(err, errFake) {
		t.Fatalf("err = %v", err)
	}
	if err := Show(1, 2); !errors.Is(err, errFake) {
		t.Fatalf("Show err = %v", err)
	}
}

func TestDefaultPlotOptions(t *testing.T) {
	defer func() { DefaultPlotOptions = PlotOptions{} }()
	DefaultPlotOptions = PlotOptions{Format: "svg"}
	b, _ := Render(linePlot(t, 10))
	if _, ok := b.Data[MIMESVG]; !ok {
		t.Errorf("default SVG not used: %v", keys(b))
	}
	DefaultPlotOptions = PlotOptions{Width: 3 * 72, Height: 2 * 72, Scale: 1}
	b, err := PlotBundle(linePlot(t, 10))
	if err != nil {
		t.Fatal(err)
	}
	if w := decodePNG(t, b).Bounds().Dx(); w != 288 {
		t.Errorf("default size: PNG width %d, want 288", w)
	}
	b, _ = PlotBundle(linePlot(t, 10), PlotOptions{Format: "svg"})
	if _, ok := b.Data[MIMESVG]; !ok {
		t.Error("explicit options ignored")
	}
}

func TestDisplayIDs(t *testing.T) {
	f := usePublisher(t)
	d := New()
	if !strings.HasPrefix(d.ID(), "gonlm-") || d.ID() == New().ID() {
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
	other := New()
	if err := other.Show("other"); err != nil {
		t.Fatal(err)
	}
	for i, s := range steps {
		if err := s.op(); err != nil {
			t.Fatal(err)
		}
		calls := f.all()
		c := calls[len(calls)-1]
		if c.id != d.ID() || c.update != s.wantUpdate || c.b.Text() != s.wantText {
			t.Errorf("step %d: id=%q update=%v text=%q; want id=%q update=%v text=%q",
				i, c.id, c.update, c.b.Text(), d.ID(), s.wantUpdate, s.wantText)
		}
	}
	if calls := f.all(); calls[0].id != other.ID() || calls[0].update {
		t.Errorf("other display: %+v", calls[0])
	}
	d.Reset()
	if err := d.Update("after reset"); err != nil {
		t.Fatal(err)
	}
	if c := f.all()[len(f.all())-1]; c.update {
		t.Error("Update after Reset should show a new output")
	}
	if got := NewWithID("mine").ID(); got != "mine" {
		t.Errorf("NewWithID: %q", got)
	}
}

func TestClear(t *testing.T) {
	f := usePublisher(t)
	for _, wait := range []bool{true, false} {
		if err := Clear(wait); err != nil {
			t.Fatal(err)
		}
		c := f.all()[len(f.all())-1]
		if !c.clear || c.wait != wait {
			t.Errorf("Clear(%v) sent %+v", wait, c)
		}
	}
	SetPublisher(nil)
	if err := Clear(true); !errors.Is(err, ErrNoPublisher) {
		t.Errorf("err = %v", err)
	}
}

func TestNormalize(t *testing.T) {
	in := Bundle{Data: map[string]any{"image/png": []byte{1, 2, 3}, "text/html": []byte("<b>x</b>")},
		Metadata: map[string]any{"image/png": map[string]any{"width": 3, "height": 1}}}
	out, err := Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Data["image/png"] != "AQID" || out.Data["text/html"] != "<b>x</b>" {
		t.Errorf("data %v", out.Data)
	}
	if out.Text() != "<image/png 3×1>" {
		t.Errorf("fallback %q", out.Text())
	}
	if _, ok := in.Data[MIMEText]; ok {
		t.Error("Normalize modified its input")
	}
	if _, err := Normalize(Bundle{Data: map[string]any{MIMEJSON: []byte("{}")}}); err == nil {
		t.Error("[]byte JSON accepted")
	}
}

func ExampleRender() {
	m := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b, _ := Render(m)
	fmt.Println(b.Text())
	// Output:
	// *mat.Dense 2×3  min 1  max 6  mean 3.5  std 1.708
	// 1  2  3
	// 4  5  6
}

func ExampleDisplay() {
	SetPublisher(printPublisher{})
	defer SetPublisher(nil)
	d := NewWithID("status")
	d.Update("loading")
	d.Update("done")
	// Output:
	// display_data status: loading
	// update_display_data status: done
}

type printPublisher struct{}

func (printPublisher) Publish(b Bundle, id string, update bool) error {
	kind := "display_data"
	if update {
		kind = "update_display_data"
	}
	fmt.Printf("%s %s: %s\n", kind, id, b.Text())
	return nil
}
func (printPublisher) Clear(bool) error { return nil }
