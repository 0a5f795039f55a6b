package display

import (
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"reflect"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// Gridder is implemented by sets of images that can lay themselves out as a
// grid, such as nlm sample sets (*nlm.Samples): Grid(cols) returns one image
// with the members in cols columns. [Render] shows a Gridder as that grid.
type Gridder interface {
	Grid(cols int) (*image.Gray, error)
}

// Lener is the optional companion of [Gridder]: the number of members, used to
// choose a near-square grid.
type Lener interface {
	Len() int
}

// Album is implemented by collections of grey images, such as nlm datasets
// (*mnist.Dataset): [Render] shows the first 36 images as a grid (scaled ×2,
// with 2-pixel white gaps) under the value's String(), if it has one.
type Album interface {
	Len() int
	Image(i int) *image.Gray
}

// albumShown is the number of images of an Album that Render shows.
const albumShown = 36

// Render turns a value into the bundle a notebook shows for it, as for a
// cell's last value. ok is false only for a nil value (nothing to show). The
// bundle always has text/plain. Rules, in order:
//
//   - Bundle → itself; [Renderer] → its Render() (a panic in it becomes text)
//   - *plot.Plot → PNG rendered at 2× (see [PlotBundle])
//   - [Gridder] (nlm sample sets) → a near-square grid of its images as PNG
//   - [Album] (nlm datasets) → its String() and a grid of its first images
//   - image.Image → PNG (small images enlarged, see [ImageBundle])
//   - mat.Matrix (*mat.Dense, *mat.VecDense, …) → shape, statistics
//     (min, max, mean, standard deviation, NaN count) and a table truncated
//     to its corners, as text and HTML (see [MatrixBundle])
//   - []float64, []float32 → length, statistics and the first and last values
//   - error → its message; fmt.Stringer → String()
//   - anything else → fmt's %v, cut after 8000 bytes.
//
// Render never panics: a value that fails to render is shown as text saying
// why. The bundle is normalised (see [Normalize]): binary content is base64
// text, ready to be encoded as JSON for the wire.
func Render(v any) (Bundle, bool) {
	b, ok := render(v)
	if !ok {
		return b, false
	}
	nb, err := Normalize(b)
	if err != nil {
		return TextBundle(fmt.Sprintf("<%T: %v>", v, err)), true
	}
	return nb, true
}

func render(v any) (b Bundle, ok bool) {
	if v == nil {
		return Bundle{}, false
	}
	defer func() {
		if r := recover(); r != nil {
			b, ok = TextBundle(fmt.Sprintf("<%T: rendering failed: %v>", v, r)), true
		}
	}()
	if isNilPointer(v) {
		return TextBundle(fmt.Sprintf("(%T)(nil)", v)), true
	}
	switch x := v.(type) {
	case Bundle:
		return ensureText(x), true
	case *Bundle:
		return ensureText(*x), true
	case Renderer:
		return ensureText(x.Render()), true
	case *plot.Plot:
		pb, err := PlotBundle(x)
		if err != nil {
			return TextBundle(err.Error()), true
		}
		return pb, true
	case Gridder:
		return gridBundle(x), true
	case Album:
		return albumBundle(x), true
	case image.Image:
		ib, err := ImageBundle(x)
		if err != nil {
			return TextBundle(err.Error()), true
		}
		return ib, true
	case mat.Matrix:
		return MatrixBundle(x), true
	case []float64:
		return sliceBundle(fmt.Sprintf("%T", v), len(x), func(i int) float64 { return x[i] }), true
	case []float32:
		return sliceBundle(fmt.Sprintf("%T", v), len(x), func(i int) float64 { return float64(x[i]) }), true
	case error:
		return TextBundle(truncate(x.Error(), maxText)), true
	case fmt.Stringer:
		return TextBundle(truncate(x.String(), maxText)), true
	case string:
		return TextBundle(truncate(x, maxText)), true
	}
	return TextBundle(truncate(fmt.Sprintf("%v", v), maxText)), true
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		if rv.IsNil() {
			// Nil slices and maps print fine with %v ([] and map[]); only
			// pointers and funcs are shown as typed nils.
			return rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Func || rv.Kind() == reflect.Chan
		}
	}
	return false
}

// ensureText fills in a missing text/plain entry (and tolerates a nil map).
func ensureText(b Bundle) Bundle {
	if len(b.Data) == 0 {
		return TextBundle("<empty bundle>")
	}
	if _, ok := b.Data[MIMEText]; ok {
		return b
	}
	nb := Bundle{Data: make(map[string]any, len(b.Data)+1), Metadata: b.Metadata}
	for k, v := range b.Data {
		nb.Data[k] = v
	}
	nb.Data[MIMEText] = fallbackText(nb)
	return nb
}

// gridBundle renders a Gridder as a near-square grid.
func gridBundle(g Gridder) Bundle {
	cols := 6
	if l, ok := g.(Lener); ok {
		n := l.Len()
		cols = 1
		for cols*cols < n {
			cols++
		}
		cols = max(1, min(cols, 12))
	}
	img, err := g.Grid(cols)
	if err != nil {
		return TextBundle(fmt.Sprintf("<%T: %v>", g, err))
	}
	b, err := ImageBundle(img)
	if err != nil {
		return TextBundle(fmt.Sprintf("<%T: %v>", g, err))
	}
	desc := fmt.Sprintf("<%T", g)
	if l, ok := g.(Lener); ok {
		desc += fmt.Sprintf(": %d images", l.Len())
	}
	b.Data[MIMEText] = desc + fmt.Sprintf(" in %d columns>", cols)
	return b
}

// Of returns the bundle [Render] makes for v (a text bundle saying "<nil>"
// for nil). It is the way to hand a value of a type defined in a notebook
// cell to a method such as [Display.Update] or [Animation.Frame]: yaegi keeps
// a cell type's methods only when the value goes through a package-level
// function listed in [MapTypes], so write d.Update(display.Of(v)).
func Of(v any) Bundle {
	b, ok := Render(v)
	if !ok {
		return TextBundle("<nil>")
	}
	return b
}

// albumBundle renders an Album: HTML with the summary and the grid, plus
// image/png and text/plain.
func albumBundle(a Album) Bundle {
	desc := fmt.Sprintf("%T with %d images", a, a.Len())
	if s, ok := a.(fmt.Stringer); ok {
		desc = s.String()
	}
	n := min(a.Len(), albumShown)
	if n <= 0 {
		return TextBundle(desc)
	}
	imgs := make([]*image.Gray, n)
	for i := range imgs {
		imgs[i] = a.Image(i)
		if imgs[i] == nil {
			return TextBundle(desc)
		}
	}
	grid, err := grayGrid(imgs, 0, 2, 2)
	if err != nil {
		return TextBundle(fmt.Sprintf("%s\n<%v>", desc, err))
	}
	data, err := EncodePNG(grid)
	if err != nil {
		return TextBundle(desc)
	}
	r := grid.Bounds()
	b := pngBundle(data, r.Dx(), r.Dy())
	caption := desc
	if a.Len() > n {
		caption += fmt.Sprintf(" (first %d shown)", n)
	}
	b.Data[MIMEText] = caption
	b.Data[MIMEHTML] = fmt.Sprintf(`<div><div style="font-family:monospace;font-size:12px">%s</div><img width="%d" height="%d" src="data:image/png;base64,%s"></div>`,
		html.EscapeString(caption), r.Dx(), r.Dy(), base64.StdEncoding.EncodeToString(data))
	return b
}

// grayGrid lays out same-sized grey images in cols columns (0: about
// square), each pixel scaled to a scale×scale block, with gap white pixels
// between images.
func grayGrid(imgs []*image.Gray, cols, scale, gap int) (*image.Gray, error) {
	n := len(imgs)
	if n == 0 {
		return nil, fmt.Errorf("no images")
	}
	if cols <= 0 {
		for cols = 1; cols*cols < n; cols++ {
		}
	}
	rows := (n + cols - 1) / cols
	w, h := imgs[0].Rect.Dx(), imgs[0].Rect.Dy()
	cw, ch := w*scale, h*scale
	out := image.NewGray(image.Rect(0, 0, cols*(cw+gap)-gap, rows*(ch+gap)-gap))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for k, img := range imgs {
		if img.Rect.Dx() != w || img.Rect.Dy() != h {
			return nil, fmt.Errorf("image %d is %dx%d, image 0 is %dx%d", k, img.Rect.Dx(), img.Rect.Dy(), w, h)
		}
		x0, y0 := (k%cols)*(cw+gap), (k/cols)*(ch+gap)
		for y := range ch {
			src := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y/scale):]
			dst := out.Pix[(y0+y)*out.Stride+x0:]
			for x := range cw {
				dst[x] = src[x/scale]
			}
		}
	}
	return out, nil
}

// MapTypes lists, for the package's functions that take `any` values to
// render, the interfaces a value of a type defined in a notebook cell should
// be wrapped as. yaegi passes cell-defined types to compiled functions as bare
// structs without methods unless it finds the function here; the kernel
// session registers it with
//
//	interp.Use(interp.Exports{".": {"MapTypes": reflect.ValueOf(display.MapTypes)}})
//
// (keys are the reflect.Values of Render, Of and Show; the interfaces are
// tried in order: Renderer, image.Image, Gridder, Album, fmt.Stringer). The
// symbol table must also hold the generated wrappers for display.Renderer,
// display.Gridder and display.Album (yaegi extract writes them as _Renderer,
// _Gridder and _Album), and
// the kernel's own Show hook (which calls Render) needs an entry of its own
// with the same interfaces: use [RenderTypes].
//
// yaegi consults MapTypes only for calls of package-level functions, not
// methods: a cell value passed to d.Update or a.Frame arrives without its
// methods, so cells write d.Update(display.Of(v)). The interface `error`
// cannot be listed: yaegi has no wrapper for it (a cell-defined error type
// shows as its fields).
var MapTypes = map[reflect.Value][]reflect.Type{}

// RenderTypes are the interfaces, in the order tried, that a cell value is
// wrapped as when it is passed to a function registered in [MapTypes].
var RenderTypes = []reflect.Type{
	reflect.TypeFor[Renderer](),
	reflect.TypeFor[image.Image](),
	reflect.TypeFor[Gridder](),
	reflect.TypeFor[Album](),
	reflect.TypeFor[fmt.Stringer](),
}

func init() {
	for _, f := range []any{Render, Of, Show} {
		MapTypes[reflect.ValueOf(f)] = RenderTypes
	}
}
