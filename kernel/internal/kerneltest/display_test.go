package kerneltest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gonlm/gonlm/nlm/mnist"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/nlm"
)

// These tests run cells that publish each MIME type and each auto-rendered
// kind of value in the real kernel process and check what arrives on the
// wire: decoded PNG sizes against their width/height metadata, SVG that
// parses as XML, JSON objects, and the display ids of in-place updates.

// displayMsgs returns e's IOPub messages of the given types, in order.
func displayMsgs(e execution, types ...string) []msg {
	var out []msg
	for _, m := range e.outputs {
		for _, ty := range types {
			if m.Header.MsgType == ty {
				out = append(out, m)
			}
		}
	}
	return out
}

// bundleOf returns the data and metadata maps of a display_data,
// update_display_data or execute_result message.
func bundleOf(m msg) (data, meta map[string]any) {
	data, _ = m.content["data"].(map[string]any)
	meta, _ = m.content["metadata"].(map[string]any)
	return data, meta
}

// displayID returns the transient display_id of m ("" if none).
func displayID(m msg) string {
	tr, _ := m.content["transient"].(map[string]any)
	id, _ := tr["display_id"].(string)
	return id
}

// pngSize decodes the base64 image/png entry of data fully and returns its
// pixel size, and the width and height its metadata gives.
func pngSize(t *testing.T, data, meta map[string]any) (w, h, mw, mh int) {
	t.Helper()
	s, ok := data["image/png"].(string)
	if !ok {
		t.Fatalf("no image/png string in the bundle (MIME types %v)", keys(data))
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("image/png is not base64: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("image/png does not decode: %v", err)
	}
	pm, _ := meta["image/png"].(map[string]any)
	fw, okw := pm["width"].(float64)
	fh, okh := pm["height"].(float64)
	if !okw || !okh {
		t.Fatalf("image/png metadata has no numeric width/height: %v", meta)
	}
	b := img.Bounds()
	return b.Dx(), b.Dy(), int(fw), int(fh)
}

// checkPNG checks the pixel size and the metadata size of data's PNG.
func checkPNG(t *testing.T, data, meta map[string]any, w, h, mw, mh int) {
	t.Helper()
	gw, gh, gmw, gmh := pngSize(t, data, meta)
	if gw != w || gh != h {
		t.Errorf("PNG is %d×%d pixels, want %d×%d", gw, gh, w, h)
	}
	if gmw != mw || gmh != mh {
		t.Errorf("PNG metadata says %d×%d, want %d×%d", gmw, gmh, mw, mh)
	}
}

// checkSVG parses data's image/svg+xml entry to the end with encoding/xml and
// checks that its root element is <svg>.
func checkSVG(t *testing.T, data map[string]any) {
	t.Helper()
	s, ok := data["image/svg+xml"].(string)
	if !ok {
		t.Fatalf("no image/svg+xml string in the bundle (MIME types %v)", keys(data))
	}
	dec := xml.NewDecoder(strings.NewReader(s))
	root := ""
	elements := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v\n%s", err, trunc(s))
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			elements++
		}
	}
	if root != "svg" {
		t.Errorf("SVG root element <%s>, want <svg>", root)
	}
	if elements < 2 {
		t.Errorf("SVG has %d elements, want a drawing", elements)
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// onlyDisplay returns the single display_data message of e, failing if there
// is another number of them or an execute_result.
func onlyDisplay(t *testing.T, e execution) (data, meta map[string]any) {
	t.Helper()
	ds := displayMsgs(e, "display_data")
	if len(ds) != 1 {
		t.Fatalf("%d display_data messages, want 1 (outputs %v)", len(ds), types(e))
	}
	if r, ok := e.result(); ok {
		t.Errorf("a display call produced an execute_result %q", r)
	}
	data, meta = bundleOf(ds[0])
	if _, ok := data["text/plain"].(string); !ok {
		t.Errorf("display_data without a text/plain fallback: %v", keys(data))
	}
	return data, meta
}

// onlyResult returns the execute_result of e, failing without exactly one or
// with any display_data.
func onlyResult(t *testing.T, e execution) (data, meta map[string]any) {
	t.Helper()
	rs := displayMsgs(e, "execute_result")
	if len(rs) != 1 {
		t.Fatalf("%d execute_result messages, want 1 (outputs %v)", len(rs), types(e))
	}
	if n := e.count("display_data"); n != 0 {
		t.Errorf("%d display_data messages besides the execute_result", n)
	}
	data, meta = bundleOf(rs[0])
	if _, ok := data["text/plain"].(string); !ok {
		t.Errorf("execute_result without text/plain: %v", keys(data))
	}
	return data, meta
}

func types(e execution) []string {
	var out []string
	for _, m := range e.outputs {
		out = append(out, m.Header.MsgType)
	}
	return out
}

// displayPlotCell defines displayTestMakePlot, a (plot, error) function used
// by several cases, and imports what the cases use.
const displayPlotCell = `import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"display"
	"nlm"
	"nlm/mnist"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

func displayTestMakePlot(fail bool) (*plot.Plot, error) {
	if fail {
		return nil, errors.New("no plot today")
	}
	p := plot.New()
	p.Title.Text = "squares"
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}, {X: 2, Y: 4}, {X: 3, Y: 9}})
	if err != nil {
		return nil, err
	}
	p.Add(l)
	return p, nil
}

type displayTestCard struct{ Name string }

func (c displayTestCard) Render() display.Bundle {
	return display.Bundle{Data: map[string]any{"text/html": "<b>" + c.Name + "</b>", "text/plain": "card " + c.Name}}
}`

// displayReady records that displayPlotCell ran in the shared kernel.
var displayReady bool

// displaySetup runs displayPlotCell once in the shared kernel.
func displaySetup(t *testing.T) *client {
	t.Helper()
	c := shared(t)
	if !displayReady {
		c.run(displayPlotCell)
		displayReady = true
	}
	return c
}

// sub points c's failures at the subtest t until the returned func runs.
func (c *client) sub(t *testing.T) func() {
	parent := c.t
	c.t = t
	return func() { c.t = parent }
}

func TestDisplayMIMETypes(t *testing.T) {
	c := displaySetup(t)
	tests := []struct {
		name, code string
		check      func(t *testing.T, data, meta map[string]any)
	}{
		{"PNG", `var displayTestBuf bytes.Buffer
png.Encode(&displayTestBuf, image.NewGray(image.Rect(0, 0, 200, 100)))
display.PNG(displayTestBuf.Bytes())`, func(t *testing.T, data, meta map[string]any) {
			checkPNG(t, data, meta, 200, 100, 200, 100)
		}},
		{"Image large", `display.Image(image.NewRGBA(image.Rect(0, 0, 300, 170)))`, func(t *testing.T, data, meta map[string]any) {
			checkPNG(t, data, meta, 300, 170, 300, 170)
		}},
		{"Image small is enlarged", `displayTestDigit := image.NewGray(image.Rect(0, 0, 28, 28))
displayTestDigit.SetGray(3, 4, color.Gray{Y: 255})
display.Image(displayTestDigit)`, func(t *testing.T, data, meta map[string]any) {
			// 28 px → ×6 = 168 ≥ MinImageSide (160).
			checkPNG(t, data, meta, 168, 168, 168, 168)
		}},
		{"SVG", `display.SVG("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\"><circle cx=\"10\" cy=\"10\" r=\"8\"/></svg>")`,
			func(t *testing.T, data, meta map[string]any) { checkSVG(t, data) }},
		{"Plot as SVG", `displayTestP, _ := displayTestMakePlot(false)
display.Plot(displayTestP, display.PlotOptions{Format: "svg"})`, func(t *testing.T, data, meta map[string]any) {
			checkSVG(t, data)
			if _, ok := data["image/png"]; ok {
				t.Errorf("an SVG plot also carries image/png")
			}
			if s, _ := data["image/svg+xml"].(string); !strings.Contains(s, "squares") {
				t.Errorf("SVG plot lacks its title text")
			}
		}},
		{"Plot as PNG", `display.Plot(displayTestP)`, func(t *testing.T, data, meta map[string]any) {
			checkPNG(t, data, meta, 1152, 768, 576, 384)
		}},
		{"HTML", `display.HTML("<p>caf&eacute; <i>au</i> lait</p>")`, func(t *testing.T, data, meta map[string]any) {
			if data["text/html"] != "<p>caf&eacute; <i>au</i> lait</p>" {
				t.Errorf("text/html %q", data["text/html"])
			}
			if s, _ := data["text/plain"].(string); !strings.Contains(s, "café au lait") || strings.Contains(s, "<") {
				t.Errorf("text/plain fallback %q, want the visible text", s)
			}
		}},
		{"Markdown", `display.Markdown("# Title\n\n*emphasis*")`, func(t *testing.T, data, meta map[string]any) {
			if data["text/markdown"] != "# Title\n\n*emphasis*" {
				t.Errorf("text/markdown %q", data["text/markdown"])
			}
		}},
		{"JSON", `display.JSON(map[string]any{"name": "nlm", "n": 784, "layers": []int{1, 2}})`, func(t *testing.T, data, meta map[string]any) {
			obj, ok := data["application/json"].(map[string]any)
			if !ok {
				t.Fatalf("application/json is %T, want an object", data["application/json"])
			}
			if obj["name"] != "nlm" || obj["n"] != 784.0 {
				t.Errorf("application/json %v", obj)
			}
			if l, _ := obj["layers"].([]any); len(l) != 2 {
				t.Errorf("application/json layers %v", obj["layers"])
			}
		}},
		{"Latex", "display.Latex(`\\frac{a}{b}`)", func(t *testing.T, data, meta map[string]any) {
			if data["text/latex"] != `$$\frac{a}{b}$$` {
				t.Errorf("text/latex %q, want the formula between $$", data["text/latex"])
			}
		}},
		{"Text", `display.Text("plain words")`, func(t *testing.T, data, meta map[string]any) {
			if data["text/plain"] != "plain words" || len(data) != 1 {
				t.Errorf("bundle %v, want only text/plain", data)
			}
		}},
		{"Any bundle", `display.Any(display.Bundle{Data: map[string]any{"text/csv": "a,b\n1,2\n"}})`, func(t *testing.T, data, meta map[string]any) {
			if data["text/csv"] != "a,b\n1,2\n" {
				t.Errorf("text/csv %q", data["text/csv"])
			}
		}},
		{"Show of a cell type", `display.Show(displayTestCard{"jack"})`, func(t *testing.T, data, meta map[string]any) {
			if data["text/html"] != "<b>jack</b>" || data["text/plain"] != "card jack" {
				t.Errorf("bundle %v, want the cell type's Render", data)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer c.sub(t)()
			data, meta := onlyDisplay(t, c.run(tc.code))
			tc.check(t, data, meta)
		})
	}
}

// TestDisplayBadInput checks that display calls given malformed content
// publish nothing and return an error saying what was wrong. A call returning
// only an error is a value like any other: the cell succeeds and shows the
// error's message as its result (only a (value, error) pair fails the cell,
// see TestDisplayReturnedError).
func TestDisplayBadInput(t *testing.T) {
	c := displaySetup(t)
	tests := []struct{ name, code, message string }{
		{"PNG of non-PNG bytes", `display.PNG([]byte("not a png"))`, "PNG"},
		{"SVG without an svg root", `display.SVG("<html></html>")`, "<svg>"},
		{"SVG that is not XML", `display.SVG("<svg><g></svg>")`, "XML"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer c.sub(t)()
			e := c.run(tc.code)
			if n := e.count("display_data"); n != 0 {
				t.Errorf("%d display_data messages for bad content", n)
			}
			if r, ok := e.result(); !ok || !strings.Contains(r, tc.message) {
				t.Errorf("result %q (present %v), want the error's message mentioning %q", r, ok, tc.message)
			}
		})
	}
}

func TestDisplayAutoRender(t *testing.T) {
	c := displaySetup(t)
	// The expected size of the sample grid comes from rendering the same
	// samples in this process.
	samples, err := nlm.Generate(context.Background(), nlm.NewModel(784, 2, 1), 4, 10, nlm.PaperDynamics(), 3)
	if err != nil {
		t.Fatal(err)
	}
	sb, _ := display.Render(samples)
	sm, _ := sb.Metadata["image/png"].(map[string]any)
	sw, _ := sm["width"].(int)
	sh, _ := sm["height"].(int)
	if sw < 2*28 || sh < 2*28 {
		t.Fatalf("in-process render of 4 samples is %d×%d", sw, sh)
	}

	tests := []struct {
		name, code string
		check      func(t *testing.T, data, meta map[string]any)
	}{
		{"image.Image", `image.NewRGBA(image.Rect(0, 0, 320, 200))`, func(t *testing.T, data, meta map[string]any) {
			checkPNG(t, data, meta, 320, 200, 320, 200)
		}},
		{"plot at 2x", `displayTestP2, _ := displayTestMakePlot(false)
displayTestP2`, func(t *testing.T, data, meta map[string]any) {
			checkPNG(t, data, meta, 1152, 768, 576, 384)
		}},
		{"matrix summary", `displayTestM := mat.NewDense(300, 200, nil)
for i := 0; i < 300; i++ {
	for j := 0; j < 200; j++ {
		displayTestM.Set(i, j, float64(1000*i+j))
	}
}
displayTestM`, func(t *testing.T, data, meta map[string]any) {
			text, _ := data["text/plain"].(string)
			html, _ := data["text/html"].(string)
			if !strings.Contains(text, "300") || !strings.Contains(text, "200") {
				t.Errorf("text/plain does not give the shape 300×200:\n%s", text)
			}
			// 60 000 entries written out would be hundreds of kilobytes.
			if len(text) > 4000 {
				t.Errorf("text/plain is %d bytes, a wall of numbers", len(text))
			}
			if !strings.Contains(html, "<table") || len(html) > 20000 {
				t.Errorf("text/html has no table or is %d bytes", len(html))
			}
			if rows := strings.Count(html, "<tr"); rows > 14 {
				t.Errorf("HTML table has %d rows, want a truncated table", rows)
			}
			// An entry from the middle (row 150, column 100) is not shown.
			if strings.Contains(text, "150100") || strings.Contains(html, "150100") {
				t.Errorf("the summary shows an entry from the middle of the matrix")
			}
		}},
		{"nlm samples", `nlm.Generate(ctx, nlm.NewModel(784, 2, 1), 4, 10, nlm.PaperDynamics(), 3)`, func(t *testing.T, data, meta map[string]any) {
			checkPNG(t, data, meta, sw, sh, sw, sh)
			if s, _ := data["text/plain"].(string); !strings.Contains(s, "4 images") {
				t.Errorf("text/plain %q", s)
			}
		}},
		{"cell type with Render", `displayTestCard{"ace"}`, func(t *testing.T, data, meta map[string]any) {
			if data["text/html"] != "<b>ace</b>" || data["text/plain"] != "card ace" {
				t.Errorf("bundle %v, want the cell type's Render", data)
			}
		}},
		{"(plot, nil) result", `displayTestMakePlot(false)`, func(t *testing.T, data, meta map[string]any) {
			checkPNG(t, data, meta, 1152, 768, 576, 384)
		}},
	}
	if _, err := mnist.Dir(); err == nil {
		tests = append(tests, struct {
			name, code string
			check      func(t *testing.T, data, meta map[string]any)
		}{"nlm dataset", `mnist.Load("test")`, func(t *testing.T, data, meta map[string]any) {
			w, h, mw, mh := pngSize(t, data, meta)
			// 36 digits in a grid, each at least 28 px.
			if w < 6*28 || h < 6*28 || w != mw || h != mh {
				t.Errorf("dataset grid %d×%d pixels, metadata %d×%d", w, h, mw, mh)
			}
			if s, _ := data["text/plain"].(string); !strings.Contains(s, "10000") {
				t.Errorf("text/plain %q does not give the dataset's size", s)
			}
		}})
	} else {
		t.Logf("no MNIST data, the dataset case is skipped: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer c.sub(t)()
			data, meta := onlyResult(t, c.run(tc.code))
			tc.check(t, data, meta)
		})
	}
}

// TestDisplayReturnedError checks that a (value, error) call returning a
// non-nil error fails the cell with ename "Error" and shows no value.
func TestDisplayReturnedError(t *testing.T) {
	c := displaySetup(t)
	e := c.execute("displayTestMakePlot(true)", execOpts{}, 20*time.Second)
	if e.status() != "error" || e.reply.str("ename") != "Error" || !strings.Contains(e.reply.str("evalue"), "no plot today") {
		t.Fatalf("reply %v, want ename Error with the returned message", e.reply.content)
	}
	if e.count("error") != 1 {
		t.Errorf("%d IOPub error messages, want 1", e.count("error"))
	}
	if r, ok := e.result(); ok {
		t.Errorf("execute_result %q after a returned error", r)
	}
}

func TestDisplayIDs(t *testing.T) {
	c := displaySetup(t)
	e := c.run(`displayTestD := display.New()
displayTestD.Show("a")
displayTestD.Update("b")`)
	ms := displayMsgs(e, "display_data", "update_display_data")
	if len(ms) != 2 || ms[0].Header.MsgType != "display_data" || ms[1].Header.MsgType != "update_display_data" {
		t.Fatalf("outputs %v, want display_data then update_display_data", types(e))
	}
	id := displayID(ms[0])
	if id == "" || displayID(ms[1]) != id {
		t.Fatalf("display ids %q and %q, want the same non-empty id", id, displayID(ms[1]))
	}
	for i, want := range []string{"a", "b"} {
		if data, _ := bundleOf(ms[i]); data["text/plain"] != want {
			t.Errorf("message %d shows %v, want %q", i, data["text/plain"], want)
		}
	}

	// A later cell updates the same output, here with a cell type's bundle.
	e = c.run(`displayTestD.Update(display.Of(displayTestCard{"queen"}))`)
	ms = displayMsgs(e, "display_data", "update_display_data")
	if len(ms) != 1 || ms[0].Header.MsgType != "update_display_data" || displayID(ms[0]) != id {
		t.Fatalf("outputs %v (id %q), want one update_display_data with id %q", types(e), displayID(firstOr(ms)), id)
	}
	if data, _ := bundleOf(ms[0]); data["text/html"] != "<b>queen</b>" {
		t.Errorf("update shows %v, want the card's HTML", data)
	}

	// Two displays in one cell keep their own ids.
	e = c.run(`displayTestE, displayTestF := display.New(), display.New()
displayTestE.Update(1)
displayTestF.Update(2)
displayTestE.Update(3)`)
	ms = displayMsgs(e, "display_data", "update_display_data")
	if len(ms) != 3 || types3(ms) != "display_data,display_data,update_display_data" {
		t.Fatalf("outputs %v", types(e))
	}
	if e1, f1, e2 := displayID(ms[0]), displayID(ms[1]), displayID(ms[2]); e1 == f1 || e1 != e2 || e1 == "" || f1 == "" {
		t.Errorf("ids %q %q %q: want two distinct ids, the update using the first", e1, f1, e2)
	}
}

func firstOr(ms []msg) msg {
	if len(ms) == 0 {
		return msg{content: map[string]any{}}
	}
	return ms[0]
}

func types3(ms []msg) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Header.MsgType)
	}
	return strings.Join(s, ",")
}

func TestDisplayClear(t *testing.T) {
	c := displaySetup(t)
	for _, wait := range []bool{true, false} {
		code := "display.Clear(false)"
		if wait {
			code = "display.Clear(true)"
		}
		e := c.run("display.Text(\"before\")\n" + code)
		ms := displayMsgs(e, "display_data", "clear_output")
		if len(ms) != 2 || ms[0].Header.MsgType != "display_data" || ms[1].Header.MsgType != "clear_output" {
			t.Fatalf("%s: outputs %v, want display_data then clear_output", code, types(e))
		}
		if got, ok := ms[1].content["wait"].(bool); !ok || got != wait {
			t.Errorf("%s: clear_output wait = %v, want %v", code, ms[1].content["wait"], wait)
		}
		if r, ok := e.result(); ok {
			t.Errorf("%s: execute_result %q", code, r)
		}
	}
}

func TestDisplayProgress(t *testing.T) {
	c := displaySetup(t)
	e := c.run(`import "time"
displayTestBar := display.NewProgress(5)
displayTestBar.Unit = "steps"
displayTestBar.Interval = 0
for i := 1; i <= 5; i++ {
	time.Sleep(80 * time.Millisecond)
	displayTestBar.Set(i, "loss", 1/float64(i))
}`)
	ms := displayMsgs(e, "display_data", "update_display_data")
	if len(ms) < 2 {
		t.Fatalf("outputs %v, want the bar shown and updated", types(e))
	}
	id := displayID(ms[0])
	for i, m := range ms {
		want := "update_display_data"
		if i == 0 {
			want = "display_data"
		}
		if m.Header.MsgType != want || displayID(m) != id || id == "" {
			t.Errorf("message %d: %s with id %q, want %s with id %q", i, m.Header.MsgType, displayID(m), want, id)
		}
		data, _ := bundleOf(m)
		if h, _ := data["text/html"].(string); h == "" {
			t.Errorf("message %d has no HTML bar", i)
		}
	}
	data, meta := bundleOf(ms[len(ms)-1])
	if s, _ := data["text/plain"].(string); !strings.Contains(s, "5/5 steps") || !strings.Contains(s, "100%") {
		t.Errorf("last bar %q, want 5/5 steps (100%%)", s)
	}
	g, _ := meta["gonlm"].(map[string]any)
	if g["kind"] != display.KindProgress || g["done"] != true {
		t.Errorf("last bar metadata %v, want kind progress and done", meta)
	}
	if r, ok := e.result(); ok {
		t.Errorf("execute_result %q", r)
	}
	t.Logf("%d progress messages for 5 steps over 400 ms", len(ms))
}
