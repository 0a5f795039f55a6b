package widgets

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/gonlm/gonlm/kernel/internal/comm"
)

// handlers is a list of callbacks of one kind, with the widget's name for
// the jobs that run them.
type handlers[F any] struct {
	mu sync.Mutex
	fs []F
}

func (h *handlers[F]) add(f F) {
	h.mu.Lock()
	h.fs = append(h.fs, f)
	h.mu.Unlock()
}

func (h *handlers[F]) list() []F {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]F(nil), h.fs...)
}

// jobs makes one job per handler, calling it with call.
func jobsFor[F any](h *handlers[F], name string, call func(F)) []comm.Job {
	var jobs []comm.Job
	for _, f := range h.list() {
		jobs = append(jobs, comm.Job{Name: name, Run: func(context.Context) error {
			call(f)
			return nil
		}})
	}
	return jobs
}

// callbackName names a widget's callback in error messages.
func callbackName(m *model, what string) string {
	if d := m.Description(); d != "" {
		return fmt.Sprintf("%s of %s %q", what, m.kind, d)
	}
	return what + " of a " + m.kind
}

// ---- FloatSlider --------------------------------------------------------

// FloatSlider is a slider for a float64 between Min and Max in steps of Step.
// Values set from either side are clamped to [Min, Max].
//
// Like every widget it also has ID, Close, Render, SetLayout, SetStyle
// (description_width, handle_color), SetDescription and SetDisabled.
type FloatSlider struct {
	*model
	changed handlers[func(float64)]
}

// NewFloatSlider returns a slider labelled description, at value, between
// min and max in steps of step (its readout shows two decimals; see
// SetReadoutFormat).
func NewFloatSlider(description string, value, min, max, step float64) *FloatSlider {
	if !(min <= max) {
		min, max = max, min
	}
	s := &FloatSlider{model: newModel("FloatSlider", "FloatSliderModel", "FloatSliderView",
		controlsModule, controlsVersion, true, "SliderStyleModel")}
	s.describe(description)
	for k, v := range map[string]any{"value": clampFloat(value, min, max), "min": min, "max": max, "step": step,
		"orientation": "horizontal", "readout": true, "readout_format": ".2f", "continuous_update": true,
		"disabled": false, "behavior": "drag-tap"} {
		s.state[k] = v
	}
	s.writable["value"] = func(v any, st map[string]any) (any, error) {
		f, err := asFloat(v)
		if err != nil {
			return nil, err
		}
		return clampFloat(f, st["min"].(float64), st["max"].(float64)), nil
	}
	s.onFrontend = func(changed map[string]any) []comm.Job {
		v, ok := changed["value"].(float64)
		if !ok {
			return nil
		}
		return jobsFor(&s.changed, callbackName(s.model, "OnChange"), func(f func(float64)) { f(v) })
	}
	s.text = func() string { return s.label(formatReadout(s.Value(), s.get("readout_format"))) }
	s.open(s)
	return s
}

func clampFloat(v, min, max float64) float64 { return math.Max(min, math.Min(max, v)) }

// Value returns the current value.
func (s *FloatSlider) Value() float64 { f, _ := s.get("value").(float64); return f }

// Min returns the smallest value.
func (s *FloatSlider) Min() float64 { f, _ := s.get("min").(float64); return f }

// Max returns the largest value.
func (s *FloatSlider) Max() float64 { f, _ := s.get("max").(float64); return f }

// SetValue moves the slider to v (clamped to [Min, Max]); if that changes
// the value, the OnChange callbacks run now, on the caller's goroutine.
func (s *FloatSlider) SetValue(v float64) {
	v = clampFloat(v, s.Min(), s.Max())
	if _, ok := s.set(map[string]any{"value": v})["value"]; !ok {
		return
	}
	for _, f := range s.changed.list() {
		f(v)
	}
	s.notify()
}

// SetRange changes the bounds and the step; the value is clamped to them.
func (s *FloatSlider) SetRange(min, max, step float64) {
	if !(min <= max) {
		min, max = max, min
	}
	s.set(map[string]any{"min": min, "max": max, "step": step})
	s.SetValue(s.Value())
}

// SetReadoutFormat sets the format of the number shown next to the slider,
// in Python's format mini-language as ipywidgets uses it (".2f", ".3g").
func (s *FloatSlider) SetReadoutFormat(format string) {
	s.set(map[string]any{"readout_format": format})
}

// SetContinuousUpdate chooses whether a front end reports the value while the
// slider is dragged (true, the default) or only when it is released.
func (s *FloatSlider) SetContinuousUpdate(on bool) { s.set(map[string]any{"continuous_update": on}) }

// OnChange adds a callback run with the new value whenever the user (or
// SetValue) changes it. Callbacks of a user's change run on the kernel's
// executor, one at a time and between cells; see the package doc.
func (s *FloatSlider) OnChange(f func(v float64)) { s.changed.add(f) }

// formatReadout formats a value like the front end's readout for the
// formats ipywidgets uses (".Nf", ".Ne", ".Ng", "d"); other formats give %g.
func formatReadout(v float64, format any) string {
	f, _ := format.(string)
	if f == "d" {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	if len(f) >= 3 && f[0] == '.' {
		if p, err := strconv.Atoi(f[1 : len(f)-1]); err == nil {
			switch f[len(f)-1] {
			case 'f', 'e', 'g':
				return strconv.FormatFloat(v, f[len(f)-1], p, 64)
			}
		}
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// ---- IntSlider ----------------------------------------------------------

// IntSlider is a slider for an int between Min and Max in steps of Step.
//
// Like every widget it also has ID, Close, Render, SetLayout, SetStyle,
// SetDescription and SetDisabled.
type IntSlider struct {
	*model
	changed handlers[func(int)]
}

// NewIntSlider returns a slider labelled description, at value, between min
// and max in steps of step.
func NewIntSlider(description string, value, min, max, step int) *IntSlider {
	if min > max {
		min, max = max, min
	}
	if step < 1 {
		step = 1
	}
	s := &IntSlider{model: newModel("IntSlider", "IntSliderModel", "IntSliderView",
		controlsModule, controlsVersion, true, "SliderStyleModel")}
	s.describe(description)
	for k, v := range map[string]any{"value": clampInt(value, min, max), "min": min, "max": max, "step": step,
		"orientation": "horizontal", "readout": true, "readout_format": "d", "continuous_update": true,
		"disabled": false, "behavior": "drag-tap"} {
		s.state[k] = v
	}
	s.writable["value"] = func(v any, st map[string]any) (any, error) {
		i, err := asInt(v)
		if err != nil {
			return nil, err
		}
		return clampInt(i, st["min"].(int), st["max"].(int)), nil
	}
	s.onFrontend = func(changed map[string]any) []comm.Job {
		v, ok := changed["value"].(int)
		if !ok {
			return nil
		}
		return jobsFor(&s.changed, callbackName(s.model, "OnChange"), func(f func(int)) { f(v) })
	}
	s.text = func() string { return s.label(strconv.Itoa(s.Value())) }
	s.open(s)
	return s
}

func clampInt(v, min, max int) int { return intMax(min, intMin(max, v)) }

func intMin(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func intMax(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// Value returns the current value.
func (s *IntSlider) Value() int { i, _ := s.get("value").(int); return i }

// Min returns the smallest value.
func (s *IntSlider) Min() int { i, _ := s.get("min").(int); return i }

// Max returns the largest value.
func (s *IntSlider) Max() int { i, _ := s.get("max").(int); return i }

// SetValue moves the slider to v (clamped); if that changes the value, the
// OnChange callbacks run now, on the caller's goroutine.
func (s *IntSlider) SetValue(v int) {
	v = clampInt(v, s.Min(), s.Max())
	if _, ok := s.set(map[string]any{"value": v})["value"]; !ok {
		return
	}
	for _, f := range s.changed.list() {
		f(v)
	}
	s.notify()
}

// SetContinuousUpdate chooses whether a front end reports the value while the
// slider is dragged (true, the default) or only when it is released.
func (s *IntSlider) SetContinuousUpdate(on bool) { s.set(map[string]any{"continuous_update": on}) }

// OnChange adds a callback run with the new value whenever it changes (see
// FloatSlider.OnChange).
func (s *IntSlider) OnChange(f func(v int)) { s.changed.add(f) }

// ---- Checkbox -----------------------------------------------------------

// Checkbox is a labelled check box for a bool.
//
// Like every widget it also has ID, Close, Render, SetLayout, SetStyle,
// SetDescription and SetDisabled.
type Checkbox struct {
	*model
	changed handlers[func(bool)]
}

// NewCheckbox returns a check box labelled description, checked if value.
func NewCheckbox(description string, value bool) *Checkbox {
	c := &Checkbox{model: newModel("Checkbox", "CheckboxModel", "CheckboxView",
		controlsModule, controlsVersion, true, "CheckboxStyleModel")}
	c.describe(description)
	for k, v := range map[string]any{"value": value, "disabled": false, "indent": true} {
		c.state[k] = v
	}
	c.writable["value"] = asBool
	c.onFrontend = func(changed map[string]any) []comm.Job {
		v, ok := changed["value"].(bool)
		if !ok {
			return nil
		}
		return jobsFor(&c.changed, callbackName(c.model, "OnChange"), func(f func(bool)) { f(v) })
	}
	c.text = func() string {
		if c.Value() {
			return "[x] " + c.Description()
		}
		return "[ ] " + c.Description()
	}
	c.open(c)
	return c
}

// Value reports whether the box is checked.
func (c *Checkbox) Value() bool { b, _ := c.get("value").(bool); return b }

// SetValue checks or unchecks the box; if that changes it, the OnChange
// callbacks run now.
func (c *Checkbox) SetValue(v bool) {
	if _, ok := c.set(map[string]any{"value": v})["value"]; !ok {
		return
	}
	for _, f := range c.changed.list() {
		f(v)
	}
	c.notify()
}

// OnChange adds a callback run with the new value whenever it changes (see
// FloatSlider.OnChange).
func (c *Checkbox) OnChange(f func(v bool)) { c.changed.add(f) }

// ---- Dropdown -----------------------------------------------------------

// Dropdown chooses one of a list of options.
//
// Like every widget it also has ID, Close, Render, SetLayout, SetStyle,
// SetDescription and SetDisabled.
type Dropdown struct {
	*model
	changed handlers[func(string)]
}

// NewDropdown returns a dropdown labelled description over options, showing
// value (the first option if value is not one of them).
func NewDropdown(description string, options []string, value string) *Dropdown {
	d := &Dropdown{model: newModel("Dropdown", "DropdownModel", "DropdownView",
		controlsModule, controlsVersion, true, "DescriptionStyleModel")}
	d.describe(description)
	opts := append([]string{}, options...)
	index := any(nil)
	if len(opts) > 0 {
		index = 0
	}
	for i, o := range opts {
		if o == value {
			index = i
			break
		}
	}
	for k, v := range map[string]any{"_options_labels": opts, "index": index, "disabled": false} {
		d.state[k] = v
	}
	d.writable["index"] = func(v any, st map[string]any) (any, error) {
		if v == nil {
			return nil, nil
		}
		i, err := asInt(v)
		if err != nil {
			return nil, err
		}
		if n := len(st["_options_labels"].([]string)); i < 0 || i >= n {
			return nil, fmt.Errorf("index %d out of range [0, %d)", i, n)
		}
		return i, nil
	}
	d.onFrontend = func(changed map[string]any) []comm.Job {
		if _, ok := changed["index"]; !ok {
			return nil
		}
		v := d.Value()
		return jobsFor(&d.changed, callbackName(d.model, "OnChange"), func(f func(string)) { f(v) })
	}
	d.text = func() string { return d.label(d.Value()) }
	d.open(d)
	return d
}

// Options returns the options.
func (d *Dropdown) Options() []string {
	o, _ := d.get("_options_labels").([]string)
	return append([]string(nil), o...)
}

// Index returns the index of the chosen option (-1 for none).
func (d *Dropdown) Index() int {
	i, ok := d.get("index").(int)
	if !ok {
		return -1
	}
	return i
}

// Value returns the chosen option ("" for none).
func (d *Dropdown) Value() string {
	i, opts := d.Index(), d.Options()
	if i < 0 || i >= len(opts) {
		return ""
	}
	return opts[i]
}

// SetValue chooses option v; it reports an error if v is not an option.
// If that changes the choice, the OnChange callbacks run now.
func (d *Dropdown) SetValue(v string) error {
	opts := d.Options()
	for i, o := range opts {
		if o == v {
			if _, ok := d.set(map[string]any{"index": i})["index"]; ok {
				for _, f := range d.changed.list() {
					f(v)
				}
				d.notify()
			}
			return nil
		}
	}
	return fmt.Errorf("widgets: %q is not an option of the dropdown (options: %s)", v, strings.Join(opts, ", "))
}

// OnChange adds a callback run with the chosen option whenever it changes
// (see FloatSlider.OnChange).
func (d *Dropdown) OnChange(f func(v string)) { d.changed.add(f) }

// ---- Text ---------------------------------------------------------------

// Text is a one-line text field.
//
// Like every widget it also has ID, Close, Render, SetLayout, SetStyle,
// SetDescription and SetDisabled.
type Text struct {
	*model
	changed handlers[func(string)]
}

// NewText returns a text field labelled description holding value.
func NewText(description, value string) *Text {
	t := &Text{model: newModel("Text", "TextModel", "TextView", controlsModule, controlsVersion, true, "TextStyleModel")}
	t.describe(description)
	for k, v := range map[string]any{"value": value, "placeholder": "\u200b", "continuous_update": true, "disabled": false} {
		t.state[k] = v
	}
	t.writable["value"] = asString
	t.onFrontend = func(changed map[string]any) []comm.Job {
		v, ok := changed["value"].(string)
		if !ok {
			return nil
		}
		return jobsFor(&t.changed, callbackName(t.model, "OnChange"), func(f func(string)) { f(v) })
	}
	t.text = func() string { return t.label(quote(t.Value())) }
	t.open(t)
	return t
}

// Value returns the text.
func (t *Text) Value() string { s, _ := t.get("value").(string); return s }

// SetValue replaces the text; if that changes it, the OnChange callbacks run
// now.
func (t *Text) SetValue(v string) {
	if _, ok := t.set(map[string]any{"value": v})["value"]; !ok {
		return
	}
	for _, f := range t.changed.list() {
		f(v)
	}
	t.notify()
}

// SetPlaceholder sets the grey text shown while the field is empty.
func (t *Text) SetPlaceholder(p string) { t.set(map[string]any{"placeholder": p}) }

// OnChange adds a callback run with the new text whenever it changes (as the
// user types, unless SetContinuousUpdate(false)); see FloatSlider.OnChange.
func (t *Text) OnChange(f func(v string)) { t.changed.add(f) }

// SetContinuousUpdate chooses whether a front end reports the text as it is
// typed (true, the default) or on Enter and when the field loses focus.
func (t *Text) SetContinuousUpdate(on bool) { t.set(map[string]any{"continuous_update": on}) }

// ---- Label --------------------------------------------------------------

// Label shows a line of text.
//
// Like every widget it also has ID, Close, Render, SetLayout and SetStyle.
type Label struct{ *model }

// NewLabel returns a label showing value.
func NewLabel(value string) *Label {
	l := &Label{newModel("Label", "LabelModel", "LabelView", controlsModule, controlsVersion, true, "LabelStyleModel")}
	l.describe("")
	for k, v := range map[string]any{"value": value, "placeholder": "\u200b"} {
		l.state[k] = v
	}
	l.text = l.Value
	l.open(l)
	return l
}

// Value returns the text.
func (l *Label) Value() string { s, _ := l.get("value").(string); return s }

// SetValue replaces the text.
func (l *Label) SetValue(v string) { l.set(map[string]any{"value": v}) }

// ---- Button -------------------------------------------------------------

// Button is a push button; OnClick callbacks run when it is clicked.
//
// Like every widget it also has ID, Close, Render, SetLayout, SetStyle
// (button_color, font_weight, ...), SetDescription and SetDisabled.
type Button struct {
	*model
	clicked handlers[func()]
	mu      sync.Mutex
	clicks  int
}

// NewButton returns a button labelled description.
func NewButton(description string) *Button {
	b := &Button{model: newModel("Button", "ButtonModel", "ButtonView", controlsModule, controlsVersion, true, "ButtonStyleModel")}
	for k, v := range map[string]any{"description": description, "tooltip": "", "disabled": false,
		"icon": "", "button_style": ""} {
		b.state[k] = v
	}
	b.text = func() string { return "[" + b.Description() + "]" }
	b.open(b)
	return b
}

// Custom implements comm.Model: a click ({"event": "click"}).
func (b *Button) Custom(content map[string]any, buffers [][]byte) ([]comm.Job, error) {
	if content["event"] != "click" {
		return nil, fmt.Errorf("Button: unexpected custom message %v", content)
	}
	if b.Closed() {
		return nil, ErrClosed
	}
	b.mu.Lock()
	b.clicks++
	b.mu.Unlock()
	jobs := jobsFor(&b.clicked, callbackName(b.model, "OnClick"), func(f func()) { f() })
	b.notify()
	return jobs, nil
}

// Clicks returns how often the button was clicked (by users or Click).
func (b *Button) Clicks() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.clicks
}

// Click clicks the button from the kernel side: the OnClick callbacks run
// now, on the caller's goroutine.
func (b *Button) Click() {
	if b.Closed() {
		return
	}
	b.mu.Lock()
	b.clicks++
	b.mu.Unlock()
	for _, f := range b.clicked.list() {
		f()
	}
	b.notify()
}

// SetButtonStyle sets one of the predefined styles: "primary", "success",
// "info", "warning", "danger" or "" (plain).
func (b *Button) SetButtonStyle(style string) error {
	switch style {
	case "primary", "success", "info", "warning", "danger", "":
		b.set(map[string]any{"button_style": style})
		return nil
	}
	return fmt.Errorf("widgets: button style %q is not primary, success, info, warning, danger or \"\"", style)
}

// SetIcon sets a Font Awesome icon name shown before the label ("refresh").
func (b *Button) SetIcon(icon string) { b.set(map[string]any{"icon": icon}) }

// OnClick adds a callback run when the button is clicked. Callbacks of a
// user's click run on the kernel's executor, one at a time and between
// cells; see the package doc.
func (b *Button) OnClick(f func()) { b.clicked.add(f) }
