package comm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/gonlm/gonlm/kernel/display"
)

func TestSplitAndPutBuffers(t *testing.T) {
	state := map[string]any{
		"a":    1.0,
		"img":  []byte("png"),
		"list": []any{"x", []byte("b0"), map[string]any{"deep": []byte("b1"), "keep": true}},
		"m":    map[string]any{"n": []byte("b2")},
	}
	out, paths, bufs := splitBuffers(state)
	if _, ok := state["img"].([]byte); !ok {
		t.Fatal("splitBuffers modified its input")
	}
	if _, ok := out["img"]; ok {
		t.Error("a map value buffer stayed in the state")
	}
	if l := out["list"].([]any); l[1] != nil || l[2].(map[string]any)["keep"] != true {
		t.Errorf("list %v: a list buffer must become null, other values stay", l)
	}
	got := map[string]string{}
	for i, p := range paths {
		got[fmt.Sprint(p)] = string(bufs[i])
	}
	want := map[string]string{"[img]": "png", "[list 1]": "b0", "[list 2 deep]": "b1", "[m n]": "b2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paths and buffers %v, want %v", got, want)
	}
	// Through JSON, as on the wire, and back.
	var data map[string]any
	raw, _ := json.Marshal(map[string]any{"state": out, "buffer_paths": paths})
	if err := json.Unmarshal(raw, &data); err != nil {
		t.Fatal(err)
	}
	st := data["state"].(map[string]any)
	if err := putBuffers(st, data["buffer_paths"].([]any), bufs); err != nil {
		t.Fatal(err)
	}
	if string(st["img"].([]byte)) != "png" || string(st["list"].([]any)[1].([]byte)) != "b0" ||
		string(st["list"].([]any)[2].(map[string]any)["deep"].([]byte)) != "b1" || string(st["m"].(map[string]any)["n"].([]byte)) != "b2" {
		t.Errorf("after putBuffers: %v", st)
	}
	if _, paths, _ := splitBuffers(map[string]any{"x": 1}); paths == nil || len(paths) != 0 {
		t.Errorf("no buffers: paths %v, want [] (not null)", paths)
	}
}

func TestPutBuffersBadPaths(t *testing.T) {
	for _, tc := range []struct {
		paths []any
		bufs  int
		want  string
	}{
		{[]any{[]any{"a"}}, 0, "1 paths but 0 buffers"},
		{[]any{"a"}, 1, "bad buffer path"},
		{[]any{[]any{}}, 1, "bad buffer path"},
		{[]any{[]any{"list", 5.0}}, 1, "not an index"},
		{[]any{[]any{"list", 0.5}}, 1, "not an index"},
		{[]any{[]any{"s", "x"}}, 1, "leads into a string"},
		{[]any{[]any{3.0}}, 1, "not a key"},
	} {
		st := map[string]any{"list": []any{nil}, "s": "text"}
		bufs := make([][]byte, tc.bufs)
		err := putBuffers(st, tc.paths, bufs)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err %v, want %q", tc.paths, err, tc.want)
		}
	}
}

// fakeTransport records what the hub sends.
type fakeTransport struct {
	mu   sync.Mutex
	sent []Outgoing
}

func (f *fakeTransport) Send(o Outgoing) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, o)
	return nil
}

func (f *fakeTransport) take() []Outgoing {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.sent
	f.sent = nil
	return s
}

// fakeModel is a model with a "value" a front end may set and a "pic"
// buffer.
type fakeModel struct {
	mu     sync.Mutex
	state  map[string]any
	custom []map[string]any
}

func (m *fakeModel) State() map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]any{"_model_name": "FakeModel", "_model_module": "fake", "_model_module_version": "1.0.0"}
	for k, v := range m.state {
		out[k] = v
	}
	return out
}

func (m *fakeModel) Update(state map[string]any) (map[string]any, []Job, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	echo := map[string]any{}
	for k, v := range state {
		if k != "value" && k != "pic" {
			return echo, nil, fmt.Errorf("read-only %s", k)
		}
		m.state[k] = v
		echo[k] = v
	}
	return echo, []Job{{Name: "changed"}}, nil
}

func (m *fakeModel) Custom(content map[string]any, buffers [][]byte) ([]Job, error) {
	m.mu.Lock()
	m.custom = append(m.custom, content)
	m.mu.Unlock()
	return []Job{{Name: "clicked"}}, nil
}

// parent stands for the front end's message.
type parent struct{ name string }

// frontMsg builds a comm_msg as a front end sends it.
func frontMsg(t *testing.T, commID string, data map[string]any, buffers ...[]byte) Incoming {
	t.Helper()
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	return Incoming{CommID: commID, Data: raw, Buffers: buffers, Parent: &parent{commID}}
}

func data(t *testing.T, o Outgoing) string {
	t.Helper()
	b, err := json.Marshal(o.Data)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHub(t *testing.T) {
	h := NewHub()
	m := &fakeModel{state: map[string]any{"value": 1.0, "pic": []byte("PNG")}}
	// Headless: registered, nothing sent.
	if err := h.Open("w1", m); err != nil {
		t.Fatal(err)
	}
	if h.Live() {
		t.Error("a hub without a transport says it is live")
	}
	ft := &fakeTransport{}
	h.Attach(ft, nil, nil)
	m2 := &fakeModel{state: map[string]any{"value": 2.0, "pic": []byte("GIF")}}
	if err := h.Open("w2", m2); err != nil {
		t.Fatal(err)
	}
	if err := h.Open("w2", m2); err == nil {
		t.Error("opening an open id twice succeeded")
	}
	sent := ft.take()
	if len(sent) != 1 || sent[0].Kind != Open || sent[0].Target != TargetWidget || sent[0].Metadata["version"] != ProtocolVersion {
		t.Fatalf("open sent %+v", sent)
	}
	if got := data(t, sent[0]); got != `{"buffer_paths":[["pic"]],"state":{"_model_module":"fake","_model_module_version":"1.0.0","_model_name":"FakeModel","value":2}}` ||
		string(sent[0].Buffers[0]) != "GIF" {
		t.Errorf("comm_open data %s buffers %q", got, sent[0].Buffers)
	}

	// A front end's update: buffers put back, echoed with the update as
	// parent, jobs returned.
	up := frontMsg(t, "w2", map[string]any{"method": "update", "state": map[string]any{"value": 3.0},
		"buffer_paths": [][]any{{"pic"}}}, []byte("JPG"))
	jobs, err := h.HandleMsg(up)
	if err != nil || len(jobs) != 1 || jobs[0].Name != "changed" {
		t.Fatalf("update: jobs %v err %v", jobs, err)
	}
	if string(m2.state["pic"].([]byte)) != "JPG" || m2.state["value"] != 3.0 {
		t.Errorf("model state after the update: %v", m2.state)
	}
	sent = ft.take()
	if len(sent) != 1 || sent[0].Parent != up.Parent || data(t, sent[0]) != `{"buffer_paths":[["pic"]],"method":"echo_update","state":{"value":3}}` ||
		string(sent[0].Buffers[0]) != "JPG" {
		t.Fatalf("echo %+v %s", sent, data(t, sent[0]))
	}
	// request_state: an update with the full state, answering the request.
	rq := frontMsg(t, "w2", map[string]any{"method": "request_state"})
	if _, err := h.HandleMsg(rq); err != nil {
		t.Fatal(err)
	}
	sent = ft.take()
	if len(sent) != 1 || sent[0].Parent != rq.Parent || !strings.Contains(data(t, sent[0]), `"method":"update","state":{"_model_module":"fake"`) {
		t.Fatalf("request_state answered with %+v", sent)
	}
	// custom
	ck := frontMsg(t, "w2", map[string]any{"method": "custom", "content": map[string]any{"event": "click"}})
	if jobs, err := h.HandleMsg(ck); err != nil || len(jobs) != 1 || m2.custom[0]["event"] != "click" {
		t.Fatalf("custom: %v %v %v", jobs, err, m2.custom)
	}
	// Errors: a read-only key, an unknown method, a closed comm.
	bad := frontMsg(t, "w2", map[string]any{"method": "update", "state": map[string]any{"min": 1}})
	if _, err := h.HandleMsg(bad); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("read-only key: %v", err)
	}
	odd := frontMsg(t, "w2", map[string]any{"method": "dance"})
	if _, err := h.HandleMsg(odd); err == nil || !strings.Contains(err.Error(), "dance") {
		t.Errorf("unknown method: %v", err)
	}
	gone := frontMsg(t, "nope", map[string]any{"method": "update", "state": map[string]any{}})
	if _, err := h.HandleMsg(gone); !errors.Is(err, ErrClosed) {
		t.Errorf("unknown comm: %v", err)
	}
	ft.take()

	// Kernel-side changes: an update with the delta; none for an empty one.
	if err := h.Change("w2", func() map[string]any { return map[string]any{"value": 4.0} }); err != nil {
		t.Fatal(err)
	}
	_ = h.Change("w2", func() map[string]any { return nil })
	if sent = ft.take(); len(sent) != 1 || data(t, sent[0]) != `{"buffer_paths":[],"method":"update","state":{"value":4}}` || sent[0].Parent != nil {
		t.Errorf("Change sent %+v", sent)
	}

	// The control target: update_states with every model, buffer paths under
	// [id, "state", ...].
	if err := h.HandleOpen("c1", TargetControl); err != nil {
		t.Fatal(err)
	}
	if info := h.Info(""); len(info) != 3 || info["c1"] != TargetControl || info["w1"] != TargetWidget {
		t.Errorf("Info: %v", info)
	}
	if info := h.Info(TargetWidget); len(info) != 2 {
		t.Errorf("Info(widget): %v", info)
	}
	rs := frontMsg(t, "c1", map[string]any{"method": "request_states"})
	if _, err := h.HandleMsg(rs); err != nil {
		t.Fatal(err)
	}
	sent = ft.take()
	if len(sent) != 1 || sent[0].CommID != "c1" || sent[0].Parent != rs.Parent || sent[0].Data["method"] != "update_states" {
		t.Fatalf("update_states: %+v", sent)
	}
	states := sent[0].Data["states"].(map[string]any)
	w1 := states["w1"].(map[string]any)
	if w1["model_name"] != "FakeModel" || w1["model_module"] != "fake" || w1["model_module_version"] != "1.0.0" ||
		w1["state"].(map[string]any)["value"] != 1.0 {
		t.Errorf("w1 in update_states: %v", w1)
	}
	paths := fmt.Sprint(sent[0].Data["buffer_paths"])
	if paths != "[[w1 state pic] [w2 state pic]]" || string(sent[0].Buffers[0]) != "PNG" || string(sent[0].Buffers[1]) != "JPG" {
		t.Errorf("update_states buffers %s %q", paths, sent[0].Buffers)
	}
	other := frontMsg(t, "c1", map[string]any{"method": "update"})
	if _, err := h.HandleMsg(other); err == nil {
		t.Error("the control comm accepted an update")
	}
	if h.HandleClose("c1"); h.IsOpen("c1") {
		t.Error("control comm open after comm_close")
	}
	// Other targets are refused.
	if err := h.HandleOpen("x", "jupyter.widget"); !errors.Is(err, ErrUnknownTarget) {
		t.Errorf("a front end's jupyter.widget comm_open: %v", err)
	}

	// Close: comm_close sent, no longer listed, changes refused.
	if err := h.Close("w2"); err != nil {
		t.Fatal(err)
	}
	if sent = ft.take(); len(sent) != 1 || sent[0].Kind != Close || sent[0].CommID != "w2" {
		t.Errorf("Close sent %+v", sent)
	}
	if err := h.Change("w2", func() map[string]any { return map[string]any{"value": 5.0} }); !errors.Is(err, ErrClosed) {
		t.Errorf("Change after Close: %v", err)
	}
	if h.IsOpen("w2") || h.Close("w2") != nil {
		t.Error("closing twice")
	}
}

// TestHubGoHeadless: without a runner a job runs at once, with its output
// redirected to its Out and its error reported there.
func TestHubGoHeadless(t *testing.T) {
	h := NewHub()
	ran := false
	h.Go(Job{Name: "j", Run: func(ctx context.Context) error { ran = true; return nil }})
	if !ran {
		t.Error("the job did not run")
	}
	out := &recordSink{}
	host := &fakeHost{}
	h.SetHost(host)
	if err := h.RunHere(context.Background(), Job{Name: "j", Out: out, Run: func(ctx context.Context) error {
		if host.sink != out {
			t.Error("the job's output is not redirected to its Out")
		}
		return context.Canceled
	}}); err != nil {
		t.Errorf("RunHere returned %v; the error belongs in Out", err)
	}
	if host.sink != nil || len(out.errors) != 1 || out.errors[0] != "Interrupted: context canceled" {
		t.Errorf("after the job: redirect %v, errors %v", host.sink, out.errors)
	}
}

type recordSink struct{ errors []string }

func (r *recordSink) Stream(name, text string)                               {}
func (r *recordSink) Publish(b display.Bundle, id string, update bool) error { return nil }
func (r *recordSink) Clear(bool) error                                       { return nil }
func (r *recordSink) Error(ename, evalue string, tb []string) {
	r.errors = append(r.errors, ename+": "+evalue)
}

type fakeHost struct{ sink Sink }

func (f *fakeHost) Redirect(s Sink) func() {
	f.sink = s
	return func() { f.sink = nil }
}
func (f *fakeHost) Context() context.Context { return context.Background() }
