package dispatch

import (
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gonlm/gonlm/kernel/internal/session"
	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// sink records what the dispatcher sends on a channel or publishes.
type sink struct {
	mu   sync.Mutex
	msgs []*wire.Message
}

func (s *sink) Send(m *wire.Message) error    { s.add(m); return nil }
func (s *sink) Publish(m *wire.Message) error { s.add(m); return nil }
func (s *sink) add(m *wire.Message) {
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	s.mu.Unlock()
}

// fuzzSession is one session shared by the fuzz inputs (building one takes
// milliseconds).
var fuzzSession = sync.OnceValues(func() (*session.Session, error) {
	s, err := session.New(session.Options{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	_, err = s.Interp()
	return s, err
})

// safeCode is what execute requests run in FuzzDispatch: the fuzzer chooses
// among them (cells themselves are fuzzed by the session's FuzzCells; here
// an arbitrary cell could loop forever or exit the process).
var safeCode = []string{"1 + 1", "fuzzX := 3", "undefinedName", `panic("boom")`, "?strings.Repeat", "", "x := ", `import "strings"
strings.ToUpper("a")`}

// replyTo is the reply type each request must get (none for the others).
var replyTo = map[string]string{
	wire.MsgExecuteRequest: wire.MsgExecuteReply, wire.MsgKernelInfoRequest: wire.MsgKernelInfoReply,
	wire.MsgCompleteRequest: wire.MsgCompleteReply, wire.MsgInspectRequest: wire.MsgInspectReply,
	wire.MsgIsCompleteRequest: wire.MsgIsCompleteReply, wire.MsgHistoryRequest: wire.MsgHistoryReply,
	"comm_info_request": "comm_info_reply", wire.MsgShutdownRequest: wire.MsgShutdownReply,
	wire.MsgInterruptRequest: wire.MsgInterruptReply,
}

// FuzzDispatch hands the dispatcher any message type and content that the
// wire layer would accept, on shell or control. Every request gets exactly
// one reply of its type, with JSON content and a status, within a few
// seconds; busy and idle come in pairs; nothing panics.
func FuzzDispatch(f *testing.F) {
	for _, s := range []struct {
		control bool
		typ     string
		content string
	}{
		{false, wire.MsgExecuteRequest, `{"code":"1+1","silent":false,"store_history":true,"user_expressions":{"a":"1"},"allow_stdin":false,"stop_on_error":true}`},
		{false, wire.MsgExecuteRequest, `{"code":7}`},
		{false, wire.MsgExecuteRequest, `{"code":"x","silent":true,"user_expressions":{"e":"undefined"}}`},
		{false, wire.MsgCompleteRequest, `{"code":"strings.Re","cursor_pos":10}`},
		{false, wire.MsgCompleteRequest, `{"code":"fmt.","cursor_pos":-5}`},
		{false, wire.MsgCompleteRequest, `{"code":"é","cursor_pos":99999999999}`},
		{false, wire.MsgInspectRequest, `{"code":"strings.Repeat","cursor_pos":3,"detail_level":1}`},
		{false, wire.MsgInspectRequest, `{"code":"","cursor_pos":1}`},
		{false, wire.MsgIsCompleteRequest, `{"code":"for {"}`},
		{false, wire.MsgHistoryRequest, `{"hist_access_type":"search","pattern":"*a*a*a*a*a*a*a*a*a*a*a*b","n":10}`},
		{false, wire.MsgHistoryRequest, `{"hist_access_type":"range","start":-3,"stop":-1,"output":true}`},
		{false, wire.MsgHistoryRequest, `{"hist_access_type":"tail","n":-1}`},
		{false, wire.MsgKernelInfoRequest, `{}`},
		{false, "comm_info_request", `{"target_name":1}`},
		{false, "comm_open", `{"comm_id":"c","target_name":"t","data":{}}`},
		{false, wire.MsgShutdownRequest, `{"restart":"yes"}`},
		{true, wire.MsgInterruptRequest, `{}`},
		{true, wire.MsgKernelInfoRequest, `null`},
		{false, "no_such_request", `[]`},
		{false, wire.MsgCompleteRequest, `not json`},
	} {
		f.Add(s.control, s.typ, []byte(s.content))
	}
	f.Fuzz(func(t *testing.T, control bool, msgType string, content []byte) {
		sess, err := fuzzSession()
		if err != nil {
			t.Fatal(err)
		}
		if msgType == "" {
			return // wire.Decode rejects a header without msg_type
		}
		if msgType == wire.MsgExecuteRequest {
			content = tameExecute(content)
		}
		ch, pub := &sink{}, &sink{}
		k := &Kernel{sess: sess, shell: ch, stdin: ch, iopub: pub, log: slog.New(slog.DiscardHandler), session: "fuzz",
			queue: make(chan queued, 1), done: make(chan struct{})}
		hdr := wire.Header{MsgID: "req", Session: "client", MsgType: msgType, Version: "5.3"}
		raw, _ := json.Marshal(hdr)
		m := &wire.Message{Identities: [][]byte{[]byte("peer")}, Header: hdr, RawHeader: raw, Content: content}

		done := make(chan struct{})
		go func() {
			defer close(done)
			if control {
				k.handleControl(ch, m)
			} else {
				k.handleShell(ch, m)
			}
			select {
			case q := <-k.queue:
				k.execute(q)
			default:
			}
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			sess.Interrupt()
			t.Fatalf("%s %q: no answer in 10 s", msgType, content)
		}

		want, isRequest := replyTo[msgType]
		if control && msgType != wire.MsgKernelInfoRequest && msgType != wire.MsgInterruptRequest && msgType != wire.MsgShutdownRequest {
			isRequest = false
		}
		if !control && msgType == wire.MsgInterruptRequest {
			isRequest = false
		}
		if isRequest {
			if len(ch.msgs) != 1 || ch.msgs[0].Header.MsgType != want {
				t.Fatalf("%s %q: replies %v, want one %s", msgType, content, types(ch.msgs), want)
			}
			var c struct {
				Status string `json:"status"`
			}
			if err := json.Unmarshal(ch.msgs[0].Content, &c); err != nil || c.Status == "" {
				t.Fatalf("%s: reply content %s (%v)", want, ch.msgs[0].Content, err)
			}
			if ch.msgs[0].ParentHeader().MsgID != "req" {
				t.Fatalf("%s: parent %s", want, ch.msgs[0].Parent)
			}
		} else if len(ch.msgs) != 0 {
			t.Fatalf("%s on control=%v: unexpected replies %v", msgType, control, types(ch.msgs))
		}
		busy, idle := 0, 0
		for _, p := range pub.msgs {
			if !json.Valid(p.Content) {
				t.Fatalf("%s: published %s with content %q", msgType, p.Header.MsgType, p.Content)
			}
			if p.Header.MsgType == wire.MsgStatus {
				var st wire.Status
				_ = json.Unmarshal(p.Content, &st)
				switch st.ExecutionState {
				case wire.StateBusy:
					busy++
				case wire.StateIdle:
					idle++
				}
			}
		}
		if busy != idle {
			t.Fatalf("%s: %d busy, %d idle", msgType, busy, idle)
		}
	})
}

// tameExecute replaces the code and user expressions of an execute request
// that decodes by safe ones (chosen by the fuzzed ones), and leaves content
// that does not decode as it is.
func tameExecute(content []byte) []byte {
	var req map[string]any
	if err := json.Unmarshal(content, &req); err != nil {
		return content
	}
	if code, ok := req["code"].(string); ok {
		req["code"] = safeCode[len(code)%len(safeCode)]
	}
	if ue, ok := req["user_expressions"].(map[string]any); ok {
		for name, e := range ue {
			if s, ok := e.(string); ok {
				ue[name] = safeCode[len(s)%len(safeCode)]
			}
		}
	}
	out, err := json.Marshal(req)
	if err != nil {
		return content
	}
	return out
}

func types(ms []*wire.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Header.MsgType)
	}
	return out
}

// FuzzGlobMatch compares globMatch with the regular expression the glob
// stands for.
func FuzzGlobMatch(f *testing.F) {
	f.Add("*strings.Repeat*", `import "strings"`)
	f.Add("a*b?d", "axxbcd")
	f.Add(strings.Repeat("*a", 12)+"b", strings.Repeat("a", 40))
	f.Add("é?*", "étude")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(s) || len(pattern) > 200 || len(s) > 2000 {
			return
		}
		var re strings.Builder
		re.WriteString(`(?s)\A`)
		for _, r := range pattern {
			switch r {
			case '*':
				re.WriteString(".*")
			case '?':
				re.WriteString(".")
			default:
				re.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		re.WriteString(`\z`)
		want := pattern == "" || regexp.MustCompile(re.String()).MatchString(s)
		if got := globMatch(pattern, s); got != want {
			t.Fatalf("globMatch(%q, %q) = %v, want %v", pattern, s, got, want)
		}
	})
}
