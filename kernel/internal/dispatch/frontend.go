package dispatch

import (
	"context"
	"fmt"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// frontend publishes one execute request's output on IOPub with the request as
// parent header (nothing at all for silent requests).
type frontend struct {
	k      *Kernel
	parent *wire.Message
	silent bool
}

// Stream publishes a stream message.
func (f *frontend) Stream(name, text string) {
	if !f.silent {
		f.k.publish(wire.MsgStream, f.parent, wire.Stream{Name: name, Text: text})
	}
}

// ExecuteInput publishes execute_input.
func (f *frontend) ExecuteInput(code string, count int) {
	if !f.silent {
		f.k.publish(wire.MsgExecuteInput, f.parent, wire.ExecuteInput{Code: code, ExecutionCount: count})
	}
}

// ExecuteResult publishes execute_result.
func (f *frontend) ExecuteResult(count int, b display.Bundle) {
	if !f.silent {
		f.k.publish(wire.MsgExecuteResult, f.parent, wire.ExecuteResult{ExecutionCount: count,
			Data: orEmpty(b.Data), Metadata: orEmpty(b.Metadata)})
	}
}

// Publish publishes display_data, or update_display_data when update is set.
func (f *frontend) Publish(b display.Bundle, displayID string, update bool) error {
	if f.silent {
		return nil
	}
	if update && displayID == "" {
		return fmt.Errorf("display: an update needs a display id")
	}
	kind := wire.MsgDisplayData
	if update {
		kind = wire.MsgUpdateDisplayData
	}
	f.k.publish(kind, f.parent, wire.DisplayData{Data: orEmpty(b.Data), Metadata: orEmpty(b.Metadata),
		Transient: wire.Transient{DisplayID: displayID}})
	return nil
}

// Clear publishes clear_output.
func (f *frontend) Clear(wait bool) error {
	if !f.silent {
		f.k.publish(wire.MsgClearOutput, f.parent, wire.ClearOutput{Wait: wait})
	}
	return nil
}

// Input asks the front end for a line through an input_request on stdin.
func (f *frontend) Input(ctx context.Context, prompt string, password bool) (string, error) {
	return f.k.input(ctx, f.parent, prompt, password)
}

func orEmpty(m wire.MIMEBundle) wire.MIMEBundle {
	if m == nil {
		return wire.MIMEBundle{}
	}
	return m
}
