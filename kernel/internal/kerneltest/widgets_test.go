package kerneltest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// The widget protocol over the wire: comm_open with the model's state, a
// front end's update reaching a Go callback and echoed, binary buffers both
// ways, comm_info_request, the control target of reloaded pages, comm_close,
// and callbacks that are serialised with cells and interruptible. Each test
// starts its own kernel, so widgets left open do not leak into other tests.

// sendComm sends a comm message (comm_msg, comm_open, comm_close) on shell
// with binary buffers and metadata, and returns its id.
func (c *client) sendComm(msgType string, content any, metadata map[string]any, buffers ...[]byte) string {
	c.t.Helper()
	m, err := wire.NewMessage(c.session, msgType, nil, content)
	if err != nil {
		c.t.Fatal(err)
	}
	m.Header.Username = "test"
	if metadata != nil {
		m.Metadata, _ = json.Marshal(metadata)
	}
	m.Buffers = buffers
	if err := c.shell.Send(zmq4.NewMsgFrom(wire.Encode(m, c.signer)...)); err != nil {
		c.t.Fatalf("send %s: %v", msgType, err)
	}
	return m.Header.MsgID
}

// update sends a widget update from the "front end".
func (c *client) update(commID string, state map[string]any, paths [][]any, buffers ...[]byte) string {
	if paths == nil {
		paths = [][]any{}
	}
	return c.sendComm("comm_msg", map[string]any{"comm_id": commID,
		"data": map[string]any{"method": "update", "state": state, "buffer_paths": paths}}, nil, buffers...)
}

// commData returns a comm message's data.
func commData(m msg) map[string]any {
	d, _ := m.content["data"].(map[string]any)
	return d
}

// widgetOpens returns the comm_open messages among outputs, by comm id.
func widgetOpens(out []msg) map[string]msg {
	opens := map[string]msg{}
	for _, m := range out {
		if m.Header.MsgType == "comm_open" {
			opens[m.str("comm_id")] = m
		}
	}
	return opens
}

// shownWidget returns the model id of the widget view a cell displayed
// (as display_data or execute_result) and its text/plain.
func shownWidget(t *testing.T, e execution) (string, string) {
	t.Helper()
	for _, m := range e.outputs {
		if m.Header.MsgType != "execute_result" && m.Header.MsgType != "display_data" {
			continue
		}
		data, _ := m.content["data"].(map[string]any)
		if v, ok := data["application/vnd.jupyter.widget-view+json"].(map[string]any); ok {
			if v["version_major"] != 2.0 {
				t.Errorf("widget view %v: version_major is not 2", v)
			}
			s, _ := data["text/plain"].(string)
			return v["model_id"].(string), s
		}
	}
	t.Fatalf("no widget view among the outputs %v", msgTypes(e.outputs))
	return "", ""
}

func msgTypes(ms []msg) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Header.MsgType)
	}
	return out
}

// waitIOPub waits for an IOPub message satisfying ok.
func (c *client) waitIOPub(what string, timeout time.Duration, ok func(m msg) bool) msg {
	c.t.Helper()
	m, found := c.waitFor(&c.iopubs, timeout, ok)
	if !found {
		c.t.Fatalf("no %s within %v\nkernel log:\n%s", what, timeout, c.log)
	}
	return m
}

func TestWidgetCommOpenCarriesState(t *testing.T) {
	c := startKernel(t)
	e := c.run(`import "widgets"
s := widgets.NewFloatSlider("T", 1, 0.2, 2, 0.05)
s`)
	id, text := shownWidget(t, e)
	if text != "T: 1.00" {
		t.Errorf("text/plain %q, want %q", text, "T: 1.00")
	}
	opens := widgetOpens(e.outputs)
	o, ok := opens[id]
	if !ok {
		t.Fatalf("no comm_open for the displayed model %s; opened %v", id, opens)
	}
	if o.str("target_name") != "jupyter.widget" {
		t.Errorf("target %q", o.str("target_name"))
	}
	var md map[string]any
	_ = json.Unmarshal(o.Metadata, &md)
	if md["version"] != "2.1.0" {
		t.Errorf("comm_open metadata %v, want version 2.1.0", md)
	}
	state, _ := commData(o)["state"].(map[string]any)
	want := map[string]any{"_model_name": "FloatSliderModel", "_model_module": "@jupyter-widgets/controls",
		"_model_module_version": "2.0.0", "_view_name": "FloatSliderView", "_view_module": "@jupyter-widgets/controls",
		"_view_module_version": "2.0.0", "value": 1.0, "min": 0.2, "max": 2.0, "step": 0.05, "description": "T",
		"readout_format": ".2f", "continuous_update": true, "disabled": false, "orientation": "horizontal"}
	for k, v := range want {
		if state[k] != v {
			t.Errorf("state[%s] = %v, want %v", k, state[k], v)
		}
	}
	// The layout and style it refers to were opened before it, with their own
	// valid states.
	for key, model := range map[string]string{"layout": "LayoutModel", "style": "SliderStyleModel"} {
		ref, _ := state[key].(string)
		lo, ok := opens[strings.TrimPrefix(ref, "IPY_MODEL_")]
		if !strings.HasPrefix(ref, "IPY_MODEL_") || !ok {
			t.Errorf("%s = %q does not refer to a model opened by the cell", key, ref)
			continue
		}
		ls, _ := commData(lo)["state"].(map[string]any)
		if ls["_model_name"] != model {
			t.Errorf("%s model %v, want %s", key, ls["_model_name"], model)
		}
	}
	if k := e.outputs; indexOf(k, "comm_open", id) > indexOf(k, "execute_result", "") {
		t.Error("the widget was shown before its comm was opened")
	}
	// A widget comm's state is valid JSON the schema's way: no buffers here.
	if p, _ := commData(o)["buffer_paths"].([]any); len(p) != 0 || len(o.Buffers) != 0 {
		t.Errorf("unexpected buffers %v", p)
	}
}

// indexOf returns the position of the first message of msgType (with
// comm_id id, if given) in ms.
func indexOf(ms []msg, msgType, id string) int {
	for i, m := range ms {
		if m.Header.MsgType == msgType && (id == "" || m.str("comm_id") == id) {
			return i
		}
	}
	return -1
}

func TestWidgetUpdateReachesCallbackAndIsEchoed(t *testing.T) {
	c := startKernel(t)
	e := c.run(`import "widgets"
import "fmt"
var seen []float64
s := widgets.NewFloatSlider("T", 1, 0, 2, 0.1)
s.OnChange(func(v float64) {
	seen = append(seen, v)
	fmt.Println("callback got", v)
})
s`)
	id, _ := shownWidget(t, e)
	up := c.update(id, map[string]any{"value": 1.5}, nil)
	echo := c.waitIOPub("echo_update", 5*time.Second, func(m msg) bool {
		return m.parentID() == up && m.Header.MsgType == "comm_msg"
	})
	d := commData(echo)
	if d["method"] != "echo_update" || d["state"].(map[string]any)["value"] != 1.5 || echo.str("comm_id") != id {
		t.Fatalf("echo %v", echo.content)
	}
	out := c.outputs(up, 10*time.Second) // waits for the idle of the update
	if got := strings.Join(c.statuses(up), ","); got != "busy,idle" {
		t.Errorf("statuses of the update %s, want busy,idle", got)
	}
	var printed string
	for _, m := range out {
		if m.Header.MsgType == "stream" {
			printed += m.str("text")
		}
	}
	if printed != "callback got 1.5\n" {
		t.Errorf("the callback's output (with the update as parent) %q", printed)
	}
	if r, _ := c.run("seen").result(); r != "[1.5]" {
		t.Errorf("seen = %s, want [1.5]", r)
	}
	if r, _ := c.run("s.Value()").result(); r != "1.5" {
		t.Errorf("Value() = %s", r)
	}
	// Out of range is clamped, and the echo says so.
	up = c.update(id, map[string]any{"value": 7.0}, nil)
	echo = c.waitIOPub("echo_update", 5*time.Second, func(m msg) bool { return m.parentID() == up && m.Header.MsgType == "comm_msg" })
	if v := commData(echo)["state"].(map[string]any)["value"]; v != 2.0 {
		t.Errorf("echo of 7 on [0, 2]: %v, want 2", v)
	}
	c.outputs(up, 10*time.Second)
	// A kernel-side change is an update to the front ends, and runs the
	// callback in the cell.
	e = c.run("s.SetValue(0.5)")
	var upd msg
	for _, m := range e.outputs {
		if m.Header.MsgType == "comm_msg" && m.str("comm_id") == id {
			upd = m
		}
	}
	if d := commData(upd); d["method"] != "update" || d["state"].(map[string]any)["value"] != 0.5 {
		t.Errorf("kernel-side change: %v", upd.content)
	}
	if e.stream("stdout") != "callback got 0.5\n" {
		t.Errorf("kernel-side change: callback printed %q", e.stream("stdout"))
	}
	// A bad value is refused (and nothing echoed); the kernel logs it.
	up = c.update(id, map[string]any{"value": "high"}, nil)
	c.outputs(up, 5*time.Second)
	if r, _ := c.run("s.Value()").result(); r != "0.5" {
		t.Errorf("after a bad update, Value() = %s", r)
	}
}

func TestWidgetBinaryBuffers(t *testing.T) {
	c := startKernel(t)
	e := c.run(`import "widgets"
import "image"
im := widgets.NewImage(nil)
im.SetImage(image.NewGray(image.Rect(0, 0, 3, 2)))
im`)
	id, text := shownWidget(t, e)
	if !strings.Contains(text, "png image 3×2") {
		t.Errorf("text/plain %q", text)
	}
	// The kernel's PNG travelled as a buffer of the update.
	var sent []byte
	for _, m := range e.outputs {
		if m.Header.MsgType == "comm_msg" && m.str("comm_id") == id {
			d := commData(m)
			if fmt.Sprint(d["buffer_paths"]) != "[[value]]" || len(m.Buffers) != 1 {
				t.Fatalf("image update: paths %v, %d buffers", d["buffer_paths"], len(m.Buffers))
			}
			if _, inState := d["state"].(map[string]any)["value"]; inState {
				t.Error("the buffer's key is also in the JSON state")
			}
			sent = m.Buffers[0]
		}
	}
	if !bytes.HasPrefix(sent, []byte("\x89PNG")) {
		t.Fatalf("buffer %q is not a PNG", trunc(string(sent)))
	}
	// A buffer from the front end round-trips: it is stored, echoed as a
	// buffer, and comes back on request_state.
	payload := []byte{0, 1, 2, 0xff, 'x'}
	up := c.update(id, map[string]any{}, [][]any{{"value"}}, payload)
	echo := c.waitIOPub("echo_update", 5*time.Second, func(m msg) bool { return m.parentID() == up && m.Header.MsgType == "comm_msg" })
	if fmt.Sprint(commData(echo)["buffer_paths"]) != "[[value]]" || len(echo.Buffers) != 1 || !bytes.Equal(echo.Buffers[0], payload) {
		t.Fatalf("echo: %v with %d buffers", commData(echo), len(echo.Buffers))
	}
	req := c.sendComm("comm_msg", map[string]any{"comm_id": id, "data": map[string]any{"method": "request_state"}}, nil)
	st := c.waitIOPub("state", 5*time.Second, func(m msg) bool { return m.parentID() == req && m.Header.MsgType == "comm_msg" })
	d := commData(st)
	if d["method"] != "update" || d["state"].(map[string]any)["_model_name"] != "ImageModel" ||
		len(st.Buffers) != 1 || !bytes.Equal(st.Buffers[0], payload) {
		t.Fatalf("request_state answer %v with %d buffers", d, len(st.Buffers))
	}
	if r, _ := c.run("len(im.Value())").result(); r != "5" {
		t.Errorf("len(Value()) = %s, want 5", r)
	}
}

func TestWidgetCommInfoControlAndClose(t *testing.T) {
	c := startKernel(t)
	e := c.run(`import "widgets"
b := widgets.NewButton("go")
im := widgets.NewImage([]byte("not really a png"))
panel := widgets.NewHBox(b, im)
panel`)
	boxID, _ := shownWidget(t, e)
	opens := widgetOpens(e.outputs)
	info := func(target string) map[string]any {
		t.Helper()
		id := c.send(c.shell, "comm_info_request", map[string]any{"target_name": target})
		r := c.reply(&c.shells, id, 5*time.Second)
		comms, _ := r.content["comms"].(map[string]any)
		return comms
	}
	comms := info("jupyter.widget")
	if len(comms) != len(opens) {
		t.Errorf("comm_info lists %d comms, the cell opened %d", len(comms), len(opens))
	}
	for id := range opens {
		if ci, _ := comms[id].(map[string]any); ci["target_name"] != "jupyter.widget" {
			t.Errorf("comm %s: %v", id, comms[id])
		}
	}

	// A reloaded page: the control comm returns every live model at once.
	ctl := "control-" + wire.NewID()
	c.sendComm("comm_open", map[string]any{"comm_id": ctl, "target_name": "jupyter.widget.control", "data": map[string]any{}},
		map[string]any{"version": "1.0.0"})
	rq := c.sendComm("comm_msg", map[string]any{"comm_id": ctl, "data": map[string]any{"method": "request_states"}}, nil)
	us := c.waitIOPub("update_states", 5*time.Second, func(m msg) bool { return m.parentID() == rq && m.Header.MsgType == "comm_msg" })
	d := commData(us)
	states, _ := d["states"].(map[string]any)
	if d["method"] != "update_states" || len(states) != len(opens) {
		t.Fatalf("update_states: method %v, %d states, want %d", d["method"], len(states), len(opens))
	}
	box, _ := states[boxID].(map[string]any)
	bs, _ := box["state"].(map[string]any)
	if box["model_name"] != "HBoxModel" || box["model_module"] != "@jupyter-widgets/controls" || box["model_module_version"] != "2.0.0" ||
		len(bs["children"].([]any)) != 2 {
		t.Errorf("the box in update_states: %v", box)
	}
	// The image's value travels as a buffer at [id, "state", "value"].
	paths, _ := d["buffer_paths"].([]any)
	if len(paths) != 1 || len(us.Buffers) != 1 || string(us.Buffers[0]) != "not really a png" {
		t.Fatalf("update_states buffers: paths %v, %d buffers", paths, len(us.Buffers))
	}
	if p := paths[0].([]any); len(p) != 3 || p[1] != "state" || p[2] != "value" {
		t.Errorf("buffer path %v", p)
	}
	if _, ok := info("jupyter.widget.control")[ctl]; !ok {
		t.Error("the open control comm is not listed")
	}
	c.sendComm("comm_close", map[string]any{"comm_id": ctl, "data": map[string]any{}}, nil)
	if _, ok := info("")[ctl]; ok {
		t.Error("the control comm is still listed after its comm_close")
	}

	// A front end opening a target the kernel does not serve gets comm_close.
	other := wire.NewID()
	op := c.sendComm("comm_open", map[string]any{"comm_id": other, "target_name": "some.extension", "data": map[string]any{}}, nil)
	cl := c.waitIOPub("comm_close", 5*time.Second, func(m msg) bool { return m.parentID() == op && m.Header.MsgType == "comm_close" })
	if cl.str("comm_id") != other {
		t.Errorf("comm_close for %s", cl.str("comm_id"))
	}

	// Closing a widget closes its comm (and its layout's), and it is no
	// longer listed.
	e = c.run("b.Close()")
	closed := map[string]bool{}
	for _, m := range e.outputs {
		if m.Header.MsgType == "comm_close" {
			closed[m.str("comm_id")] = true
		}
	}
	bs2, _ := states[boxID].(map[string]any)["state"].(map[string]any)
	buttonID := strings.TrimPrefix(bs2["children"].([]any)[0].(string), "IPY_MODEL_")
	if !closed[buttonID] || len(closed) != 3 { // the button, its layout and its style
		t.Errorf("comm_close for %v, want the button %s, its layout and style", closed, buttonID)
	}
	comms = info("jupyter.widget")
	if _, ok := comms[buttonID]; ok || len(comms) != len(opens)-3 {
		t.Errorf("after Close: %d comms listed, want %d", len(comms), len(opens)-3)
	}
	// A click on a closed widget does nothing and breaks nothing.
	ck := c.sendComm("comm_msg", map[string]any{"comm_id": buttonID, "data": map[string]any{"method": "custom",
		"content": map[string]any{"event": "click"}}}, nil)
	c.outputs(ck, 5*time.Second)
	c.run("1")
}

func TestWidgetCallbacksAreSerialisedAndInterruptible(t *testing.T) {
	c := startKernel(t)
	e := c.run(`import "widgets"
import "fmt"
import "time"
clicks := 0
b := widgets.NewButton("spin")
b.OnClick(func() {
	clicks++
	fmt.Println("click", clicks)
	if clicks == 2 {
		for {
		}
	}
})
b`)
	id, _ := shownWidget(t, e)
	click := func() string {
		return c.sendComm("comm_msg", map[string]any{"comm_id": id, "data": map[string]any{"method": "custom",
			"content": map[string]any{"event": "click"}}}, nil)
	}
	// A click during a running cell runs after the cell, not during it.
	cell := c.executeAsync("import \"time\"\ntime.Sleep(400 * time.Millisecond)\nfmt.Println(\"cell done, clicks:\", clicks)", execOpts{})
	c.waitIOPub("the cell's start", 5*time.Second, func(m msg) bool { return m.parentID() == cell && m.Header.MsgType == "execute_input" })
	k1 := click()
	out := c.outputs(k1, 10*time.Second)
	c.reply(&c.shells, cell, 5*time.Second)
	if got := (execution{outputs: c.outputs(cell, 5*time.Second)}).stream("stdout"); got != "cell done, clicks: 0\n" {
		t.Errorf("the cell saw %q: the click's callback ran during the cell", got)
	}
	if got := (execution{outputs: out}).stream("stdout"); got != "click 1\n" {
		t.Errorf("first click printed %q", got)
	}
	// The second click loops forever; the kernel stays interruptible.
	k2 := click()
	c.waitIOPub("the second click's output", 5*time.Second, func(m msg) bool {
		return m.parentID() == k2 && m.Header.MsgType == "stream"
	})
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	ir := c.send(c.control, "interrupt_request", map[string]any{})
	c.reply(&c.ctrls, ir, 2*time.Second)
	errMsg := c.waitIOPub("the interrupted callback's error", 5*time.Second, func(m msg) bool {
		return m.parentID() == k2 && m.Header.MsgType == "error"
	})
	if errMsg.str("ename") != "KeyboardInterrupt" {
		t.Errorf("error %v", errMsg.content)
	}
	c.outputs(k2, 5*time.Second)
	t.Logf("callback interrupted in %v", time.Since(start).Round(time.Millisecond))
	// The kernel runs cells, and the callback (a top-level function literal)
	// runs again.
	if r, _ := c.run("clicks").result(); r != "2" {
		t.Errorf("clicks = %s", r)
	}
	k3 := click()
	if got := (execution{outputs: c.outputs(k3, 10*time.Second)}).stream("stdout"); got != "click 3\n" {
		t.Errorf("after the interrupt a click printed %q", got)
	}
}

func TestWidgetInteractDebouncesAndCancelsStaleRuns(t *testing.T) {
	c := startKernel(t)
	e := c.run(`import "widgets"
import "fmt"
import "context"
import "time"
started, finished := 0, 0
n := widgets.NewIntSlider("n", 0, 0, 100, 1)
panel := widgets.Interact(func(ctx context.Context) error {
	started++
	select {
	case <-time.After(time.Second):
	case <-ctx.Done():
		return ctx.Err()
	}
	finished++
	fmt.Println("n =", n.Value())
	return nil
}, n)
panel`)
	shownWidget(t, e)
	var outID, sliderID string
	for id, o := range widgetOpens(e.outputs) {
		switch commData(o)["state"].(map[string]any)["_model_name"] {
		case "OutputModel":
			outID = id
		case "IntSliderModel":
			sliderID = id
		}
	}
	// The first run happened in the cell, into the output area.
	if r, _ := c.run("fmt.Sprint(started, finished)").result(); strings.Trim(r, `"`) != "1 1" {
		t.Fatalf("after the cell: started, finished = %s", r)
	}
	outputsOf := func(m msg) string {
		st, _ := commData(m)["state"].(map[string]any)
		return fmt.Sprint(st["outputs"])
	}
	// Five quick changes: debounced into runs of which all but the last are
	// cancelled or never started; the output ends showing n = 5.
	for v := 1; v <= 5; v++ {
		c.outputs(c.update(sliderID, map[string]any{"value": float64(v)}, nil), 5*time.Second)
		time.Sleep(40 * time.Millisecond)
	}
	c.waitIOPub("the output of the last run", 10*time.Second, func(m msg) bool {
		return m.Header.MsgType == "comm_msg" && m.str("comm_id") == outID && strings.Contains(outputsOf(m), "n = 5")
	})
	r, _ := c.run("fmt.Sprint(started, finished)").result()
	var started, finished int
	fmt.Sscanf(strings.Trim(r, `"`), "%d %d", &started, &finished)
	if finished != 2 {
		t.Errorf("started %d, finished %d runs for the cell and 5 quick changes; want 2 finished (the cell's and the last change's)", started, finished)
	}
	t.Logf("5 quick changes: %d runs started, 1 finished", started-1)
	// A change during a run cancels it.
	up := c.update(sliderID, map[string]any{"value": 6.0}, nil)
	c.outputs(up, 5*time.Second)
	time.Sleep(400 * time.Millisecond) // the debounce is over and the 1 s run under way
	c.outputs(c.update(sliderID, map[string]any{"value": 7.0}, nil), 5*time.Second)
	c.waitIOPub("the output of n = 7", 10*time.Second, func(m msg) bool {
		return m.Header.MsgType == "comm_msg" && m.str("comm_id") == outID && strings.Contains(outputsOf(m), "n = 7")
	})
	time.Sleep(100 * time.Millisecond)
	r, _ = c.run("fmt.Sprint(started, finished)").result()
	fmt.Sscanf(strings.Trim(r, `"`), "%d %d", &started, &finished)
	if finished != 3 {
		t.Errorf("finished %d runs, want 3: the run for 6 was not cancelled by the change to 7", finished)
	}
}
