package wire

import (
	"encoding/json"
	"testing"
)

// TestContentJSON pins the JSON of the typed contents: the fields front ends
// and jupyter_kernel_test check must be present (never null) and shaped as
// the protocol says.
func TestContentJSON(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"execute ok", ExecuteOK(3, nil, nil),
			`{"status":"ok","execution_count":3,"user_expressions":{},"payload":[]}`},
		{"execute ok with page", ExecuteOK(4, MIMEBundle{"x": 1}, []Payload{{Source: "page", Data: MIMEBundle{"text/plain": "doc"}}}),
			`{"status":"ok","execution_count":4,"user_expressions":{"x":1},"payload":[{"source":"page","data":{"text/plain":"doc"},"start":0}]}`},
		{"execute error", ExecuteFailed(5, ErrorContent{Ename: "E", Evalue: "v"}),
			`{"status":"error","execution_count":5,"user_expressions":{},"payload":[],"ename":"E","evalue":"v","traceback":[]}`},
		{"execute aborted", ExecuteAborted(6),
			`{"status":"aborted","execution_count":6,"user_expressions":{},"payload":[]}`},
		{"incomplete", Incomplete(""), `{"status":"incomplete","indent":""}`},
		{"complete", IsCompleteReply{Status: CodeComplete}, `{"status":"complete"}`},
		{"history", HistoryReply{Status: StatusOK, History: []HistoryEntry{{1, 2, "x", false}, {1, 3, "y", true}}},
			`{"status":"ok","history":[[1,2,"x"],[1,3,["y",null]]]}`},
		{"display", DisplayData{Data: MIMEBundle{"text/plain": "a"}, Metadata: MIMEBundle{}},
			`{"data":{"text/plain":"a"},"metadata":{},"transient":{}}`},
		{"display with id", DisplayData{Data: MIMEBundle{}, Metadata: MIMEBundle{}, Transient: Transient{DisplayID: "d"}},
			`{"data":{},"metadata":{},"transient":{"display_id":"d"}}`},
		{"status", Status{ExecutionState: StateIdle}, `{"execution_state":"idle"}`},
		{"stream", Stream{Name: Stdout, Text: "hi\n"}, `{"name":"stdout","text":"hi\n"}`},
		{"shutdown", ShutdownReply{Status: StatusOK, Restart: true}, `{"status":"ok","restart":true}`},
		{"input", InputRequest{Prompt: "? ", Password: false}, `{"prompt":"? ","password":false}`},
	}
	for _, tc := range tests {
		got, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestHistoryEntryRoundTrip(t *testing.T) {
	for _, h := range []HistoryEntry{{1, 2, "x := 1", false}, {0, 7, "", true}} {
		b, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		var got HistoryEntry
		if err := json.Unmarshal(b, &got); err != nil || got != h {
			t.Errorf("%s → %+v, %v; want %+v", b, got, err, h)
		}
	}
	for _, bad := range []string{`{}`, `[1,2]`, `["a",2,"x"]`, `[1,2,[]]`, `[1,2,3]`} {
		var h HistoryEntry
		if err := json.Unmarshal([]byte(bad), &h); err == nil {
			t.Errorf("%s decoded to %+v", bad, h)
		}
	}
}
