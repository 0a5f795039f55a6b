package dispatch

import (
	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// isComplete answers is_complete_request with the cell front end's verdict.
func (k *Kernel) isComplete(m *wire.Message) map[string]any {
	var c struct {
		Code string `json:"code"`
	}
	_ = m.DecodeContent(&c)
	switch v, indent := cell.IsComplete(c.Code); v {
	case cell.Incomplete:
		return map[string]any{"status": "incomplete", "indent": indent}
	case cell.Invalid:
		return map[string]any{"status": "invalid"}
	default:
		return map[string]any{"status": "complete"}
	}
}

// complete answers complete_request (cursor_pos in code points).
func (k *Kernel) complete(m *wire.Message) map[string]any {
	var c struct {
		Code      string `json:"code"`
		CursorPos int    `json:"cursor_pos"`
	}
	_ = m.DecodeContent(&c)
	r := k.sess.Complete(c.Code, c.CursorPos)
	return map[string]any{"status": "ok", "matches": r.Texts(), "cursor_start": r.CursorStart,
		"cursor_end": r.CursorEnd, "metadata": r.Metadata()}
}

// inspect answers inspect_request.
func (k *Kernel) inspect(m *wire.Message) map[string]any {
	var c struct {
		Code        string `json:"code"`
		CursorPos   int    `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	_ = m.DecodeContent(&c)
	in := k.sess.Inspect(c.Code, c.CursorPos, c.DetailLevel)
	data := in.Data
	if data == nil {
		data = map[string]any{}
	}
	return map[string]any{"status": "ok", "found": in.Found, "data": data, "metadata": map[string]any{}}
}
