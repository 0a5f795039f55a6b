package widgets

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/comm"
)

// Widget is a widget of this package: a control, an image, an output area,
// a box, or an Interact panel. A widget shows itself when it is a cell's
// last value or is passed to display.Show; every view of it, in every cell
// and every open page, is the same live model.
//
// Only the types of this package implement Widget.
type Widget interface {
	// ID is the model id (the comm id front ends know the model by).
	ID() string
	// Render returns what a notebook shows for the widget: its view, with
	// a line of text as fallback (in the scripting mode, the text, or a PNG
	// for an image).
	Render() display.Bundle
	// Close removes the widget: front ends destroy the model and its views,
	// and it no longer changes or calls back. Closing twice does nothing.
	Close() error
	base() *model
}

// Module names and versions of the models (ipywidgets 8).
const (
	controlsModule  = "@jupyter-widgets/controls"
	controlsVersion = "2.0.0"
	baseModule      = "@jupyter-widgets/base"
	baseVersion     = "2.0.0"
	outputModule    = "@jupyter-widgets/output"
	outputVersion   = "1.0.0"
)

// ErrClosed is returned by calls that need a live widget after its Close.
var ErrClosed = errors.New("widgets: the widget is closed")

// model is the state every widget shares: its id, identity (model and view
// classes), synced state, layout and style, and listeners. Widget types
// embed it; their setters change state through set, front ends through
// Update (comm.Model).
type model struct {
	id          string
	kind        string // the widget type, for messages ("FloatSlider")
	identity    map[string]any
	layout      *layoutModel
	style       *styleModel
	mu          sync.Mutex
	state       map[string]any
	writable    map[string]coercion // keys a front end may set
	closed      bool
	listeners   []func() // compiled listeners of value changes (Interact)
	onFrontend  func(changed map[string]any) []comm.Job
	text        func() string                 // the widget's line of text
	headlessOut func() (display.Bundle, bool) // what it renders as without front ends, if not its text
}

// newModel makes a model of the given classes. A DOM widget (domWidget)
// gets a Layout, and a style model named style (if not "").
func newModel(kind, modelName, viewName, module, version string, domWidget bool, styleName string) *model {
	m := &model{
		id:   comm.NewID(),
		kind: kind,
		identity: map[string]any{
			"_model_name": modelName, "_model_module": module, "_model_module_version": version,
			"_view_name": viewName, "_view_module": module, "_view_module_version": version,
		},
		state:    map[string]any{"_view_count": nil},
		writable: map[string]coercion{},
	}
	if domWidget {
		m.layout = newLayout()
		m.state["_dom_classes"] = []string{}
		m.state["layout"] = comm.ModelPrefix + m.layout.id
		m.state["tabbable"] = nil
		m.state["tooltip"] = nil
	}
	if styleName != "" {
		m.style = newStyle(styleName)
		m.state["style"] = comm.ModelPrefix + m.style.id
	}
	return m
}

// coercion checks a value a front end sent for a key and returns it as the
// model keeps it; st is the model's state (locked: read it, do not call the
// widget's methods).
type coercion func(v any, st map[string]any) (any, error)

// open registers the widget w (whose model is m), after its layout and style,
// which it refers to, with the kernel; with front ends attached this opens
// their comms.
func (m *model) open(w comm.Model) {
	if m.layout != nil {
		m.layout.open(m.layout)
	}
	if m.style != nil {
		m.style.open(m.style)
	}
	if err := comm.Default.Open(m.id, w); err != nil {
		panic(fmt.Sprintf("widgets: opening a %s: %v", m.kind, err))
	}
}

func (m *model) base() *model { return m }

// ID returns the model id.
func (m *model) ID() string { return m.id }

// State implements comm.Model: identity and synced state.
func (m *model) State() map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]any, len(m.identity)+len(m.state))
	for k, v := range m.state {
		out[k] = v
	}
	for k, v := range m.identity {
		out[k] = v
	}
	return out
}

// get returns a state value.
func (m *model) get(key string) any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state[key]
}

// set changes state keys from the kernel side and reports them to the front
// ends; it returns the keys whose value changed. Changes of a closed widget
// are ignored.
func (m *model) set(delta map[string]any) map[string]any {
	var changed map[string]any
	err := comm.Default.Change(m.id, func() map[string]any {
		m.mu.Lock()
		defer m.mu.Unlock()
		changed = map[string]any{}
		for k, v := range delta {
			if old, ok := m.state[k]; !ok || !sameValue(old, v) {
				m.state[k] = v
				changed[k] = v
			}
		}
		return changed
	})
	if err != nil {
		return nil
	}
	return changed
}

// sameValue compares state values (numbers, strings, bools, byte slices,
// lists of strings, output lists).
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.IsNaN(x) && math.IsNaN(y))
	case []byte:
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	}
	return reflect.DeepEqual(a, b)
}

// Update implements comm.Model: a front end's change of writable keys. It
// returns the accepted keys, as set, to echo, and the jobs of the widget's
// callbacks.
func (m *model) Update(state map[string]any) (map[string]any, []comm.Job, error) {
	echo := map[string]any{}
	changed := map[string]any{}
	var errs []error
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, nil, ErrClosed
	}
	keys := make([]string, 0, len(state))
	for k := range state {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		coerce, ok := m.writable[k]
		if !ok {
			continue // read-only for front ends (layout refs, outputs, ...)
		}
		v, err := coerce(state[k], m.state)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", m.kind, k, err))
			continue
		}
		if old := m.state[k]; !sameValue(old, v) {
			changed[k] = v
		}
		m.state[k] = v
		echo[k] = v
	}
	listeners := append([]func(){}, m.listeners...)
	m.mu.Unlock()
	var jobs []comm.Job
	if len(changed) > 0 {
		if m.onFrontend != nil {
			jobs = m.onFrontend(changed)
		}
		for _, l := range listeners {
			l()
		}
	}
	return echo, jobs, errors.Join(errs...)
}

// Custom implements comm.Model; widgets other than Button ignore custom
// messages.
func (m *model) Custom(content map[string]any, buffers [][]byte) ([]comm.Job, error) {
	return nil, fmt.Errorf("%s: unexpected custom message %v", m.kind, content)
}

// listen adds a compiled listener of value changes (from front ends or the
// kernel). Listeners run on the goroutine that made the change and must not
// block.
func (m *model) listen(f func()) {
	m.mu.Lock()
	m.listeners = append(m.listeners, f)
	m.mu.Unlock()
}

// notify calls the listeners (after a kernel-side change).
func (m *model) notify() {
	m.mu.Lock()
	ls := append([]func(){}, m.listeners...)
	m.mu.Unlock()
	for _, l := range ls {
		l()
	}
}

// Close closes the widget, its layout and its style.
func (m *model) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	m.mu.Unlock()
	err := comm.Default.Close(m.id)
	if m.layout != nil {
		err = errors.Join(err, m.layout.Close())
	}
	if m.style != nil {
		err = errors.Join(err, m.style.Close())
	}
	return err
}

// Closed reports whether the widget was closed.
func (m *model) Closed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed
}

// Text returns the widget's current value as a line of text (what the
// scripting mode prints for it).
func (m *model) Text() string {
	if m.text == nil {
		return ""
	}
	return m.text()
}

// Render implements display.Renderer: the widget's view (and its text), or
// without front ends (the scripting mode) its text or image.
func (m *model) Render() display.Bundle {
	if !comm.Default.Live() {
		if m.headlessOut != nil {
			if b, ok := m.headlessOut(); ok {
				return b
			}
		}
		return display.TextBundle(m.Text())
	}
	return display.Bundle{Data: map[string]any{
		comm.ViewMIME:    map[string]any{"model_id": m.id, "version_major": 2, "version_minor": 1},
		display.MIMEText: m.Text(),
	}}
}

// SetLayout sets CSS properties of the widget's box, as name, value pairs
// with the names of ipywidgets' Layout ("width", "height", "margin",
// "border", "flex_flow", "justify_content", ...): w.SetLayout("width",
// "400px"). An empty value removes the property.
func (m *model) SetLayout(nameValues ...string) error {
	if m.layout == nil {
		return fmt.Errorf("widgets: a %s has no layout", m.kind)
	}
	return m.layout.set(nameValues)
}

// SetStyle sets style properties as name, value pairs; which ones a widget
// has depends on its type ("description_width" for controls with a
// description, "handle_color" for sliders, "button_color" and "font_weight"
// for buttons, ...). An empty value restores the default.
func (m *model) SetStyle(nameValues ...string) error {
	if m.style == nil {
		return fmt.Errorf("widgets: a %s has no style", m.kind)
	}
	return m.style.set(nameValues)
}

// description widgets: the label before the control.

func (m *model) describe(description string) {
	m.state["description"] = description
	m.state["description_allow_html"] = false
}

// Description returns the label shown before the control.
func (m *model) Description() string {
	s, _ := m.get("description").(string)
	return s
}

// SetDescription changes the label shown before the control.
func (m *model) SetDescription(s string) { m.set(map[string]any{"description": s}) }

// SetDisabled disables (or enables) the control: a disabled control shows
// its value but cannot be changed by the user.
func (m *model) SetDisabled(disabled bool) { m.set(map[string]any{"disabled": disabled}) }

// label prefixes a value's text with the description, if any.
func (m *model) label(value string) string {
	if d := m.Description(); d != "" {
		return d + ": " + value
	}
	return value
}

// ---- coercions of values sent by front ends -----------------------------

func asFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case int:
		return float64(x), nil
	}
	return 0, fmt.Errorf("got %T %v, want a number", v, v)
}

func asInt(v any) (int, error) {
	f, err := asFloat(v)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("got %v, want an integer", f)
	}
	return int(f), nil
}

func asBool(v any, _ map[string]any) (any, error) {
	b, ok := v.(bool)
	if !ok {
		return nil, fmt.Errorf("got %T %v, want true or false", v, v)
	}
	return b, nil
}

func asString(v any, _ map[string]any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("got %T %v, want a string", v, v)
	}
	return s, nil
}

// quote shows a string value in text.
func quote(s string) string {
	if strings.ContainsAny(s, "\n\"") {
		return fmt.Sprintf("%q", s)
	}
	return `"` + s + `"`
}
