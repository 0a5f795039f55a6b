package widgets

import (
	"fmt"
	"strings"
	"sync"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/comm"
)

// Output is an output area inside a widget layout: what code prints and
// displays while it is captured (Capture, and the runs of an Interact) shows
// there instead of in the cell, and replaces itself in place when asked
// (display.Clear(true), a display id's Update). Its outputs are part of its
// state, so a reloaded page shows them again.
//
// Without front ends (the scripting mode) an Output captures nothing:
// output goes where it would without it (files and the terminal).
//
// Like every widget it also has ID, Close, Render and SetLayout.
type Output struct {
	*model
	omu       sync.Mutex
	outputs   []map[string]any // nbformat outputs
	ids       []string         // the display id of each output ("" for none)
	clearNext bool             // clear at the next output (Clear(true))
}

// NewOutput returns an empty output area.
func NewOutput() *Output {
	o := &Output{model: newModel("Output", "OutputModel", "OutputView", outputModule, outputVersion, true, "")}
	o.state["msg_id"] = ""
	o.state["outputs"] = []map[string]any{}
	o.text = o.textOf
	o.open(o)
	return o
}

// Capture runs f with its output (prints and display calls, also those of
// goroutines while it runs) going to the output area. A panic in f is shown
// there as an error and does not propagate, as with ipywidgets' "with out:".
func (o *Output) Capture(f func()) {
	if !comm.Default.Live() {
		f()
		return
	}
	restore := comm.Default.Redirect(o)
	defer restore()
	defer func() {
		if r := recover(); r != nil {
			o.Error("Panic", fmt.Sprint(r), nil)
		}
	}()
	f()
}

// Show adds each value, rendered as a cell's value would be (see
// display.Render), to the output area.
func (o *Output) Show(values ...any) error {
	if !comm.Default.Live() {
		return display.Show(values...)
	}
	for _, v := range values {
		if b, ok := display.Render(v); ok {
			if err := o.Publish(b, "", false); err != nil {
				return err
			}
		}
	}
	return nil
}

// Print adds text, formatted as by fmt.Print, to the output area.
func (o *Output) Print(a ...any) {
	if !comm.Default.Live() {
		fmt.Print(a...)
		return
	}
	o.Stream("stdout", fmt.Sprint(a...))
}

// Clear empties the output area; with wait, only when the next output
// arrives (no flicker when the content is redrawn).
func (o *Output) Clear(wait bool) error {
	if !comm.Default.Live() {
		return display.Clear(wait)
	}
	o.omu.Lock()
	if wait {
		o.clearNext = true
		o.omu.Unlock()
		return nil
	}
	o.outputs, o.ids, o.clearNext = nil, nil, false
	o.omu.Unlock()
	o.sync()
	return nil
}

// Stream implements comm.Sink: printed text, appended to the last output if
// that is text of the same stream.
func (o *Output) Stream(name, text string) {
	o.omu.Lock()
	o.clearPendingLocked()
	n := len(o.outputs)
	if n > 0 && o.outputs[n-1]["output_type"] == "stream" && o.outputs[n-1]["name"] == name {
		prev, _ := o.outputs[n-1]["text"].(string)
		o.outputs[n-1] = map[string]any{"output_type": "stream", "name": name, "text": prev + text}
	} else {
		o.outputs = append(o.outputs, map[string]any{"output_type": "stream", "name": name, "text": text})
		o.ids = append(o.ids, "")
	}
	o.omu.Unlock()
	o.sync()
}

// Publish implements display.Publisher (and comm.Sink): a display call. An
// update replaces the outputs shown with its display id (and is ignored if
// there is none, as in a notebook).
func (o *Output) Publish(b display.Bundle, displayID string, update bool) error {
	nb, err := display.Normalize(b)
	if err != nil {
		return err
	}
	md := nb.Metadata
	if md == nil {
		md = map[string]any{}
	}
	out := map[string]any{"output_type": "display_data", "data": nb.Data, "metadata": md}
	o.omu.Lock()
	if update {
		found := false
		for i, id := range o.ids {
			if displayID != "" && id == displayID {
				o.outputs[i] = out
				found = true
			}
		}
		o.omu.Unlock()
		if found {
			o.sync()
		}
		return nil
	}
	o.clearPendingLocked()
	o.outputs = append(o.outputs, out)
	o.ids = append(o.ids, displayID)
	o.omu.Unlock()
	o.sync()
	return nil
}

// Error implements comm.Sink: an error, shown as a cell's error would be.
func (o *Output) Error(ename, evalue string, traceback []string) {
	if traceback == nil {
		traceback = []string{"\x1b[0;31m\x1b[1m" + ename + "\x1b[0m: " + evalue}
	}
	o.omu.Lock()
	o.clearPendingLocked()
	o.outputs = append(o.outputs, map[string]any{"output_type": "error", "ename": ename, "evalue": evalue,
		"traceback": traceback})
	o.ids = append(o.ids, "")
	o.omu.Unlock()
	o.sync()
}

func (o *Output) clearPendingLocked() {
	if o.clearNext {
		o.outputs, o.ids, o.clearNext = nil, nil, false
	}
}

// sync sends the outputs to the front ends.
func (o *Output) sync() {
	o.omu.Lock()
	list := append([]map[string]any{}, o.outputs...)
	o.omu.Unlock()
	o.set(map[string]any{"outputs": list})
}

// textOf is the text of the outputs: printed text, the text of displays and
// errors.
func (o *Output) textOf() string {
	o.omu.Lock()
	defer o.omu.Unlock()
	var sb strings.Builder
	for _, out := range o.outputs {
		switch out["output_type"] {
		case "stream":
			s, _ := out["text"].(string)
			sb.WriteString(s)
		case "display_data":
			data, _ := out["data"].(map[string]any)
			s, _ := data[display.MIMEText].(string)
			sb.WriteString(s + "\n")
		case "error":
			fmt.Fprintf(&sb, "%v: %v\n", out["ename"], out["evalue"])
		}
	}
	return strings.TrimRight(sb.String(), "\n")
}

var _ comm.Sink = (*Output)(nil)
