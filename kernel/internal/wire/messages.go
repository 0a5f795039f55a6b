package wire

import (
	"encoding/json"
	"fmt"
)

// Message types the kernel receives or sends (messaging spec 5.3, "Messages on
// the shell/control/IOPub/stdin channel"). Comm messages (comm_open, comm_msg,
// comm_close, comm_info_*) are declared with the comm support, in comm.go.
const (
	// Shell and control requests and their replies.
	MsgExecuteRequest    = "execute_request"
	MsgExecuteReply      = "execute_reply"
	MsgKernelInfoRequest = "kernel_info_request"
	MsgKernelInfoReply   = "kernel_info_reply"
	MsgCompleteRequest   = "complete_request"
	MsgCompleteReply     = "complete_reply"
	MsgInspectRequest    = "inspect_request"
	MsgInspectReply      = "inspect_reply"
	MsgIsCompleteRequest = "is_complete_request"
	MsgIsCompleteReply   = "is_complete_reply"
	MsgHistoryRequest    = "history_request"
	MsgHistoryReply      = "history_reply"
	MsgShutdownRequest   = "shutdown_request"
	MsgShutdownReply     = "shutdown_reply"
	MsgInterruptRequest  = "interrupt_request"
	MsgInterruptReply    = "interrupt_reply"
	// Requests the kernel knows and deliberately leaves unanswered:
	// usage_request comes from jupyter-resource-usage (not in the spec),
	// debug_request only matters with supported_features ["debugger"].
	MsgUsageRequest = "usage_request"
	MsgDebugRequest = "debug_request"

	// IOPub.
	MsgStatus            = "status"
	MsgStream            = "stream"
	MsgExecuteInput      = "execute_input"
	MsgExecuteResult     = "execute_result"
	MsgDisplayData       = "display_data"
	MsgUpdateDisplayData = "update_display_data"
	MsgClearOutput       = "clear_output"
	MsgError             = "error"

	// Stdin.
	MsgInputRequest = "input_request"
	MsgInputReply   = "input_reply"
)

// Reply statuses ("status" of every reply's content).
const (
	StatusOK    = "ok"
	StatusError = "error"
	// StatusAborted answers an execute request dropped because an earlier cell
	// failed with stop_on_error (deprecated in 5.1 but still what ipykernel
	// sends and front ends expect).
	StatusAborted = "aborted"
)

// Execution states published in status messages.
const (
	StateStarting = "starting"
	StateBusy     = "busy"
	StateIdle     = "idle"
)

// Stream names of stream messages.
const (
	Stdout = "stdout"
	Stderr = "stderr"
)

// MIMEBundle maps a MIME type to content (display data) or to metadata.
type MIMEBundle = map[string]any

// ---- requests ----------------------------------------------------------------

// ExecuteRequest is the content of execute_request. The pointer fields
// distinguish "absent" from false: store_history, allow_stdin and
// stop_on_error default to true.
type ExecuteRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
	UserExpressions map[string]string `json:"user_expressions"` // name → expression, evaluated after the cell
}

// CompleteRequest is the content of complete_request; CursorPos counts
// Unicode code points (5.2).
type CompleteRequest struct {
	Code      string `json:"code"`
	CursorPos int    `json:"cursor_pos"`
}

// InspectRequest is the content of inspect_request; DetailLevel is 0 or 1.
type InspectRequest struct {
	Code        string `json:"code"`
	CursorPos   int    `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// IsCompleteRequest is the content of is_complete_request.
type IsCompleteRequest struct {
	Code string `json:"code"`
}

// HistoryRequest is the content of history_request. HistAccessType is
// "range" (Start ≤ line < Stop), "tail" (the last N) or "search" (Pattern,
// a glob with * and ?).
type HistoryRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// ShutdownRequest is the content of shutdown_request.
type ShutdownRequest struct {
	Restart bool `json:"restart"`
}

// InputReply is the content of input_reply (on stdin, from the front end).
type InputReply struct {
	Value string `json:"value"`
}

// ---- replies -----------------------------------------------------------------

// Reply is the content of a reply that carries only a status
// (interrupt_reply).
type Reply struct {
	Status string `json:"status"`
}

// ErrorContent is the content of an IOPub error message, and the error part
// of an execute_reply with status "error". Traceback is a list of lines (ANSI
// colour allowed); it is never null.
type ErrorContent struct {
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// Payload is one entry of execute_reply's payload: with Source "page", Data
// (a MIME bundle) is shown in the front end's pager.
type Payload struct {
	Source string     `json:"source"`
	Data   MIMEBundle `json:"data"`
	Start  int        `json:"start"`
}

// ExecuteReply is the content of execute_reply. UserExpressions and Payload
// are always present (as {} and [] when empty), as ipykernel sends them; the
// embedded *ErrorContent adds ename, evalue and traceback when Status is
// "error". Build it with [ExecuteOK], [ExecuteFailed] or [ExecuteAborted].
type ExecuteReply struct {
	Status          string     `json:"status"`
	ExecutionCount  int        `json:"execution_count"`
	UserExpressions MIMEBundle `json:"user_expressions"`
	Payload         []Payload  `json:"payload"`
	*ErrorContent
}

// ExecuteOK is a successful execute_reply; nil userExpressions and payload
// become {} and [].
func ExecuteOK(count int, userExpressions MIMEBundle, payload []Payload) ExecuteReply {
	if userExpressions == nil {
		userExpressions = MIMEBundle{}
	}
	if payload == nil {
		payload = []Payload{}
	}
	return ExecuteReply{Status: StatusOK, ExecutionCount: count, UserExpressions: userExpressions, Payload: payload}
}

// ExecuteFailed is an execute_reply with status "error"; a nil traceback
// becomes [].
func ExecuteFailed(count int, e ErrorContent) ExecuteReply {
	if e.Traceback == nil {
		e.Traceback = []string{}
	}
	return ExecuteReply{Status: StatusError, ExecutionCount: count, UserExpressions: MIMEBundle{},
		Payload: []Payload{}, ErrorContent: &e}
}

// ExecuteAborted is the execute_reply of a request aborted by an earlier
// failure (stop_on_error).
func ExecuteAborted(count int) ExecuteReply {
	r := ExecuteOK(count, nil, nil)
	r.Status = StatusAborted
	return r
}

// LanguageInfo describes the kernel's language in kernel_info_reply.
type LanguageInfo struct {
	Name              string `json:"name"`
	Version           string `json:"version"`
	MIMEType          string `json:"mimetype"`
	FileExtension     string `json:"file_extension"`
	PygmentsLexer     string `json:"pygments_lexer"`
	CodeMirrorMode    string `json:"codemirror_mode"`
	NBConvertExporter string `json:"nbconvert_exporter"`
}

// HelpLink is one entry of the front end's help menu.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// KernelInfoReply is the content of kernel_info_reply.
type KernelInfoReply struct {
	Status                string       `json:"status"`
	ProtocolVersion       string       `json:"protocol_version"`
	Implementation        string       `json:"implementation"`
	ImplementationVersion string       `json:"implementation_version"`
	LanguageInfo          LanguageInfo `json:"language_info"`
	Banner                string       `json:"banner"`
	HelpLinks             []HelpLink   `json:"help_links"`
	// SupportedFeatures lists optional protocol features (JEP 92), e.g.
	// "debugger"; never null.
	SupportedFeatures []string `json:"supported_features"`
}

// CompleteReply is the content of complete_reply; the cursor positions count
// code points.
type CompleteReply struct {
	Status      string     `json:"status"`
	Matches     []string   `json:"matches"`
	CursorStart int        `json:"cursor_start"`
	CursorEnd   int        `json:"cursor_end"`
	Metadata    MIMEBundle `json:"metadata"`
}

// InspectReply is the content of inspect_reply.
type InspectReply struct {
	Status   string     `json:"status"`
	Found    bool       `json:"found"`
	Data     MIMEBundle `json:"data"`
	Metadata MIMEBundle `json:"metadata"`
}

// Statuses of is_complete_reply.
const (
	CodeComplete   = "complete"
	CodeIncomplete = "incomplete"
	CodeInvalid    = "invalid"
	CodeUnknown    = "unknown"
)

// IsCompleteReply is the content of is_complete_reply: Status is one of the
// Code* constants; Indent is present only for [CodeIncomplete] (build that
// reply with [Incomplete]).
type IsCompleteReply struct {
	Status string  `json:"status"`
	Indent *string `json:"indent,omitempty"`
}

// Incomplete is the is_complete_reply for code that needs more lines, the
// next one indented by indent.
func Incomplete(indent string) IsCompleteReply {
	return IsCompleteReply{Status: CodeIncomplete, Indent: &indent}
}

// HistoryEntry is one entry of history_reply: on the wire the array
// [session, line, input], or [session, line, [input, output]] when the
// request asked for output (WithOutput; the kernel keeps no outputs, so
// output is null).
type HistoryEntry struct {
	Session    int
	Line       int
	Input      string
	WithOutput bool
}

// MarshalJSON encodes the entry as the array the protocol uses.
func (h HistoryEntry) MarshalJSON() ([]byte, error) {
	if h.WithOutput {
		return json.Marshal([]any{h.Session, h.Line, []any{h.Input, nil}})
	}
	return json.Marshal([]any{h.Session, h.Line, h.Input})
}

// UnmarshalJSON decodes either array form.
func (h *HistoryEntry) UnmarshalJSON(b []byte) error {
	var a []json.RawMessage
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	if len(a) != 3 {
		return fmt.Errorf("history entry has %d elements, want 3", len(a))
	}
	if err := json.Unmarshal(a[0], &h.Session); err != nil {
		return err
	}
	if err := json.Unmarshal(a[1], &h.Line); err != nil {
		return err
	}
	h.WithOutput = len(a[2]) > 0 && a[2][0] == '['
	if h.WithOutput {
		var io []json.RawMessage
		if err := json.Unmarshal(a[2], &io); err != nil || len(io) == 0 {
			return fmt.Errorf("history entry's (input, output) is %s", a[2])
		}
		return json.Unmarshal(io[0], &h.Input)
	}
	return json.Unmarshal(a[2], &h.Input)
}

// HistoryReply is the content of history_reply; History is never null.
type HistoryReply struct {
	Status  string         `json:"status"`
	History []HistoryEntry `json:"history"`
}

// ShutdownReply is the content of shutdown_reply (sent on the request's
// channel and published on IOPub).
type ShutdownReply struct {
	Status  string `json:"status"`
	Restart bool   `json:"restart"`
}

// ---- IOPub -------------------------------------------------------------------

// Status is the content of a status message.
type Status struct {
	ExecutionState string `json:"execution_state"`
}

// Stream is the content of a stream message (Name is [Stdout] or [Stderr]).
type Stream struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// ExecuteInput is the content of execute_input.
type ExecuteInput struct {
	Code           string `json:"code"`
	ExecutionCount int    `json:"execution_count"`
}

// ExecuteResult is the content of execute_result; Data always has text/plain.
type ExecuteResult struct {
	ExecutionCount int        `json:"execution_count"`
	Data           MIMEBundle `json:"data"`
	Metadata       MIMEBundle `json:"metadata"`
}

// Transient holds what a display message carries but a notebook does not
// store: the display id that later update_display_data messages target.
type Transient struct {
	DisplayID string `json:"display_id,omitempty"`
}

// DisplayData is the content of display_data and update_display_data (the
// latter needs Transient.DisplayID).
type DisplayData struct {
	Data      MIMEBundle `json:"data"`
	Metadata  MIMEBundle `json:"metadata"`
	Transient Transient  `json:"transient"`
}

// ClearOutput is the content of clear_output: with Wait the output is cleared
// only when the next output arrives.
type ClearOutput struct {
	Wait bool `json:"wait"`
}

// ---- stdin -------------------------------------------------------------------

// InputRequest is the content of input_request (on stdin, to the front end).
type InputRequest struct {
	Prompt   string `json:"prompt"`
	Password bool   `json:"password"`
}
