// Package displaytest records what code publishes through package display,
// for tests, in the spirit of net/http/httptest: a [Recorder] is a
// display.Publisher that keeps every call instead of sending it to a
// notebook.
//
//	rec := displaytest.Install(t) // the publisher until t ends
//	display.Markdown("# Samples")
//	out := rec.Outputs()          // [{Kind: "display_data", Bundle: …}]
package displaytest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/gonlm/gonlm/kernel/display"
)

// Kinds of output, named after the Jupyter messages the kernel sends for
// them.
const (
	DisplayData       = "display_data"        // Publish with update false
	UpdateDisplayData = "update_display_data" // Publish with update true
	ClearOutput       = "clear_output"        // Clear
)

// Output is one call a Recorder received.
type Output struct {
	Kind      string         // DisplayData, UpdateDisplayData or ClearOutput
	Bundle    display.Bundle // what was published (empty for ClearOutput)
	DisplayID string         // the display id ("" for a plain display)
	Wait      bool           // ClearOutput: clear when the next output arrives
}

// Update reports whether the output replaces an earlier one in place.
func (o Output) Update() bool { return o.Kind == UpdateDisplayData }

// String is "kind: text" for displays (the bundle's text/plain) and
// "clear_output" or "clear_output (wait)" for clears.
func (o Output) String() string {
	if o.Kind == ClearOutput {
		if o.Wait {
			return ClearOutput + " (wait)"
		}
		return ClearOutput
	}
	return fmt.Sprintf("%s: %s", o.Kind, o.Bundle.Text())
}

// Recorder is a display.Publisher that records every call. It is safe for
// concurrent use, as publishers must be. The zero value is ready to use.
type Recorder struct {
	mu      sync.Mutex
	outputs []Output
	err     error
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{} }

// Install makes a new Recorder the display publisher until tb and its
// subtests end, then restores the publisher that was set before.
func Install(tb testing.TB) *Recorder {
	tb.Helper()
	prev := display.CurrentPublisher()
	r := NewRecorder()
	display.SetPublisher(r)
	tb.Cleanup(func() { display.SetPublisher(prev) })
	return r
}

// Publish records a display_data (or, with update, update_display_data).
func (r *Recorder) Publish(b display.Bundle, displayID string, update bool) error {
	kind := DisplayData
	if update {
		kind = UpdateDisplayData
	}
	return r.record(Output{Kind: kind, Bundle: b, DisplayID: displayID})
}

// Clear records a clear_output.
func (r *Recorder) Clear(wait bool) error {
	return r.record(Output{Kind: ClearOutput, Wait: wait})
}

func (r *Recorder) record(o Output) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	r.outputs = append(r.outputs, o)
	return nil
}

// FailWith makes later Publish and Clear calls return err and record
// nothing (a publisher whose connection broke); nil restores recording.
func (r *Recorder) FailWith(err error) {
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
}

// Outputs returns a copy of the recorded outputs, oldest first.
func (r *Recorder) Outputs() []Output {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Output(nil), r.outputs...)
}

// Bundles returns the published bundles (displays and updates, not clears),
// oldest first.
func (r *Recorder) Bundles() []display.Bundle {
	r.mu.Lock()
	defer r.mu.Unlock()
	var bs []display.Bundle
	for _, o := range r.outputs {
		if o.Kind != ClearOutput {
			bs = append(bs, o.Bundle)
		}
	}
	return bs
}

// Len is the number of recorded outputs.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.outputs)
}

// Last returns the most recent output, or the zero Output (Kind "") when
// there is none.
func (r *Recorder) Last() Output {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.outputs) == 0 {
		return Output{}
	}
	return r.outputs[len(r.outputs)-1]
}

// Reset forgets the recorded outputs.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.outputs = nil
	r.mu.Unlock()
}
