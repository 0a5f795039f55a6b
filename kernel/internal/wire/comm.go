package wire

import "encoding/json"

// Comm messages (messaging spec 5.3, "Custom messages"): a comm is a channel
// between a kernel-side and a front-end-side object, opened by either side on
// a target name, carrying JSON data (and optional binary buffers, the frames
// after the content) in both directions until either side closes it. The
// kernel sends comm messages on IOPub; a front end sends them on shell.
const (
	MsgCommOpen        = "comm_open"
	MsgCommMsg         = "comm_msg"
	MsgCommClose       = "comm_close"
	MsgCommInfoRequest = "comm_info_request"
	MsgCommInfoReply   = "comm_info_reply"
)

// CommOpen is the content of comm_open. Data is the target's opening payload
// (for a widget, its state); the message's metadata frame carries protocol
// versions (for a widget, {"version": "2.1.0"}).
type CommOpen struct {
	CommID     string          `json:"comm_id"`
	TargetName string          `json:"target_name"`
	Data       json.RawMessage `json:"data"`
}

// CommMsg is the content of comm_msg.
type CommMsg struct {
	CommID string          `json:"comm_id"`
	Data   json.RawMessage `json:"data"`
}

// CommClose is the content of comm_close.
type CommClose struct {
	CommID string          `json:"comm_id"`
	Data   json.RawMessage `json:"data"`
}

// CommInfoRequest is the content of comm_info_request: with TargetName set,
// only the comms of that target are listed.
type CommInfoRequest struct {
	TargetName string `json:"target_name"`
}

// CommInfo describes one open comm in comm_info_reply.
type CommInfo struct {
	TargetName string `json:"target_name"`
}

// CommInfoReply is the content of comm_info_reply: the open comms by id
// (never null).
type CommInfoReply struct {
	Status string              `json:"status"`
	Comms  map[string]CommInfo `json:"comms"`
}

// EmptyData is the data of a comm message that carries none: {}.
var EmptyData = json.RawMessage("{}")
