package display

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"image"
	"image/png"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// maxText is the longest text/plain fallback produced automatically, in
// bytes; longer text is cut with a note saying how much was left out.
const maxText = 8000

// truncate shortens s to about max bytes (on a rune boundary) and says how
// much was cut.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}

// TextBundle returns a bundle with only text/plain.
func TextBundle(s string) Bundle {
	return Bundle{Data: map[string]any{MIMEText: s}}
}

// HTMLBundle returns a text/html bundle whose text/plain fallback is the
// HTML's visible text (tags removed, entities decoded, shortened).
func HTMLBundle(h string) Bundle {
	return Bundle{Data: map[string]any{MIMEHTML: h, MIMEText: truncate(stripTags(h), maxText)}}
}

// stripTags removes markup from an HTML fragment, roughly: tags and the
// content of <script> and <style> go, entities are decoded and runs of
// whitespace collapse to one space.
func stripTags(h string) string {
	var sb strings.Builder
	lower := strings.ToLower(h)
	for i := 0; i < len(h); {
		if h[i] != '<' {
			j := strings.IndexByte(h[i:], '<')
			if j < 0 {
				j = len(h) - i
			}
			sb.WriteString(h[i : i+j])
			i += j
			continue
		}
		for _, tag := range []string{"<script", "<style"} {
			if strings.HasPrefix(lower[i:], tag) {
				end := strings.Index(lower[i:], "</"+tag[1:])
				if end < 0 {
					i = len(h)
				} else {
					i += end
				}
				break
			}
		}
		if i >= len(h) {
			break
		}
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		sb.WriteByte(' ')
		i += j + 1
	}
	return strings.Join(strings.Fields(html.UnescapeString(sb.String())), " ")
}

// MarkdownBundle returns a text/markdown bundle (text/plain is the source).
func MarkdownBundle(md string) Bundle {
	return Bundle{Data: map[string]any{MIMEMarkdown: md, MIMEText: truncate(md, maxText)}}
}

// LatexBundle returns a text/latex bundle. Jupyter renders LaTeX math only
// between $…$ or $$…$$ (or in an environment such as \begin{align}); a
// formula without any of them is wrapped in $$…$$, so LatexBundle(`\frac{a}{b}`)
// shows a displayed fraction.
func LatexBundle(tex string) Bundle {
	t := strings.TrimSpace(tex)
	if !strings.HasPrefix(t, "$") && !strings.HasPrefix(t, `\begin`) && !strings.HasPrefix(t, `\[`) && !strings.HasPrefix(t, `\(`) {
		t = "$$" + t + "$$"
	}
	return Bundle{Data: map[string]any{MIMELatex: t, MIMEText: truncate(tex, maxText)}}
}

// JSONBundle returns an application/json bundle holding v's JSON encoding
// (decoded again to plain maps, slices, strings, numbers and booleans, so any
// publisher can re-encode it), with indented JSON as the text/plain fallback.
// It reports an error when v cannot be encoded as JSON.
func JSONBundle(v any) (Bundle, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return Bundle{}, fmt.Errorf("display: JSON: %T cannot be encoded as JSON: %w", v, err)
	}
	var plain any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&plain); err != nil {
		return Bundle{}, fmt.Errorf("display: JSON: re-decoding %T: %w", v, err)
	}
	var ind bytes.Buffer
	if err := json.Indent(&ind, raw, "", "  "); err != nil {
		return Bundle{}, fmt.Errorf("display: JSON: indenting %T: %w", v, err)
	}
	return Bundle{Data: map[string]any{MIMEJSON: plain, MIMEText: truncate(ind.String(), maxText)}}, nil
}

// PNGBundle returns an image/png bundle for encoded PNG data, with the
// image's pixel width and height as metadata. It reports an error when data
// is not a PNG image.
func PNGBundle(data []byte) (Bundle, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Bundle{}, fmt.Errorf("display: PNG: data (%d bytes) is not a PNG image: %w", len(data), err)
	}
	return pngBundle(data, cfg.Width, cfg.Height), nil
}

// pngBundle builds the bundle for PNG data shown at w×h CSS pixels.
func pngBundle(data []byte, w, h int) Bundle {
	return Bundle{
		Data: map[string]any{MIMEPNG: data, MIMEText: fmt.Sprintf("<image %d×%d>", w, h)},
		Metadata: map[string]any{
			MIMEPNG: map[string]any{"width": w, "height": h},
		},
	}
}

// SVGBundle returns an image/svg+xml bundle. It reports an error when the
// text is not well-formed XML with an <svg> root element.
func SVGBundle(svg string) (Bundle, error) {
	if err := checkSVG(svg); err != nil {
		return Bundle{}, err
	}
	return Bundle{Data: map[string]any{MIMESVG: svg, MIMEText: "<SVG image>"}}, nil
}

func checkSVG(svg string) error {
	dec := xml.NewDecoder(strings.NewReader(svg))
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("display: SVG: not well-formed XML: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		if root == "" {
			return errors.New("display: SVG: no XML element found; give the text of an <svg> document")
		}
		return fmt.Errorf("display: SVG: root element is <%s>, want <svg>", root)
	}
	return nil
}

// MinImageSide is the size, in pixels, below which [ImageBundle] enlarges an
// image: an image whose larger side is smaller is scaled up by the integer
// factor that brings that side to at least MinImageSide (at most 8×), by
// repeating pixels, so a 28×28 digit is shown at 168×168 without the blur a
// browser adds when it scales images.
var MinImageSide = 160

var pngBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type encoderPool struct{ p sync.Pool }

func (e *encoderPool) Get() *png.EncoderBuffer {
	b, _ := e.p.Get().(*png.EncoderBuffer)
	return b
}
func (e *encoderPool) Put(b *png.EncoderBuffer) { e.p.Put(b) }

var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &encoderPool{}}

// EncodePNG encodes img as PNG (fast compression) and returns the bytes.
func EncodePNG(img image.Image) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("display: encoding %T as PNG failed: %v", img, r)
		}
	}()
	if img == nil {
		return nil, errors.New("display: image is nil")
	}
	buf := pngBufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer pngBufPool.Put(buf)
	if err := pngEncoder.Encode(buf, img); err != nil {
		return nil, fmt.Errorf("display: encoding %T as PNG: %w", img, err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// ImageBundle returns an image/png bundle for img with its width and height
// as metadata. Small images are enlarged first (see [MinImageSide]). It
// reports an error for a nil or empty image.
func ImageBundle(img image.Image) (b Bundle, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("display: image %T could not be read: %v", img, r)
		}
	}()
	if img == nil {
		return Bundle{}, errors.New("display: image is nil")
	}
	r := img.Bounds()
	if r.Empty() {
		return Bundle{}, fmt.Errorf("display: image %T is empty (bounds %v)", img, r)
	}
	img = enlarge(img, MinImageSide)
	data, err := EncodePNG(img)
	if err != nil {
		return Bundle{}, err
	}
	r = img.Bounds()
	return pngBundle(data, r.Dx(), r.Dy()), nil
}

// enlarge scales img up by an integer factor (nearest neighbour) so that its
// larger side reaches at least minSide pixels, at most 8×. Larger images are
// returned unchanged.
func enlarge(img image.Image, minSide int) image.Image {
	r := img.Bounds()
	side := max(r.Dx(), r.Dy())
	if side >= minSide || side == 0 {
		return img
	}
	k := min(8, (minSide+side-1)/side)
	if k <= 1 {
		return img
	}
	switch src := img.(type) {
	case *image.Gray:
		dst := image.NewGray(image.Rect(0, 0, r.Dx()*k, r.Dy()*k))
		for y := 0; y < r.Dy(); y++ {
			row := src.Pix[src.PixOffset(r.Min.X, r.Min.Y+y):]
			for ky := 0; ky < k; ky++ {
				out := dst.Pix[(y*k+ky)*dst.Stride:]
				for x := 0; x < r.Dx(); x++ {
					v := row[x]
					for kx := 0; kx < k; kx++ {
						out[x*k+kx] = v
					}
				}
			}
		}
		return dst
	default:
		dst := image.NewNRGBA64(image.Rect(0, 0, r.Dx()*k, r.Dy()*k))
		for y := 0; y < r.Dy(); y++ {
			for x := 0; x < r.Dx(); x++ {
				c := img.At(r.Min.X+x, r.Min.Y+y)
				for ky := 0; ky < k; ky++ {
					for kx := 0; kx < k; kx++ {
						dst.Set(x*k+kx, y*k+ky, c)
					}
				}
			}
		}
		return dst
	}
}

// Text publishes plain text.
func Text(s string) error { return publish(TextBundle(s), "", false) }

// HTML publishes an HTML fragment (with its visible text as the text/plain
// fallback).
func HTML(h string) error { return publish(HTMLBundle(h), "", false) }

// Markdown publishes Markdown, rendered by the notebook.
func Markdown(md string) error { return publish(MarkdownBundle(md), "", false) }

// Latex publishes LaTeX math (see [LatexBundle] for the delimiters).
func Latex(tex string) error { return publish(LatexBundle(tex), "", false) }

// JSON publishes v as application/json (an interactive tree in JupyterLab).
func JSON(v any) error {
	b, err := JSONBundle(v)
	if err != nil {
		return err
	}
	return publish(b, "", false)
}

// PNG publishes encoded PNG data; it reports an error when data is not PNG.
func PNG(data []byte) error {
	b, err := PNGBundle(data)
	if err != nil {
		return err
	}
	return publish(b, "", false)
}

// SVG publishes an SVG document; it reports an error when the text is not
// well-formed XML with an <svg> root.
func SVG(svg string) error {
	b, err := SVGBundle(svg)
	if err != nil {
		return err
	}
	return publish(b, "", false)
}

// Image publishes img as PNG with width and height metadata (small images are
// enlarged, see [MinImageSide]).
func Image(img image.Image) error {
	b, err := ImageBundle(img)
	if err != nil {
		return err
	}
	return publish(b, "", false)
}
