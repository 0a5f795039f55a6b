package widgets

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/comm"
)

// front is a fake kernel side for the widgets: it records the comm messages
// the widgets send and queues asynchronous jobs.
type front struct {
	mu   sync.Mutex
	sent []comm.Outgoing
	jobs chan comm.Job
}

func (f *front) Send(o comm.Outgoing) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	// What goes on the wire must encode.
	if _, err := json.Marshal(o.Data); err != nil {
		return err
	}
	f.sent = append(f.sent, o)
	return nil
}

func (f *front) Go(job comm.Job) { f.jobs <- job }

func (f *front) take() []comm.Outgoing {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.sent
	f.sent = nil
	return s
}

// live attaches a fake front end to the process's hub for the test.
func live(t *testing.T) *front {
	f := &front{jobs: make(chan comm.Job, 100)}
	comm.Default.Attach(f, f, nil)
	t.Cleanup(func() { comm.Default.Attach(nil, nil, nil) })
	return f
}

// opened returns the states of the comm_open messages, by id.
func opened(sent []comm.Outgoing) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, o := range sent {
		if o.Kind == comm.Open {
			out[o.CommID] = o.Data["state"].(map[string]any)
		}
	}
	return out
}

// frontUpdate applies an update as if a front end sent it, through the hub.
func frontUpdate(t *testing.T, id string, state map[string]any) ([]comm.Job, error) {
	t.Helper()
	return comm.Default.HandleMsg(incoming(t, id, map[string]any{"method": "update", "state": state, "buffer_paths": []any{}}))
}

// incoming is a comm_msg from a front end.
func incoming(t *testing.T, id string, data map[string]any) comm.Incoming {
	t.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	return comm.Incoming{CommID: id, Data: raw, Parent: "front"}
}

func TestModelsOpenWithValidState(t *testing.T) {
	f := live(t)
	out := NewOutput()
	cases := []struct {
		w                   Widget
		model, view, module string
		style               string
		keys                []string
	}{
		{NewFloatSlider("T", 1, 0, 2, 0.1), "FloatSliderModel", "FloatSliderView", controlsModule, "SliderStyleModel",
			[]string{"value", "min", "max", "step", "readout_format", "continuous_update", "orientation", "description"}},
		{NewIntSlider("n", 3, 0, 9, 1), "IntSliderModel", "IntSliderView", controlsModule, "SliderStyleModel", []string{"value", "readout_format"}},
		{NewCheckbox("on", true), "CheckboxModel", "CheckboxView", controlsModule, "CheckboxStyleModel", []string{"value", "indent"}},
		{NewDropdown("d", []string{"a", "b"}, "b"), "DropdownModel", "DropdownView", controlsModule, "DescriptionStyleModel", []string{"_options_labels", "index"}},
		{NewText("name", "x"), "TextModel", "TextView", controlsModule, "TextStyleModel", []string{"value", "placeholder"}},
		{NewLabel("hello"), "LabelModel", "LabelView", controlsModule, "LabelStyleModel", []string{"value"}},
		{NewButton("go"), "ButtonModel", "ButtonView", controlsModule, "ButtonStyleModel", []string{"description", "button_style", "icon"}},
		{NewImage(nil), "ImageModel", "ImageView", controlsModule, "", []string{"format", "width", "height"}},
		{out, "OutputModel", "OutputView", outputModule, "", []string{"outputs", "msg_id"}},
		{NewHBox(out), "HBoxModel", "HBoxView", controlsModule, "", []string{"children", "box_style"}},
		{NewVBox(), "VBoxModel", "VBoxView", controlsModule, "", []string{"children"}},
	}
	opens := opened(f.take())
	for _, tc := range cases {
		st, ok := opens[tc.w.ID()]
		if !ok {
			t.Errorf("%s: no comm_open", tc.model)
			continue
		}
		version := controlsVersion
		if tc.module == outputModule {
			version = outputVersion
		}
		for k, v := range map[string]string{"_model_name": tc.model, "_view_name": tc.view, "_model_module": tc.module,
			"_view_module": tc.module, "_model_module_version": version, "_view_module_version": version} {
			if st[k] != v {
				t.Errorf("%s: %s = %v, want %s", tc.model, k, st[k], v)
			}
		}
		for _, k := range append(tc.keys, "_dom_classes", "layout", "tabbable", "tooltip") {
			if _, ok := st[k]; !ok {
				t.Errorf("%s: state has no %q", tc.model, k)
			}
		}
		// The layout and style are open, with their models.
		lay := opens[strings.TrimPrefix(st["layout"].(string), comm.ModelPrefix)]
		if lay["_model_name"] != "LayoutModel" || lay["_model_module"] != baseModule || lay["width"] != nil {
			t.Errorf("%s: layout %v", tc.model, lay)
		}
		if tc.style != "" {
			sty := opens[strings.TrimPrefix(st["style"].(string), comm.ModelPrefix)]
			if sty["_model_name"] != tc.style || sty["_view_name"] != "StyleView" || sty["_view_module"] != baseModule {
				t.Errorf("%s: style %v", tc.model, sty)
			}
		} else if _, ok := st["style"]; ok {
			t.Errorf("%s has a style", tc.model)
		}
	}
	if fmt.Sprint(opens[cases[9].w.ID()]["children"]) != fmt.Sprintf("[IPY_MODEL_%s]", out.ID()) {
		t.Errorf("HBox children %v", opens[cases[9].w.ID()]["children"])
	}
	if !sort.StringsAreSorted(layoutKeys) {
		t.Error("layoutKeys must be sorted")
	}
}

func TestFrontEndUpdates(t *testing.T) {
	f := live(t)
	s := NewFloatSlider("T", 1, 0, 2, 0.1)
	var got []float64
	s.OnChange(func(v float64) { got = append(got, v) })
	s.OnChange(func(v float64) { got = append(got, -v) })
	f.take()
	jobs, err := frontUpdate(t, s.ID(), map[string]any{"value": 5.0, "description": "hacked"})
	if err != nil {
		t.Fatal(err)
	}
	// Clamped, echoed as set; the read-only description is neither set nor echoed.
	sent := f.take()
	if len(sent) != 1 || sent[0].Data["method"] != "echo_update" || fmt.Sprint(sent[0].Data["state"]) != "map[value:2]" {
		t.Fatalf("echo %+v", sent)
	}
	if s.Value() != 2 || s.Description() != "T" {
		t.Errorf("value %v, description %q", s.Value(), s.Description())
	}
	if len(got) != 0 || len(jobs) != 2 {
		t.Fatalf("callbacks ran before their jobs (%v), or %d jobs for 2 callbacks", got, len(jobs))
	}
	for _, j := range jobs {
		if !strings.Contains(j.Name, `OnChange of FloatSlider "T"`) {
			t.Errorf("job name %q", j.Name)
		}
		if err := j.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if fmt.Sprint(got) != "[2 -2]" {
		t.Errorf("callbacks got %v", got)
	}
	// The same value again: echoed, no callbacks.
	if jobs, _ := frontUpdate(t, s.ID(), map[string]any{"value": 2.0}); len(jobs) != 0 {
		t.Errorf("%d jobs for an unchanged value", len(jobs))
	}
	// Bad values are refused with an error naming the widget.
	_, err = frontUpdate(t, s.ID(), map[string]any{"value": "high"})
	if err == nil || !strings.Contains(err.Error(), "FloatSlider value") {
		t.Errorf("bad value: %v", err)
	}
	n := NewIntSlider("n", 1, 0, 10, 1)
	if _, err := frontUpdate(t, n.ID(), map[string]any{"value": 2.5}); err == nil {
		t.Error("IntSlider accepted 2.5")
	}
	if _, err := frontUpdate(t, n.ID(), map[string]any{"value": 4.0}); err != nil || n.Value() != 4 {
		t.Errorf("IntSlider 4: %v %d", err, n.Value())
	}
	d := NewDropdown("d", []string{"a", "b", "c"}, "a")
	var chosen string
	d.OnChange(func(v string) { chosen = v })
	if _, err := frontUpdate(t, d.ID(), map[string]any{"index": 7.0}); err == nil {
		t.Error("Dropdown accepted index 7 of 3")
	}
	jobs, err = frontUpdate(t, d.ID(), map[string]any{"index": 2.0})
	if err != nil || len(jobs) != 1 {
		t.Fatal(err, jobs)
	}
	_ = jobs[0].Run(context.Background())
	if chosen != "c" || d.Value() != "c" || d.Index() != 2 {
		t.Errorf("dropdown: chosen %q value %q index %d", chosen, d.Value(), d.Index())
	}
	c := NewCheckbox("on", false)
	if _, err := frontUpdate(t, c.ID(), map[string]any{"value": "yes"}); err == nil {
		t.Error("Checkbox accepted a string")
	}
	tx := NewText("name", "")
	if _, err := frontUpdate(t, tx.ID(), map[string]any{"value": "Ada"}); err != nil || tx.Value() != "Ada" {
		t.Errorf("Text: %v %q", err, tx.Value())
	}
	// A click.
	b := NewButton("go")
	clicked := 0
	b.OnClick(func() { clicked++ })
	jobs, err = comm.Default.HandleMsg(incoming(t, b.ID(), map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}))
	if err != nil || len(jobs) != 1 {
		t.Fatal(err, jobs)
	}
	_ = jobs[0].Run(context.Background())
	if clicked != 1 || b.Clicks() != 1 {
		t.Errorf("clicked %d, Clicks() %d", clicked, b.Clicks())
	}
}

func TestKernelSideChanges(t *testing.T) {
	f := live(t)
	s := NewFloatSlider("T", 1, 0, 2, 0.1)
	var got []float64
	s.OnChange(func(v float64) { got = append(got, v) })
	f.take()
	s.SetValue(1.5)
	s.SetValue(1.5) // unchanged: no message, no callback
	s.SetValue(-3)  // clamped
	sent := f.take()
	if len(sent) != 2 || fmt.Sprint(sent[0].Data["state"]) != "map[value:1.5]" || fmt.Sprint(sent[1].Data["state"]) != "map[value:0]" {
		t.Errorf("updates %+v", sent)
	}
	if fmt.Sprint(got) != "[1.5 0]" {
		t.Errorf("callbacks got %v", got)
	}
	if err := s.SetLayout("width", "400px", "margin", "2px"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStyle("handle_color", "red"); err != nil {
		t.Fatal(err)
	}
	sent = f.take()
	if len(sent) != 2 || sent[0].Data["state"].(map[string]any)["width"] != "400px" || sent[1].Data["state"].(map[string]any)["handle_color"] != "red" {
		t.Errorf("layout and style updates %+v", sent)
	}
	for _, err := range []error{s.SetLayout("wdith", "1px"), s.SetLayout("width"), s.SetStyle("button_color", "red"),
		NewImage(nil).SetStyle("x", "y"), NewButton("b").SetButtonStyle("loud")} {
		if err == nil {
			t.Error("a bad layout, style or button style was accepted")
		}
	}
	if err := s.SetLayout("wdith", "1px"); !strings.Contains(err.Error(), "width") {
		t.Errorf("the error does not list the properties: %v", err)
	}
	// Closing closes the comms of the widget, its layout and its style;
	// later changes are ignored.
	f.take()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if sent := f.take(); len(sent) != 3 || sent[0].Kind != comm.Close {
		t.Errorf("Close sent %+v", sent)
	}
	s.SetValue(1)
	if sent := f.take(); len(sent) != 0 || s.Close() != nil {
		t.Errorf("after Close: %+v", sent)
	}
}

func TestImageBuffers(t *testing.T) {
	f := live(t)
	im := NewImage(nil)
	f.take()
	if err := im.SetImage(image.NewGray(image.Rect(0, 0, 7, 5))); err != nil {
		t.Fatal(err)
	}
	sent := f.take()
	if len(sent) != 1 || len(sent[0].Buffers) != 1 || !bytes.HasPrefix(sent[0].Buffers[0], []byte("\x89PNG")) ||
		fmt.Sprint(sent[0].Data["buffer_paths"]) != "[[value]]" {
		t.Fatalf("SetImage sent %+v", sent)
	}
	if got := im.Render().Text(); got != "<png image 7×5, "+fmt.Sprint(len(im.Value()))+" bytes>" {
		t.Errorf("text %q", got)
	}
	// Show renders a value as a cell would; plots keep their display size.
	if err := im.Show(image.NewGray(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	if err := im.Show("text"); err == nil || !strings.Contains(err.Error(), "not render as a PNG") {
		t.Errorf("Show(text): %v", err)
	}
	if err := im.SetFormat("bmp"); err == nil {
		t.Error("format bmp accepted")
	}
}

func TestOutputCollects(t *testing.T) {
	f := live(t)
	o := NewOutput()
	f.take()
	o.Stream("stdout", "a")
	o.Stream("stdout", "b\n")
	o.Stream("stderr", "warn\n")
	if err := o.Publish(display.TextBundle("one"), "d1", false); err != nil {
		t.Fatal(err)
	}
	_ = o.Publish(display.TextBundle("two"), "d1", true)     // replaces "one"
	_ = o.Publish(display.TextBundle("three"), "nope", true) // no such display: ignored
	o.Error("Error", "bad", nil)
	if got := o.Text(); got != "ab\nwarn\ntwo\nError: bad" {
		t.Errorf("text %q", got)
	}
	sent := f.take()
	last := sent[len(sent)-1].Data["state"].(map[string]any)["outputs"].([]map[string]any)
	if len(last) != 4 || last[0]["text"] != "ab\n" || last[2]["data"].(map[string]any)["text/plain"] != "two" || last[3]["output_type"] != "error" {
		t.Errorf("outputs %v", last)
	}
	if len(sent) != 6 {
		t.Errorf("%d updates for 7 output calls (one ignored), want 6", len(sent))
	}
	_ = o.Clear(true) // cleared when the next output arrives
	if o.Text() == "" {
		t.Error("Clear(true) cleared at once")
	}
	o.Print("new")
	if o.Text() != "new" {
		t.Errorf("after Clear(true) and a print: %q", o.Text())
	}
	_ = o.Clear(false)
	if o.Text() != "" {
		t.Errorf("after Clear(false): %q", o.Text())
	}
	// Capture: a panic becomes an error output and does not propagate.
	comm.Default.SetHost(nil)
	o.Capture(func() { panic("boom") })
	if o.Text() != "Panic: boom" {
		t.Errorf("after a panic in Capture: %q", o.Text())
	}
}

// TestInteract: debounced runs through the runner; a change cancels the run
// in progress, which returns without an error; runs for older changes are
// skipped.
func TestInteract(t *testing.T) {
	f := live(t)
	n := NewIntSlider("n", 1, 0, 10, 1)
	b := NewButton("again")
	var mu sync.Mutex
	var runs []int
	started := make(chan struct{}, 10)
	release := make(chan struct{})
	p := Interact(func(ctx context.Context) error {
		mu.Lock()
		runs = append(runs, n.Value())
		mu.Unlock()
		started <- struct{}{}
		if n.Value() == 5 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-release:
			}
		}
		return nil
	}, n, b)
	<-started // the first run, during Interact
	// Long enough that the three updates below fall within one debounce
	// period even on a loaded machine (a timer firing between them would
	// queue a job for a change that is already stale).
	p.SetDebounce(time.Second)
	if st := opened(f.take())[p.ID()]; st["_model_name"] != "VBoxModel" || len(st["children"].([]string)) != 3 {
		t.Fatalf("the panel %v", st)
	}
	// Three quick changes → one job (after the debounce) for the last value.
	for _, v := range []float64{2, 3, 5} {
		if _, err := frontUpdate(t, n.ID(), map[string]any{"value": v}); err != nil {
			t.Fatal(err)
		}
	}
	var job comm.Job
	select {
	case job = <-f.jobs:
	case <-time.After(5 * time.Second):
		t.Fatal("no job after the debounce")
	}
	if job.Out != p.Output() {
		t.Error("the job's output is not the panel's")
	}
	done := make(chan error)
	go func() { done <- job.Run(context.Background()) }()
	<-started
	// A click while it runs (n = 5 blocks) makes it stale: cancelled, no error.
	if _, err := comm.Default.HandleMsg(incoming(t, b.ID(), map[string]any{"method": "custom", "content": map[string]any{"event": "click"}})); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("a stale run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stale run was not cancelled")
	}
	close(release)
	// The job for the click runs; a job for an older change does nothing.
	job2 := <-f.jobs
	if err := job2.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-started
	if err := job.Run(context.Background()); err != nil { // stale: skipped
		t.Fatal(err)
	}
	mu.Lock()
	if fmt.Sprint(runs) != "[1 5 5]" {
		t.Errorf("runs for n = %v, want [1 5 5] (first, the cancelled one, after the click)", runs)
	}
	mu.Unlock()
	// An interrupt (the job's own ctx) is an error, shown by the kernel.
	n.SetValue(6)
	job3 := <-f.jobs
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.fn = func(ctx context.Context) error { return ctx.Err() }
	if err := job3.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("interrupted run: %v", err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	n.SetValue(7)
	select {
	case <-f.jobs:
		t.Error("a closed panel scheduled a run")
	case <-time.After(100 * time.Millisecond):
	}
}

func TestHeadless(t *testing.T) {
	comm.Default.Attach(nil, nil, nil)
	s := NewFloatSlider("T", 1.234, 0, 2, 0.1)
	if b := s.Render(); b.Text() != "T: 1.23" || len(b.Data) != 1 {
		t.Errorf("slider renders %v", b.Data)
	}
	im := NewImage(nil)
	if b := im.Render(); b.Text() != "<empty image>" {
		t.Errorf("empty image renders %v", b.Data)
	}
	_ = im.SetImage(image.NewGray(image.Rect(0, 0, 2, 2)))
	if b := im.Render(); b.Data[display.MIMEPNG] == nil {
		t.Errorf("image renders %v, want a PNG", b.Data)
	}
	c := NewCheckbox("on", true)
	d := NewDropdown("pick", []string{"x", "y"}, "y")
	box := NewVBox(s, NewHBox(c, d), NewLabel("note"), NewButton("go"))
	if got := box.Render().Text(); got != "T: 1.23\n[x] on\npick: y\nnote\n[go]" {
		t.Errorf("box renders %q", got)
	}
	if err := d.SetValue("z"); err == nil {
		t.Error("dropdown accepted a value that is not an option")
	}
}

func TestFormatReadout(t *testing.T) {
	for _, tc := range []struct {
		v      float64
		format string
		want   string
	}{{1.234, ".2f", "1.23"}, {1234.5, ".3g", "1.23e+03"}, {2.5, "d", "3"}, {0.5, "%", "0.5"}} {
		if got := formatReadout(tc.v, tc.format); got != tc.want {
			t.Errorf("formatReadout(%v, %q) = %q, want %q", tc.v, tc.format, got, tc.want)
		}
	}
}
