package widgets

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // DecodeConfig of GIF values
	_ "image/jpeg" // DecodeConfig of JPEG values
	_ "image/png"  // DecodeConfig of PNG values
	"strconv"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/comm"
)

// Image shows an image, sent to the front ends as a binary buffer (not
// base64): replacing it updates the picture in place in every view.
//
// Like every widget it also has ID, Close, Render and SetLayout.
type Image struct{ *model }

// NewImage returns an image widget showing the PNG data (nil: empty).
func NewImage(pngData []byte) *Image {
	i := &Image{newModel("Image", "ImageModel", "ImageView", controlsModule, controlsVersion, true, "")}
	for k, v := range map[string]any{"value": append([]byte{}, pngData...), "format": "png", "width": "", "height": ""} {
		i.state[k] = v
	}
	// Front ends may send a value too (a binary buffer); the model keeps it.
	i.writable["value"] = func(v any, _ map[string]any) (any, error) {
		b, ok := v.([]byte)
		if !ok {
			return nil, fmt.Errorf("got %T, want a binary buffer", v)
		}
		return b, nil
	}
	i.text = i.describeValue
	i.headlessOut = func() (display.Bundle, bool) {
		data := i.Value()
		if len(data) == 0 {
			return display.Bundle{}, false
		}
		b, err := display.Normalize(display.Bundle{Data: map[string]any{"image/" + i.Format(): data,
			display.MIMEText: i.describeValue()}})
		return b, err == nil
	}
	i.open(i)
	return i
}

// Value returns the image data (a PNG unless SetFormat chose another).
func (i *Image) Value() []byte {
	b, _ := i.get("value").([]byte)
	return append([]byte(nil), b...)
}

// Format returns the image format ("png", "jpeg", "gif").
func (i *Image) Format() string { s, _ := i.get("format").(string); return s }

// SetPNG replaces the image with PNG data.
func (i *Image) SetPNG(data []byte) {
	i.set(map[string]any{"value": append([]byte{}, data...), "format": "png"})
}

// SetValue replaces the image data, in the format given by SetFormat.
func (i *Image) SetValue(data []byte) { i.set(map[string]any{"value": append([]byte{}, data...)}) }

// SetFormat sets the format of the data: "png", "jpeg" or "gif".
func (i *Image) SetFormat(format string) error {
	switch format {
	case "png", "jpeg", "gif":
		i.set(map[string]any{"format": format})
		return nil
	}
	return fmt.Errorf("widgets: image format %q is not png, jpeg or gif", format)
}

// SetImage replaces the image with img, encoded as PNG.
func (i *Image) SetImage(img image.Image) error {
	if img == nil {
		return errors.New("widgets: SetImage(nil)")
	}
	data, err := display.EncodePNG(img)
	if err != nil {
		return err
	}
	i.SetPNG(data)
	return nil
}

// Show replaces the image with v rendered as a cell's value would be (see
// display.Render): a plot, an image.Image, nlm samples as a digit grid. It
// reports an error if v does not render as a PNG. A value of a type defined
// in a cell must be passed as display.Of(v).
func (i *Image) Show(v any) error {
	b, ok := display.Render(v)
	if !ok {
		return errors.New("widgets: Image.Show(nil)")
	}
	data, err := b.Bytes(display.MIMEPNG)
	if err != nil {
		return fmt.Errorf("widgets: Image.Show: %T does not render as a PNG (it renders as %s)", v, b.Text())
	}
	md, _ := b.Metadata[display.MIMEPNG].(map[string]any)
	delta := map[string]any{"value": data, "format": "png"}
	// Plots render at 2× with the size to show in the metadata (crisp on
	// HiDPI screens); the widget shows them at that size too.
	if w, ok := md["width"]; ok {
		delta["width"] = fmt.Sprint(w)
	}
	if h, ok := md["height"]; ok {
		delta["height"] = fmt.Sprint(h)
	}
	i.set(delta)
	return nil
}

// SetSize sets the displayed width and height in CSS pixels ("" or 0: the
// image's own).
func (i *Image) SetSize(width, height int) {
	px := func(n int) string {
		if n <= 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	i.set(map[string]any{"width": px(width), "height": px(height)})
}

// describeValue is the image's line of text: format, size and bytes.
func (i *Image) describeValue() string {
	data := i.Value()
	if len(data) == 0 {
		return "<empty image>"
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Sprintf("<image: %d bytes of %s>", len(data), i.Format())
	}
	return fmt.Sprintf("<%s image %d×%d, %d bytes>", format, cfg.Width, cfg.Height, len(data))
}

var _ comm.Model = (*Image)(nil)
