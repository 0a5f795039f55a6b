package dispatch

import (
	"github.com/gonlm/gonlm/kernel/internal/cell"
	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// isComplete answers is_complete_request with the cell front end's verdict.
func (k *Kernel) isComplete(m *wire.Message) wire.IsCompleteReply {
	var c wire.IsCompleteRequest
	_ = m.DecodeContent(&c)
	switch v, indent := cell.IsComplete(c.Code); v {
	case cell.Incomplete:
		return wire.Incomplete(indent)
	case cell.Invalid:
		return wire.IsCompleteReply{Status: wire.CodeInvalid}
	default:
		return wire.IsCompleteReply{Status: wire.CodeComplete}
	}
}

// complete answers complete_request (cursor_pos in code points).
func (k *Kernel) complete(m *wire.Message) wire.CompleteReply {
	var c wire.CompleteRequest
	_ = m.DecodeContent(&c)
	r := k.sess.Complete(c.Code, c.CursorPos)
	return wire.CompleteReply{Status: wire.StatusOK, Matches: r.Texts(), CursorStart: r.CursorStart,
		CursorEnd: r.CursorEnd, Metadata: r.Metadata()}
}

// inspect answers inspect_request.
func (k *Kernel) inspect(m *wire.Message) wire.InspectReply {
	var c wire.InspectRequest
	_ = m.DecodeContent(&c)
	in := k.sess.Inspect(c.Code, c.CursorPos, c.DetailLevel)
	data := in.Data
	if data == nil {
		data = wire.MIMEBundle{}
	}
	return wire.InspectReply{Status: wire.StatusOK, Found: in.Found, Data: data, Metadata: wire.MIMEBundle{}}
}
