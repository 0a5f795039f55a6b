// Package display publishes rich output (images, plots, HTML, Markdown, JSON,
// LaTeX, text) from notebook cells and from compiled Go code, renders a cell's
// last value automatically, and keeps outputs that update in place (display
// ids, progress bars, live curves, animations).
//
// Output goes to the current [Publisher]: the Jupyter kernel installs one that
// sends display_data, update_display_data and clear_output messages for the
// running cell; the scripting mode (`gonlm run`) installs one that writes
// files. Without a publisher every publishing call returns [ErrNoPublisher].
//
// A [Bundle] holds the same data a Jupyter display message carries: a map from
// MIME type to content (strings for text formats, base64 strings for binary
// images, a JSON value for application/json) plus per-MIME metadata such as
// the width and height at which an image is shown.
//
// From a cell:
//
//	display.Markdown("# Samples")
//	display.Plot(p)                 // crisp PNG, rendered at 2×
//	d := display.New()
//	d.Show("starting")
//	d.Update(img)                   // replaces the output above in place
//
// # What a value looks like
//
// [Render] decides how a value is shown (a cell's last value, [Show],
// [Display.Update]): plots as crisp PNGs, images as PNGs, nlm sample sets
// ([Gridder]) and datasets ([Album]) as digit grids, matrices as a summary
// with statistics and a truncated table, anything with a Render() Bundle
// method ([Renderer]) as its own bundle, and everything else as text.
//
// # Live output
//
// [Progress], [LiveCurve] and [Animation] update one output in place and
// throttle themselves (at most a few updates a second, and never more than
// [MaxOverhead] of the time spent drawing), so they can be driven from a
// training loop or callback at every step. The views subpackage builds the
// paper's figures and a training view on top of them.
//
// # Types defined in cells
//
// The interpreter (yaegi) hands a value of a type defined in a cell to
// compiled code as a bare struct, without its methods, unless the function
// is listed in [MapTypes]; the kernel registers it, so display.Render(v),
// display.Show(v) and display.Of(v) see the cell type's Render, image or
// String methods. Methods (d.Update(v), a.Frame(v)) are not covered by
// yaegi's mechanism: pass display.Of(v) to them.
package display

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// MIME types used by the package.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMELatex    = "text/latex"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMEGIF      = "image/gif"
	MIMESVG      = "image/svg+xml"
	MIMEJSON     = "application/json"
	MIMEPDF      = "application/pdf"
)

// Bundle is one MIME bundle: what a Jupyter display_data message carries.
//
// Data maps a MIME type to its content: a string for text formats (text/*,
// image/svg+xml), a base64 string for binary formats (image/png, image/jpeg,
// image/gif, application/pdf) and any JSON-encodable value for
// application/json and other +json types. Metadata maps a MIME type to its
// metadata, e.g. {"image/png": {"width": 576, "height": 384}}; keys that are
// not MIME types carry information about the whole bundle (this package uses
// "gonlm" for the kind of live output, see [KindOf]).
//
// Bundles published through this package always have a text/plain entry.
type Bundle struct {
	Data     map[string]any
	Metadata map[string]any
}

// Renderer is implemented by values that know how to display themselves.
// [Render] (and so a cell's last value, [Show] and [Display.Update]) use the
// returned bundle; a missing text/plain entry is filled in.
//
// Types defined in notebook cells may implement Renderer too; see [MapTypes].
type Renderer interface {
	Render() Bundle
}

// Publisher delivers bundles to the user. The Jupyter kernel's publisher
// sends display_data (update false) or update_display_data (update true); a
// non-empty displayID goes into the message's transient display_id so that
// later updates with the same id replace the output in place. Clear sends
// clear_output; with wait true the output is cleared only when the next
// output arrives (no flicker).
//
// Publishers must be safe for concurrent use: cells may publish from
// goroutines.
type Publisher interface {
	Publish(b Bundle, displayID string, update bool) error
	Clear(wait bool) error
}

// ErrNoPublisher is returned by every publishing call when no [Publisher] is
// set: outside the kernel and the scripting mode, call [SetPublisher] first
// (or use the ...Bundle functions and [Render] to get the bundles).
var ErrNoPublisher = errors.New("display: no publisher is set (run inside the gonlm kernel or `gonlm run`, or call display.SetPublisher)")

var (
	pubMu     sync.RWMutex
	publisher Publisher
)

// SetPublisher installs p as the destination of every later display call; nil
// removes the current publisher.
func SetPublisher(p Publisher) {
	pubMu.Lock()
	publisher = p
	pubMu.Unlock()
}

// CurrentPublisher returns the publisher set by [SetPublisher], or nil.
func CurrentPublisher() Publisher {
	pubMu.RLock()
	defer pubMu.RUnlock()
	return publisher
}

// publish normalises b and hands it to the current publisher.
func publish(b Bundle, id string, update bool) error {
	p := CurrentPublisher()
	if p == nil {
		return ErrNoPublisher
	}
	nb, err := Normalize(b)
	if err != nil {
		return err
	}
	return p.Publish(nb, id, update)
}

// binaryMIME reports whether content of this MIME type travels as base64.
func binaryMIME(mime string) bool {
	switch mime {
	case MIMEPNG, MIMEJPEG, MIMEGIF, MIMEPDF, "image/webp", "image/bmp":
		return true
	}
	return false
}

// Normalize returns a copy of b ready to publish: []byte content of binary
// MIME types (image/png, image/jpeg, image/gif, application/pdf) is base64
// encoded, []byte content of text types becomes a string, and a text/plain
// entry is added when missing. It reports an error for an empty bundle, a key
// that is not a MIME type ("type/subtype") or content of the wrong kind.
func Normalize(b Bundle) (Bundle, error) {
	if len(b.Data) == 0 {
		return Bundle{}, errors.New("display: empty bundle: give Data at least one MIME type, e.g. {\"text/plain\": \"...\"}")
	}
	out := Bundle{Data: make(map[string]any, len(b.Data)+1), Metadata: make(map[string]any, len(b.Metadata))}
	for k, v := range b.Metadata {
		out.Metadata[k] = v
	}
	for mime, v := range b.Data {
		if i := strings.IndexByte(mime, '/'); i <= 0 || i == len(mime)-1 || strings.ContainsAny(mime, " \t\n") {
			return Bundle{}, fmt.Errorf("display: bundle key %q is not a MIME type; use keys like \"text/html\" or \"image/png\"", mime)
		}
		switch c := v.(type) {
		case []byte:
			if binaryMIME(mime) {
				out.Data[mime] = base64.StdEncoding.EncodeToString(c)
			} else if isJSONMIME(mime) {
				return Bundle{}, fmt.Errorf("display: %s content is []byte; give the decoded JSON value (map, slice, number, string) instead", mime)
			} else {
				out.Data[mime] = string(c)
			}
		case string:
			if binaryMIME(mime) {
				if _, err := base64.StdEncoding.DecodeString(c); err != nil {
					return Bundle{}, fmt.Errorf("display: %s content must be base64 (or []byte to have it encoded): %v", mime, err)
				}
			}
			out.Data[mime] = c
		case nil:
			return Bundle{}, fmt.Errorf("display: bundle entry %s is nil", mime)
		default:
			if !isJSONMIME(mime) {
				return Bundle{}, fmt.Errorf("display: %s content has type %T; text and base64 formats need a string or []byte", mime, v)
			}
			out.Data[mime] = c
		}
	}
	if _, ok := out.Data[MIMEText]; !ok {
		out.Data[MIMEText] = fallbackText(out)
	}
	return out, nil
}

func isJSONMIME(mime string) bool {
	return mime == MIMEJSON || strings.HasSuffix(mime, "+json")
}

// fallbackText describes a bundle without a text/plain entry.
func fallbackText(b Bundle) string {
	var kinds []string
	for mime := range b.Data {
		kinds = append(kinds, mime)
	}
	sort.Strings(kinds)
	for _, mime := range kinds {
		if md, ok := b.Metadata[mime].(map[string]any); ok {
			if w, ok := md["width"]; ok {
				if h, ok := md["height"]; ok {
					return fmt.Sprintf("<%s %v×%v>", mime, w, h)
				}
			}
		}
	}
	return "<" + strings.Join(kinds, ", ") + ">"
}

// Bytes returns the content of one MIME type as bytes: base64 is decoded for
// binary types; strings are returned as is. It reports an error when the
// bundle has no such entry.
func (b Bundle) Bytes(mime string) ([]byte, error) {
	v, ok := b.Data[mime]
	if !ok {
		return nil, fmt.Errorf("display: bundle has no %s entry", mime)
	}
	switch c := v.(type) {
	case []byte:
		return c, nil
	case string:
		if binaryMIME(mime) {
			return base64.StdEncoding.DecodeString(c)
		}
		return []byte(c), nil
	}
	return nil, fmt.Errorf("display: %s entry is a %T, not text or base64", mime, v)
}

// Text returns the bundle's text/plain entry ("" if there is none).
func (b Bundle) Text() string {
	s, _ := b.Data[MIMEText].(string)
	return s
}

// Render returns b itself, so a Bundle is also a [Renderer].
func (b Bundle) Render() Bundle { return b }

// Kind values stored under Metadata["gonlm"]["kind"] for live outputs, so
// that a publisher (the scripting mode's, for one) can treat them specially.
const (
	KindProgress  = "progress"
	KindCurve     = "curve"
	KindAnimation = "animation"
)

// KindOf returns the kind of live output a bundle is (KindProgress,
// KindCurve, KindAnimation) or "" for ordinary output. A progress bar's
// final state also carries Metadata["gonlm"]["done"] = true (see [IsFinal]).
func KindOf(b Bundle) string {
	m, ok := b.Metadata["gonlm"].(map[string]any)
	if !ok {
		return ""
	}
	k, _ := m["kind"].(string)
	return k
}

// IsFinal reports whether a live output's bundle is its final state (a
// progress bar that reached its total or was finished).
func IsFinal(b Bundle) bool {
	m, ok := b.Metadata["gonlm"].(map[string]any)
	if !ok {
		return false
	}
	d, _ := m["done"].(bool)
	return d
}

// withKind returns b marked as a live output of the given kind (the
// metadata map is copied, never modified).
func withKind(b Bundle, kind string) Bundle {
	md := make(map[string]any, len(b.Metadata)+1)
	for k, v := range b.Metadata {
		md[k] = v
	}
	md["gonlm"] = map[string]any{"kind": kind}
	b.Metadata = md
	return b
}

// Any publishes a ready-made MIME bundle (see [Bundle] for the content each
// MIME type takes; []byte is base64 encoded for binary types).
func Any(b Bundle) error { return publish(b, "", false) }

// Show publishes each value as its own output, rendered as a cell's last value
// would be (see [Render]). Nil values are skipped.
func Show(values ...any) error {
	var errs []error
	for _, v := range values {
		b, ok := Render(v)
		if !ok {
			continue
		}
		if err := publish(b, "", false); err != nil {
			if errors.Is(err, ErrNoPublisher) {
				return err
			}
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Clear clears the cell's output. With wait true the output is cleared when
// the next output arrives, which avoids flicker in loops that redraw.
func Clear(wait bool) error {
	p := CurrentPublisher()
	if p == nil {
		return ErrNoPublisher
	}
	return p.Clear(wait)
}

// Display is an output that can be replaced in place: every call on it uses
// the same display id. Create one with [New]; it is safe for concurrent use.
type Display struct {
	id    string
	mu    sync.Mutex
	shown bool
}

// New returns a display with a fresh, random id. Nothing is shown until
// [Display.Show] or [Display.Update] is called.
func New() *Display { return &Display{id: newID()} }

// NewWithID returns a display that uses the given id, so outputs from
// different cells (or a restarted loop) can refer to the same display. An
// empty id gets a fresh random one.
func NewWithID(id string) *Display {
	if id == "" {
		id = newID()
	}
	return &Display{id: id}
}

func newID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; fall back to a
		// counter so ids stay unique within the process regardless.
		idMu.Lock()
		idCounter++
		n := idCounter
		idMu.Unlock()
		return fmt.Sprintf("gonlm-%d", n)
	}
	return "gonlm-" + hex.EncodeToString(b[:])
}

var (
	idMu      sync.Mutex
	idCounter int
)

// ID returns the display id sent as the message's transient display_id.
func (d *Display) ID() string { return d.id }

// Show publishes v (rendered like a cell's last value, see [Render]) as a new
// output that carries this display's id. Calling Show again adds another
// output with the same id; every output with the id follows later updates.
func (d *Display) Show(v any) error {
	b, ok := Render(v)
	if !ok {
		b = TextBundle("")
	}
	if err := publish(b, d.id, false); err != nil {
		return err
	}
	d.mu.Lock()
	d.shown = true
	d.mu.Unlock()
	return nil
}

// Update replaces every output that carries this display's id with v
// (update_display_data). If the display was never shown, Update shows it, so a
// loop can call Update from its first iteration.
func (d *Display) Update(v any) error {
	d.mu.Lock()
	shown := d.shown
	d.mu.Unlock()
	if !shown {
		return d.Show(v)
	}
	b, ok := Render(v)
	if !ok {
		b = TextBundle("")
	}
	return publish(b, d.id, true)
}

// shownOnce reports whether the display has been shown.
func (d *Display) shownOnce() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.shown
}

// Reset forgets that the display was shown: the next Update shows a new
// output (useful when a new cell should get its own copy).
func (d *Display) Reset() {
	d.mu.Lock()
	d.shown = false
	d.mu.Unlock()
}
