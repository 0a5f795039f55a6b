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
		f.k.publish("stream", f.parent, map[string]string{"name": name, "text": text})
	}
}

// ExecuteInput publishes execute_input.
func (f *frontend) ExecuteInput(code string, count int) {
	if !f.silent {
		f.k.publish("execute_input", f.parent, map[string]any{"code": code, "execution_count": count})
	}
}

// ExecuteResult publishes execute_result.
func (f *frontend) ExecuteResult(count int, b display.Bundle) {
	if !f.silent {
		f.k.publish("execute_result", f.parent, map[string]any{"execution_count": count,
			"data": orEmpty(b.Data), "metadata": orEmpty(b.Metadata)})
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
	content := map[string]any{"data": orEmpty(b.Data), "metadata": orEmpty(b.Metadata),
		"transient": map[string]any{}}
	if displayID != "" {
		content["transient"] = map[string]any{"display_id": displayID}
	}
	kind := "display_data"
	if update {
		kind = "update_display_data"
	}
	f.k.publish(kind, f.parent, content)
	return nil
}

// Clear publishes clear_output.
func (f *frontend) Clear(wait bool) error {
	if !f.silent {
		f.k.publish("clear_output", f.parent, map[string]any{"wait": wait})
	}
	return nil
}

// Input asks the front end for a line through an input_request on stdin.
func (f *frontend) Input(ctx context.Context, prompt string, password bool) (string, error) {
	return f.k.input(ctx, f.parent, prompt, password)
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
