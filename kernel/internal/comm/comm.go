// Package comm is the kernel side of Jupyter comms and of the Jupyter widget
// messaging protocol, version 2 (protocol 2.1.0 as ipywidgets 8 and
// jupyterlab_widgets speak it: @jupyter-widgets/base 2.0.0,
// @jupyter-widgets/controls 2.0.0, @jupyter-widgets/output 1.0.0). The public
// package kernel/widgets builds the widgets on it; the dispatcher feeds it the
// comm messages of the front ends and carries its messages to them.
//
// # The protocol
//
// Every widget model is one comm on the target "jupyter.widget", opened by
// the kernel: comm_open carries {"state": ..., "buffer_paths": [...]} with
// the model's full state (its _model_name, _model_module,
// _model_module_version and _view_* keys name the JavaScript classes) and the
// metadata {"version": "2.1.0"}. Over the comm, data.method says what a
// comm_msg is:
//
//   - "update" (both ways): {"state": changed keys, "buffer_paths": [...]}.
//     A front end's update is applied to the model and answered with an
//     "echo_update" of the accepted keys (as set, after validation) whose
//     parent header is the update, so that every front end learns the value
//     and the sender can match the echo to its own message;
//   - "request_state" (from a front end): answered with an "update" carrying
//     the full state, the update's parent header being the request;
//   - "custom" (both ways): {"content": ...}; a button's click is the custom
//     content {"event": "click"}.
//
// Binary values ([]byte anywhere in a state) travel as buffer frames; see
// buffers.go. A model references another (a box its children, a control its
// layout and style) as the string "IPY_MODEL_" + id.
//
// A reloaded page gets the live widgets back through the target
// "jupyter.widget.control": the front end opens a comm on it, sends
// {"method": "request_states"} and gets {"method": "update_states", "states":
// {id: {"model_name", "model_module", "model_module_version", "state"}},
// "buffer_paths": [[id, "state", ...path]]} with every live model; then it
// attaches to their comms without opening them again. comm_info_request lists
// the open comms, with their targets, for front ends that fall back to
// request_state per model.
//
// # Callbacks and the interpreter
//
// Model state lives in compiled Go (the widget types) and is guarded by
// their own locks, so a front end's update is applied on the shell goroutine
// the moment it arrives, between cells or while one runs: a cell that polls a
// slider's value in a loop sees it move. Callbacks are different: they are
// functions defined in cells, so running one runs interpreted code, and
// yaegi's interpreter must not compile a cell while other code of it runs
// (evaluating a cell grows the global frame that running code reads). So the
// work a callback does is a [Job], and jobs never run on the goroutine that
// received the message: the dispatcher queues them on the executor that runs
// cells, one at a time, in the order of the requests, inside the interpreter
// (an interrupt stops them like a cell, and compiled code sees a cancelled
// ctx). Jobs a message triggers hold back its idle status until they have
// run, as ipykernel's handlers do, so a front end sends the next update of
// that widget only then; asynchronous jobs ([Go]: an Interact re-run after
// its debounce) do not, so newer changes keep arriving and can cancel a run
// they have made stale.
package comm

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"sync"

	"github.com/gonlm/gonlm/kernel/display"
)

// Targets and versions of the widget protocol.
const (
	// TargetWidget is the target of every widget model's comm.
	TargetWidget = "jupyter.widget"
	// TargetControl is the target a front end opens to fetch every model's
	// state at once (request_states → update_states).
	TargetControl = "jupyter.widget.control"
	// ProtocolVersion is the widget messaging protocol, sent in the metadata
	// of each widget's comm_open (front ends check its major version).
	ProtocolVersion = "2.1.0"
	// ViewMIME is the MIME type of a widget's display_data: {"model_id": id,
	// "version_major": 2, "version_minor": 1}.
	ViewMIME = "application/vnd.jupyter.widget-view+json"
	// ModelPrefix prefixes a model id when one model refers to another.
	ModelPrefix = "IPY_MODEL_"
)

// Model is the kernel side of one widget model.
type Model interface {
	// State returns the full state: JSON-encodable values, with []byte for
	// binary values at any depth.
	State() map[string]any
	// Update applies a state update from a front end (binary values already
	// put back as []byte). It returns the keys it accepted, as set (after
	// validation), to echo to every front end, and the jobs the change
	// triggers (callbacks).
	Update(state map[string]any) (echo map[string]any, jobs []Job, err error)
	// Custom handles a custom message from a front end (a button's click).
	Custom(content map[string]any, buffers [][]byte) ([]Job, error)
}

// Job is work that runs cell code, triggered by a front end's message or
// scheduled with [Go]: it runs on the kernel's executor, never at the same
// time as a cell or another job (see the package doc).
type Job struct {
	// Name says what the job is, for logs and error messages
	// ("OnChange of FloatSlider T").
	Name string
	// Run does the work; ctx is cancelled by an interrupt. An error is shown
	// where the job's output goes.
	Run func(ctx context.Context) error
	// Out receives the job's output (prints, display calls, its error); nil
	// sends it to the front end that triggered the job, as output of its
	// message (JupyterLab shows it in the log console).
	Out Sink
}

// Sink receives output that is captured instead of going to a cell (an
// Output widget's).
type Sink interface {
	// Stream receives text printed to "stdout" or "stderr".
	Stream(name, text string)
	// Publish and Clear receive display calls, as a cell's front end would.
	display.Publisher
	// Error receives the error of a job or a captured function.
	Error(ename, evalue string, traceback []string)
}

// Kind is the kind of a comm message.
type Kind int

// Kinds of comm messages: comm_open, comm_msg, comm_close.
const (
	Open Kind = iota
	Msg
	Close
)

// Outgoing is a comm message the kernel sends to the front ends.
type Outgoing struct {
	Kind     Kind
	CommID   string
	Target   string         // Open only
	Data     map[string]any // the content's data
	Metadata map[string]any // the message's metadata (Open: the protocol version)
	Buffers  [][]byte
	// Parent is the Incoming.Parent of the front-end message this one
	// answers (an echo, a requested state); nil means the kernel's current
	// request.
	Parent any
}

// Incoming is a comm_msg from a front end.
type Incoming struct {
	CommID  string
	Data    json.RawMessage // the content's data
	Buffers [][]byte
	// Parent identifies the message for the answers (Outgoing.Parent); the
	// hub does not look into it.
	Parent any
}

// Transport carries the kernel's comm messages to the front ends (the
// dispatcher publishes them on IOPub).
type Transport interface {
	Send(m Outgoing) error
}

// Runner runs asynchronous jobs ([Go]); the kernel's queues them on its
// executor.
type Runner interface {
	Go(job Job)
}

// Host is what the cell session gives widgets.
type Host interface {
	// Redirect sends the output of the running cell or job to s until
	// restore is called (Output.Capture).
	Redirect(s Sink) (restore func())
	// Context is the context cells see as ctx (an interrupt cancels it).
	Context() context.Context
}

// ErrClosed is returned for a comm that is closed (or was never open).
var ErrClosed = errors.New("comm: closed")

// Hub is the registry of open comms: every live widget model and the
// control comms front ends open. Its methods are safe for concurrent use.
type Hub struct {
	mu     sync.Mutex
	t      Transport
	runner Runner
	host   Host
	log    *slog.Logger
	comms  map[string]*entry
}

type entry struct {
	target string
	model  Model      // nil for a control comm
	mu     sync.Mutex // orders this comm's changes and the messages that report them
	closed bool
}

// Default is the process's hub: the widgets package registers its models
// here, the kernel attaches its transport and runner, the session its host.
var Default = NewHub()

// NewHub returns an empty hub without a transport (headless).
func NewHub() *Hub {
	return &Hub{comms: map[string]*entry{}, log: slog.New(slog.DiscardHandler)}
}

// Attach connects the hub to the front ends: t carries its messages, r runs
// asynchronous jobs; log receives protocol errors. Attaching nil detaches.
func (h *Hub) Attach(t Transport, r Runner, log *slog.Logger) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.t, h.runner = t, r
	if log != nil {
		h.log = log
	}
}

// SetHost installs the cell session's hooks.
func (h *Hub) SetHost(host Host) {
	h.mu.Lock()
	h.host = host
	h.mu.Unlock()
}

// Live reports whether front ends are attached: widgets are then shown as
// widget views; without (the scripting mode) they render their values.
func (h *Hub) Live() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.t != nil
}

func (h *Hub) transport() Transport {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.t
}

// Context returns the context of the running cell (Background without a
// session).
func (h *Hub) Context() context.Context {
	h.mu.Lock()
	host := h.host
	h.mu.Unlock()
	if host == nil {
		return context.Background()
	}
	return host.Context()
}

// Redirect sends the output of the running code to s until restore is
// called; without a session it does nothing.
func (h *Hub) Redirect(s Sink) (restore func()) {
	h.mu.Lock()
	host := h.host
	h.mu.Unlock()
	if host == nil {
		return func() {}
	}
	return host.Redirect(s)
}

// Go runs job asynchronously on the kernel's executor; without a runner (the
// scripting mode) it runs the job now, on the caller's goroutine, and an
// error without an Out goes to standard error.
func (h *Hub) Go(job Job) {
	h.mu.Lock()
	r := h.runner
	h.mu.Unlock()
	if r != nil {
		r.Go(job)
		return
	}
	if err := h.RunHere(h.Context(), job); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", job.Name, err)
	}
}

// RunHere runs job on the calling goroutine with ctx and its output
// redirected to job.Out, where its error is reported too; without an Out the
// error is returned.
func (h *Hub) RunHere(ctx context.Context, job Job) error {
	if job.Out == nil {
		return job.Run(ctx)
	}
	restore := h.Redirect(job.Out)
	err := job.Run(ctx)
	restore()
	if err != nil {
		job.Out.Error(ErrorName(err), err.Error(), nil)
	}
	return nil
}

// ErrorName is the ename shown for an error a job returned.
func ErrorName(err error) string {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return "Interrupted"
	}
	return "Error"
}

// NewID returns a fresh model id (32 hex digits, as ipywidgets makes them).
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Open registers model under id and, with front ends attached, opens its
// comm with the full state.
func (h *Hub) Open(id string, m Model) error {
	e := &entry{target: TargetWidget, model: m}
	h.mu.Lock()
	if _, dup := h.comms[id]; dup {
		h.mu.Unlock()
		return fmt.Errorf("comm: id %s is already open", id)
	}
	h.comms[id] = e
	t := h.t
	h.mu.Unlock()
	if t == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	state, paths, bufs := splitBuffers(m.State())
	return t.Send(Outgoing{Kind: Open, CommID: id, Target: TargetWidget,
		Data:     map[string]any{"state": state, "buffer_paths": paths},
		Metadata: map[string]any{"version": ProtocolVersion}, Buffers: bufs})
}

// Change runs change, which modifies the model's state and returns the keys
// it changed with their new values, and sends them to the front ends as an
// update. Changes of one comm, and the front ends' updates of it, are
// applied and reported one at a time, so the front ends see them in the
// order the model did. A nil or empty delta sends nothing.
func (h *Hub) Change(id string, change func() map[string]any) error {
	e := h.lookup(id)
	if e == nil {
		return ErrClosed
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	delta := change()
	if len(delta) == 0 {
		return nil
	}
	return h.sendState(id, "update", delta, nil)
}

// Send sends a custom message to the front ends' side of the model.
func (h *Hub) Send(id string, content map[string]any, buffers [][]byte) error {
	e := h.lookup(id)
	if e == nil {
		return ErrClosed
	}
	t := h.transport()
	if t == nil {
		return nil
	}
	return t.Send(Outgoing{Kind: Msg, CommID: id,
		Data: map[string]any{"method": "custom", "content": content}, Buffers: buffers})
}

// Close closes the comm: the front ends destroy the model and remove its
// views. Closing a closed comm does nothing.
func (h *Hub) Close(id string) error {
	h.mu.Lock()
	e, ok := h.comms[id]
	delete(h.comms, id)
	t := h.t
	h.mu.Unlock()
	if !ok {
		return nil
	}
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	if t == nil {
		return nil
	}
	return t.Send(Outgoing{Kind: Close, CommID: id, Data: map[string]any{}})
}

// IsOpen reports whether id is an open comm.
func (h *Hub) IsOpen(id string) bool { return h.lookup(id) != nil }

// Model returns the model registered under id.
func (h *Hub) Model(id string) (Model, bool) {
	e := h.lookup(id)
	if e == nil || e.model == nil {
		return nil, false
	}
	return e.model, true
}

func (h *Hub) lookup(id string) *entry {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.comms[id]
}

// sendState sends {"method": method, "state": state, "buffer_paths"} on
// comm id, answering parent (nil: the current request).
func (h *Hub) sendState(id, method string, state map[string]any, parent any) error {
	t := h.transport()
	if t == nil {
		return nil
	}
	s, paths, bufs := splitBuffers(state)
	return t.Send(Outgoing{Kind: Msg, CommID: id, Parent: parent,
		Data: map[string]any{"method": method, "state": s, "buffer_paths": paths}, Buffers: bufs})
}

// Info lists the open comms of target (all of them for "") with their
// targets, for comm_info_reply.
func (h *Hub) Info(target string) map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]string, len(h.comms))
	for id, e := range h.comms {
		if target == "" || e.target == target {
			out[id] = e.target
		}
	}
	return out
}

// ErrUnknownTarget is returned by HandleOpen for a target the kernel does not
// serve; the dispatcher then closes the comm.
var ErrUnknownTarget = errors.New("comm: no such target")

// HandleOpen handles a comm_open from a front end. The kernel serves the
// control target; widgets are created by the kernel only (a front end that
// opens "jupyter.widget" itself gets ErrUnknownTarget and a comm_close).
func (h *Hub) HandleOpen(commID, target string) error {
	if commID == "" {
		return errors.New("comm_open without a comm_id")
	}
	if target != TargetControl {
		return fmt.Errorf("%w %q (this kernel opens widgets itself and serves %q)", ErrUnknownTarget, target, TargetControl)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, dup := h.comms[commID]; dup {
		return fmt.Errorf("comm_open: comm %s is already open", commID)
	}
	h.comms[commID] = &entry{target: TargetControl}
	return nil
}

// HandleClose handles a comm_close from a front end: a control comm is
// forgotten, a widget closed (as ipywidgets does when a front end closes a
// model).
func (h *Hub) HandleClose(commID string) {
	h.mu.Lock()
	e, ok := h.comms[commID]
	delete(h.comms, commID)
	h.mu.Unlock()
	if ok {
		e.mu.Lock()
		e.closed = true
		e.mu.Unlock()
	}
}

// HandleMsg handles a comm_msg from a front end and returns the jobs it
// triggers (for the dispatcher's executor).
func (h *Hub) HandleMsg(c Incoming) ([]Job, error) {
	e := h.lookup(c.CommID)
	if e == nil {
		return nil, fmt.Errorf("comm_msg for comm %q, which is not open: %w", c.CommID, ErrClosed)
	}
	var data map[string]any
	if err := decodeData(c.Data, &data); err != nil {
		return nil, fmt.Errorf("comm_msg data: %w", err)
	}
	method, _ := data["method"].(string)
	if e.model == nil { // a control comm
		if method != "request_states" {
			return nil, fmt.Errorf("control comm: unknown method %q (want request_states)", method)
		}
		return nil, h.updateStates(c.CommID, c.Parent)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, ErrClosed
	}
	switch method {
	case "update":
		state, _ := data["state"].(map[string]any)
		if state == nil {
			return nil, errors.New("update without a state")
		}
		paths, _ := data["buffer_paths"].([]any)
		if err := putBuffers(state, paths, c.Buffers); err != nil {
			return nil, err
		}
		echo, jobs, err := e.model.Update(state)
		if len(echo) > 0 {
			if serr := h.sendState(c.CommID, "echo_update", echo, c.Parent); serr != nil {
				h.log.Debug("echo_update", "err", serr)
			}
		}
		return jobs, err
	case "request_state":
		return nil, h.sendState(c.CommID, "update", e.model.State(), c.Parent)
	case "custom":
		content, _ := data["content"].(map[string]any)
		return e.model.Custom(content, c.Buffers)
	}
	return nil, fmt.Errorf("widget comm: unknown method %q", method)
}

// updateStates answers request_states on control comm id with the state of
// every live model.
func (h *Hub) updateStates(id string, parent any) error {
	h.mu.Lock()
	type live struct {
		id string
		e  *entry
	}
	var models []live
	for mid, e := range h.comms {
		if e.model != nil {
			models = append(models, live{mid, e})
		}
	}
	t := h.t
	h.mu.Unlock()
	if t == nil {
		return nil
	}
	sort.Slice(models, func(i, j int) bool { return models[i].id < models[j].id })
	states := make(map[string]any, len(models))
	for _, m := range models {
		m.e.mu.Lock()
		if !m.e.closed {
			st := m.e.model.State()
			name, _ := st["_model_name"].(string)
			module, _ := st["_model_module"].(string)
			version, _ := st["_model_module_version"].(string)
			states[m.id] = map[string]any{"model_name": name, "model_module": module,
				"model_module_version": version, "state": st}
		}
		m.e.mu.Unlock()
	}
	s, paths, bufs := splitBuffers(states)
	return t.Send(Outgoing{Kind: Msg, CommID: id, Parent: parent,
		Data: map[string]any{"method": "update_states", "states": s, "buffer_paths": paths}, Buffers: bufs})
}
