package dispatch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/internal/comm"
	"github.com/gonlm/gonlm/kernel/internal/session"
	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// Comms and widget callbacks.
//
// The shell goroutine handles a front end's comm messages as they arrive,
// whether or not a cell runs (package comm applies widget state at once);
// the jobs a message triggers (callbacks, which run cell code) go into the
// executor's queue, behind the execute requests already there, and run one
// at a time between cells (see package comm). Each comm_msg gets busy and
// idle statuses with it as parent, even while a cell runs, because the
// widget front end sends a model's next update only after the idle of its
// last one; the idle waits for the jobs the message triggered. Jobs
// scheduled by the kernel itself (comm.Go: an Interact's debounced re-run)
// have no such message: their busy and idle have an empty parent, which
// moves the kernel's status without touching any request's.
//
// Status messages of a comm_msg that arrives while the executor works would
// make front ends show the kernel idle; so after that idle the executor's
// busy is published again, with its request as parent. statusMu orders this
// against the executor's own idle at the end of its request.

// queueJobs queues the jobs that message trigger (nil for comm.Go) caused.
// It never blocks: with the queue full the jobs are dropped and logged.
func (k *Kernel) queueJobs(jobs []comm.Job, trigger *wire.Message) bool {
	select {
	case k.queue <- queued{jobs: jobs, trigger: trigger}:
		return true
	default:
		k.log.Warn("execute queue full; dropping widget callbacks", "jobs", len(jobs))
		return false
	}
}

// commPort is the kernel as package comm sees it: the transport of its
// messages and the runner of its asynchronous jobs.
type commPort struct{ k *Kernel }

// Go implements comm.Runner: an asynchronous job.
func (p commPort) Go(job comm.Job) { p.k.queueJobs([]comm.Job{job}, nil) }

// Send implements comm.Transport: the message goes out on IOPub, answering
// o.Parent or, without one, the request the executor works on.
func (p commPort) Send(o comm.Outgoing) error {
	k := p.k
	data, err := json.Marshal(o.Data)
	if err != nil {
		return fmt.Errorf("encoding comm data: %w", err)
	}
	var content any
	var msgType string
	switch o.Kind {
	case comm.Open:
		msgType, content = wire.MsgCommOpen, wire.CommOpen{CommID: o.CommID, TargetName: o.Target, Data: data}
	case comm.Msg:
		msgType, content = wire.MsgCommMsg, wire.CommMsg{CommID: o.CommID, Data: data}
	case comm.Close:
		msgType, content = wire.MsgCommClose, wire.CommClose{CommID: o.CommID, Data: data}
	default:
		return fmt.Errorf("comm: cannot send a message of kind %d", o.Kind)
	}
	parent, _ := o.Parent.(*wire.Message)
	if parent == nil {
		parent = k.current.Load()
	}
	m, err := wire.NewMessage(k.session, msgType, parent, content)
	if err != nil {
		return err
	}
	if o.Metadata != nil {
		if m.Metadata, err = json.Marshal(o.Metadata); err != nil {
			return err
		}
	}
	m.Buffers = o.Buffers
	return k.sock.IOPub.Publish(m)
}

// handleComm handles comm_open, comm_msg, comm_close and comm_info_request
// from a front end (on the shell goroutine).
func (k *Kernel) handleComm(r channel, m *wire.Message) {
	hub := comm.Default
	switch m.Header.MsgType {
	case wire.MsgCommInfoRequest:
		k.withStatus(m, func() {
			var c wire.CommInfoRequest
			_ = m.DecodeContent(&c)
			comms := map[string]wire.CommInfo{}
			for id, target := range hub.Info(c.TargetName) {
				comms[id] = wire.CommInfo{TargetName: target}
			}
			k.reply(r, m, wire.MsgCommInfoReply, wire.CommInfoReply{Status: wire.StatusOK, Comms: comms})
		})
	case wire.MsgCommOpen:
		k.withStatus(m, func() {
			var c wire.CommOpen
			err := m.DecodeContent(&c)
			if err == nil {
				err = hub.HandleOpen(c.CommID, c.TargetName)
			}
			if err != nil {
				// Not a target of this kernel: tell the front end the comm is closed.
				k.log.Debug("comm_open refused", "err", err)
				k.publish(wire.MsgCommClose, m, wire.CommClose{CommID: c.CommID, Data: wire.EmptyData})
			}
		})
	case wire.MsgCommClose:
		k.withStatus(m, func() {
			var c wire.CommClose
			if err := m.DecodeContent(&c); err != nil {
				k.log.Debug("comm_close", "err", err)
				return
			}
			hub.HandleClose(c.CommID)
		})
	case wire.MsgCommMsg:
		k.commStatus(m, wire.StateBusy)
		var c wire.CommMsg
		err := m.DecodeContent(&c)
		var jobs []comm.Job
		if err == nil {
			jobs, err = hub.HandleMsg(comm.Incoming{CommID: c.CommID, Data: c.Data, Buffers: m.Buffers, Parent: m})
		}
		if err != nil {
			if errors.Is(err, comm.ErrClosed) {
				k.log.Debug("comm_msg", "err", err)
			} else {
				k.log.Warn("comm_msg", "err", err)
			}
		}
		if len(jobs) == 0 || !k.queueJobs(jobs, m) {
			k.commStatus(m, wire.StateIdle)
		}
	}
}

// commStatus publishes a status of a comm_msg; after an idle, a busy
// executor's busy is published again (see the comment at the top).
func (k *Kernel) commStatus(m *wire.Message, state string) {
	k.statusMu.Lock()
	defer k.statusMu.Unlock()
	k.status(m, state)
	if state == wire.StateIdle && k.executing.Load() {
		k.status(k.current.Load(), wire.StateBusy)
	}
}

// begin marks the executor busy with request parent (nil: an asynchronous
// job) and publishes its busy status.
func (k *Kernel) begin(parent *wire.Message) {
	k.statusMu.Lock()
	defer k.statusMu.Unlock()
	k.current.Store(parent)
	k.executing.Store(true)
	k.status(parent, wire.StateBusy)
}

// end marks the executor idle after request parent and publishes the idle.
func (k *Kernel) end(parent *wire.Message) {
	k.statusMu.Lock()
	defer k.statusMu.Unlock()
	k.executing.Store(false)
	k.status(parent, wire.StateIdle)
}

// runJobs runs the jobs of one queue entry on the executor.
func (k *Kernel) runJobs(q queued) {
	if q.trigger == nil {
		k.begin(nil)
	} else {
		// The trigger's busy went out when it arrived; its idle goes out now.
		k.statusMu.Lock()
		k.current.Store(q.trigger)
		k.executing.Store(true)
		k.statusMu.Unlock()
	}
	for _, job := range q.jobs {
		fe := &jobFrontend{frontend: frontend{k: k, parent: q.trigger}, out: job.Out}
		start := time.Now()
		e := k.sess.RunJob(job.Name, fe, job.Run)
		k.log.Debug("widget callback", "job", job.Name, "took", time.Since(start))
		if e != nil {
			k.log.Debug("widget callback failed", "job", job.Name, "err", e.Evalue)
			fe.Error(e)
		}
	}
	k.end(q.trigger)
}

// jobFrontend receives a job's output: into its Out (an Output widget) when
// it has one, else as output of the message that triggered it.
type jobFrontend struct {
	frontend
	out comm.Sink
}

// Stream implements session.Frontend.
func (f *jobFrontend) Stream(name, text string) {
	if f.out != nil {
		f.out.Stream(name, text)
		return
	}
	f.frontend.Stream(name, text)
}

// Publish implements display.Publisher.
func (f *jobFrontend) Publish(b display.Bundle, id string, update bool) error {
	if f.out != nil {
		return f.out.Publish(b, id, update)
	}
	return f.frontend.Publish(b, id, update)
}

// Clear implements display.Publisher.
func (f *jobFrontend) Clear(wait bool) error {
	if f.out != nil {
		return f.out.Clear(wait)
	}
	return f.frontend.Clear(wait)
}

// Input implements session.Frontend: callbacks cannot ask for input (no
// front end waits for an input_request outside a cell).
func (f *jobFrontend) Input(ctx context.Context, prompt string, password bool) (string, error) {
	return "", errors.New("input: a widget callback cannot read standard input (use a Text widget)")
}

// Error reports a failed job.
func (f *jobFrontend) Error(e *session.Error) {
	if f.out != nil {
		f.out.Error(e.Ename, e.Evalue, e.Traceback)
		return
	}
	f.k.publish(wire.MsgError, f.parent, wire.ErrorContent{Ename: e.Ename, Evalue: e.Evalue, Traceback: e.Traceback})
}
