// Package dispatch is the gonlm Jupyter kernel's dispatcher: it connects the wire protocol
// (package wire) to the cell session (package session). Shell and control
// messages are handled on goroutines of their own, execute requests on one
// executor goroutine, so an interrupt or kernel_info on control is answered
// while a cell runs.
package dispatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gonlm/gonlm/kernel/internal/comm"
	"github.com/gonlm/gonlm/kernel/internal/session"
	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// Version is the kernel's version, reported in kernel_info_reply.
const Version = "0.1.0"

// execQueue is the capacity of the queue of execute requests waiting to run.
const execQueue = 1024

// Kernel is a running kernel.
type Kernel struct {
	sess    *session.Session
	sock    *wire.Sockets
	log     *slog.Logger
	session string // wire session id of this process

	// Where messages go: sock's channels, or recorders in tests.
	shell, stdin channel
	iopub        publisher

	queue     chan queued
	executing atomic.Bool                  // a cell or a widget callback runs
	current   atomic.Pointer[wire.Message] // the request the executor works on (nil: an asynchronous job)
	statusMu  sync.Mutex                   // orders the executor's statuses against comm_msg's (comm.go)
	errorAt   atomic.Int64                 // UnixNano of the last failed execute with stop_on_error
	inputMu   sync.Mutex
	inputWait chan *wire.Message // the pending input request's reply, if any
	inputID   string

	done     chan struct{}
	doneOnce sync.Once
	restart  bool
}

// queued is an execute request, or widget callbacks (jobs) with the message
// that triggered them (comm.go).
type queued struct {
	msg  *wire.Message
	recv int64 // UnixNano when the shell goroutine received it

	jobs    []comm.Job
	trigger *wire.Message
}

// LogLevel returns the log level selected by the GONLM_LOG environment variable
// ("debug", "info", "warn" or "error"; default info).
func LogLevel() slog.Level {
	switch strings.ToLower(os.Getenv("GONLM_LOG")) {
	case "debug", "1", "true":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// Run starts the kernel described by the connection file and serves until a
// shutdown request or SIGTERM.
func Run(ctx context.Context, connectionFile string) error {
	info, err := wire.ReadConnectionFile(connectionFile)
	if err != nil {
		return err
	}
	// Bind before the session captures file descriptor 2, so that an error
	// (a port in use, an address not of this machine) reaches the user.
	out := &logWriter{}
	out.f.Store(os.Stderr)
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: LogLevel()}))
	if info.Key == "" {
		log.Warn("the connection file has no key: messages are not signed, so any process that can reach the ports can run code")
	}
	sock, err := wire.Listen(ctx, info, wire.NewSigner(info.Key), log)
	if err != nil {
		return err
	}
	sess, err := session.New(session.Options{Capture: true, Log: log})
	if err != nil {
		sock.Close()
		return err
	}
	out.f.Store(sess.OriginalStderr())
	k := &Kernel{sess: sess, sock: sock, shell: sock.Shell, stdin: sock.Stdin, iopub: sock.IOPub, log: log,
		session: wire.NewID(), queue: make(chan queued, execQueue), done: make(chan struct{})}
	log.Debug("kernel listening", "shell", info.Endpoint(info.ShellPort))
	comm.Default.Attach(commPort{k}, commPort{k}, log)
	defer comm.Default.Attach(nil, nil, nil)
	k.status(nil, wire.StateStarting)

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	go k.serve(sock.Shell, k.handleShell)
	go k.serve(sock.Control, k.handleControl)
	go k.serveStdin()
	go k.executor()
	for {
		select {
		case sig := <-sigs:
			if sig == os.Interrupt {
				log.Info("SIGINT: interrupting")
				k.sess.Interrupt()
				continue
			}
			log.Info("signal: shutting down", "signal", sig)
			k.stop(false)
		case <-ctx.Done():
			k.stop(false)
		case <-k.done:
		}
		break
	}
	k.sess.Interrupt()
	sock.Close()
	return nil
}

// logWriter is where the kernel logs: the process's standard error until
// the session captures it (file descriptor 2 then carries cells' output),
// the session's copy of the original standard error after.
type logWriter struct{ f atomic.Pointer[os.File] }

func (w *logWriter) Write(p []byte) (int, error) { return w.f.Load().Write(p) }

// channel is a ROUTER channel as the dispatcher sees it (a *wire.Router).
type channel interface {
	Send(*wire.Message) error
}

// publisher is the IOPub channel as the dispatcher sees it (a
// *wire.Publisher).
type publisher interface {
	Publish(*wire.Message) error
}

func (k *Kernel) stop(restart bool) {
	k.doneOnce.Do(func() {
		k.restart = restart
		close(k.done)
	})
}

func (k *Kernel) serve(r *wire.Router, handle func(channel, *wire.Message)) {
	for m := range r.Messages() {
		handle(r, m)
	}
}

// publish sends an IOPub message with parent as parent header.
func (k *Kernel) publish(msgType string, parent *wire.Message, content any) {
	m, err := wire.NewMessage(k.session, msgType, parent, content)
	if err != nil {
		k.log.Error("encoding iopub message", "msg_type", msgType, "err", err)
		return
	}
	if err := k.iopub.Publish(m); err != nil {
		k.log.Debug("publish", "msg_type", msgType, "err", err)
	}
}

// reply sends a reply to req on channel r.
func (k *Kernel) reply(r channel, req *wire.Message, msgType string, content any) {
	m, err := wire.NewMessage(k.session, msgType, req, content)
	if err != nil {
		k.log.Error("encoding reply", "msg_type", msgType, "err", err)
		return
	}
	if err := r.Send(m); err != nil {
		k.log.Warn("sending reply", "msg_type", msgType, "err", err)
	}
}

func (k *Kernel) status(parent *wire.Message, state string) {
	k.publish(wire.MsgStatus, parent, wire.Status{ExecutionState: state})
}

// withStatus wraps a non-execute request in busy/idle, unless a cell is
// executing (status messages for side requests during a cell make front ends
// show the kernel idle while it is busy).
func (k *Kernel) withStatus(req *wire.Message, f func()) {
	if k.executing.Load() {
		f()
		return
	}
	k.status(req, wire.StateBusy)
	f()
	k.status(req, wire.StateIdle)
}

func (k *Kernel) handleShell(r channel, m *wire.Message) {
	switch m.Header.MsgType {
	case wire.MsgExecuteRequest:
		select {
		case k.queue <- queued{msg: m, recv: time.Now().UnixNano()}:
		default:
			k.log.Warn("execute queue full; rejecting request")
			k.reply(r, m, wire.MsgExecuteReply, wire.ExecuteFailed(k.sess.ExecutionCount(),
				wire.ErrorContent{Ename: "KernelBusy", Evalue: "too many queued execute requests"}))
		}
	case wire.MsgKernelInfoRequest:
		k.withStatus(m, func() { k.reply(r, m, wire.MsgKernelInfoReply, kernelInfo()) })
	case wire.MsgCompleteRequest:
		k.withStatus(m, func() { k.reply(r, m, wire.MsgCompleteReply, k.complete(m)) })
	case wire.MsgInspectRequest:
		k.withStatus(m, func() { k.reply(r, m, wire.MsgInspectReply, k.inspect(m)) })
	case wire.MsgIsCompleteRequest:
		k.withStatus(m, func() { k.reply(r, m, wire.MsgIsCompleteReply, k.isComplete(m)) })
	case wire.MsgHistoryRequest:
		k.withStatus(m, func() { k.reply(r, m, wire.MsgHistoryReply, k.history(m)) })
	case wire.MsgCommInfoRequest, wire.MsgCommOpen, wire.MsgCommMsg, wire.MsgCommClose:
		k.handleComm(r, m)
	case wire.MsgShutdownRequest:
		k.shutdown(r, m)
	case wire.MsgUsageRequest:
		k.log.Debug("ignored", "msg_type", m.Header.MsgType)
	default:
		k.log.Info("unknown shell message", "msg_type", m.Header.MsgType)
	}
}

func (k *Kernel) handleControl(r channel, m *wire.Message) {
	switch m.Header.MsgType {
	case wire.MsgKernelInfoRequest:
		k.withStatus(m, func() { k.reply(r, m, wire.MsgKernelInfoReply, kernelInfo()) })
	case wire.MsgInterruptRequest:
		k.sess.Interrupt()
		k.reply(r, m, wire.MsgInterruptReply, wire.Reply{Status: wire.StatusOK})
	case wire.MsgShutdownRequest:
		k.shutdown(r, m)
	case wire.MsgUsageRequest, wire.MsgDebugRequest:
		k.log.Debug("ignored", "msg_type", m.Header.MsgType)
	default:
		k.log.Info("unknown control message", "msg_type", m.Header.MsgType)
	}
}

func (k *Kernel) shutdown(r channel, m *wire.Message) {
	var c wire.ShutdownRequest
	_ = m.DecodeContent(&c)
	k.sess.Interrupt()
	content := wire.ShutdownReply{Status: wire.StatusOK, Restart: c.Restart}
	k.reply(r, m, wire.MsgShutdownReply, content)
	k.publish(wire.MsgShutdownReply, m, content)
	k.log.Debug("shutdown", "restart", c.Restart)
	k.stop(c.Restart)
}

func kernelInfo() wire.KernelInfoReply {
	return wire.KernelInfoReply{
		Status:                wire.StatusOK,
		ProtocolVersion:       wire.ProtocolVersion,
		Implementation:        "gonlm",
		ImplementationVersion: Version,
		LanguageInfo: wire.LanguageInfo{
			Name:              "go",
			Version:           strings.TrimPrefix(runtime.Version(), "go"),
			MIMEType:          "text/x-go",
			FileExtension:     ".go",
			PygmentsLexer:     "go",
			CodeMirrorMode:    "go",
			NBConvertExporter: "script",
		},
		Banner: fmt.Sprintf("gonlm %s: Go (interpreted by yaegi, %s) with the compiled nlm package", Version, runtime.Version()),
		HelpLinks: []wire.HelpLink{
			{Text: "Go documentation", URL: "https://go.dev/doc/"},
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "gonum", URL: "https://pkg.go.dev/gonum.org/v1/gonum"},
			{Text: "gonum/plot", URL: "https://pkg.go.dev/gonum.org/v1/plot"},
		},
		SupportedFeatures: []string{},
	}
}

// executor runs execute requests one at a time.
func (k *Kernel) executor() {
	for {
		var q queued
		select {
		case q = <-k.queue:
		case <-k.done:
			return
		}
		if q.msg == nil {
			k.runJobs(q)
			continue
		}
		k.execute(q)
	}
}

func (k *Kernel) execute(q queued) {
	m := q.msg
	shell := k.shell
	var req wire.ExecuteRequest
	if err := m.DecodeContent(&req); err != nil {
		k.withStatus(m, func() {
			k.reply(shell, m, wire.MsgExecuteReply, wire.ExecuteFailed(k.sess.ExecutionCount(),
				wire.ErrorContent{Ename: "BadRequest", Evalue: err.Error(), Traceback: []string{err.Error()}}))
		})
		return
	}
	if errAt := k.errorAt.Load(); q.recv <= errAt || (q.recv-errAt < int64(abortWindow) && sentBefore(m, errAt)) {
		// Queued behind a cell that failed with stop_on_error.
		k.status(m, wire.StateBusy)
		k.reply(shell, m, wire.MsgExecuteReply, wire.ExecuteAborted(k.sess.ExecutionCount()))
		k.status(m, wire.StateIdle)
		return
	}
	start := time.Now().UnixNano()
	k.begin(m)
	sreq := session.Request{Code: req.Code, Silent: req.Silent, StoreHistory: req.StoreHistory == nil || *req.StoreHistory,
		AllowStdin: req.AllowStdin == nil || *req.AllowStdin, UserExpressions: req.UserExpressions}
	fe := &frontend{k: k, parent: m, silent: req.Silent}
	res := k.sess.Execute(sreq, fe)
	var payload []wire.Payload
	if res.Page != nil {
		payload = append(payload, wire.Payload{Source: "page", Data: res.Page})
	}
	content := wire.ExecuteOK(res.ExecutionCount, res.UserExpressions, payload)
	if e := res.Err; e != nil {
		ec := wire.ErrorContent{Ename: e.Ename, Evalue: e.Evalue, Traceback: e.Traceback}
		content = wire.ExecuteFailed(res.ExecutionCount, ec)
		if !req.Silent {
			k.publish(wire.MsgError, m, *content.ErrorContent)
		}
	}
	if res.Err != nil && !req.Silent && (req.StopOnError == nil || *req.StopOnError) {
		// stop_on_error aborts the requests sent before the client could
		// have seen this error: those received, or dated by the client,
		// before the reply goes out. A short pause first lets requests of
		// the same batch that are still in flight arrive (a cell can fail
		// faster than a client sends its next request).
		time.Sleep(abortGrace)
		k.errorAt.Store(time.Now().UnixNano())
	}
	k.reply(shell, m, wire.MsgExecuteReply, content)
	k.end(m)
	if k.log.Enabled(context.Background(), slog.LevelDebug) {
		k.log.Debug("executed", "queued", time.Duration(start-q.recv), "took", time.Since(time.Unix(0, start)))
	}
}

// abortGrace is how long a failed cell's reply waits for requests of the same
// batch still in flight (ipykernel's stop_on_error_timeout, which there is
// covered by its slowness).
const abortGrace = 5 * time.Millisecond

// abortWindow bounds how long after a failure a request dated (by the client's
// clock) before it is still aborted: a client whose clock lags the kernel's
// must not have requests sent after it saw the error aborted.
const abortWindow = 500 * time.Millisecond

// sentBefore reports whether the request's header date (set by the client
// when it sent it) is before t (UnixNano). A request the client sent before it
// could have seen a failed cell's reply belongs to the batch that stop_on_error
// aborts, even if it reached the kernel after the failure.
func sentBefore(m *wire.Message, t int64) bool {
	if t == 0 || m.Header.Date == "" {
		return false
	}
	d, err := time.Parse(time.RFC3339Nano, m.Header.Date)
	if err != nil {
		// Dates without a zone are UTC (jupyter_client before 7 sent them).
		if d, err = time.Parse("2006-01-02T15:04:05.999999999", m.Header.Date); err != nil {
			return false
		}
	}
	return d.UnixNano() <= t
}

// serveStdin delivers input_reply messages to the waiting Input call.
func (k *Kernel) serveStdin() {
	for m := range k.sock.Stdin.Messages() {
		if m.Header.MsgType != wire.MsgInputReply {
			k.log.Info("unknown stdin message", "msg_type", m.Header.MsgType)
			continue
		}
		k.inputMu.Lock()
		ch, id := k.inputWait, k.inputID
		// jupyter_client's KernelClient.input (nbclient, jupyter console)
		// sends the reply with an empty parent header.
		if parent := m.ParentHeader().MsgID; ch != nil && (parent == id || parent == "") {
			k.inputWait = nil
			ch <- m
		} else {
			k.log.Debug("input_reply for no pending request; ignored")
		}
		k.inputMu.Unlock()
	}
}

// input sends an input_request for the execute request parent and waits for the
// reply.
func (k *Kernel) input(ctx context.Context, parent *wire.Message, prompt string, password bool) (string, error) {
	m, err := wire.NewMessage(k.session, wire.MsgInputRequest, parent, wire.InputRequest{Prompt: prompt, Password: password})
	if err != nil {
		return "", err
	}
	ch := make(chan *wire.Message, 1)
	k.inputMu.Lock()
	k.inputWait, k.inputID = ch, m.Header.MsgID
	k.inputMu.Unlock()
	defer func() {
		k.inputMu.Lock()
		if k.inputWait == ch {
			k.inputWait = nil
		}
		k.inputMu.Unlock()
	}()
	if err := k.stdin.Send(m); err != nil {
		return "", fmt.Errorf("sending input request: %w", err)
	}
	select {
	case r := <-ch:
		var c wire.InputReply
		if err := r.DecodeContent(&c); err != nil {
			return "", err
		}
		return c.Value, nil
	case <-ctx.Done():
		return "", fmt.Errorf("input interrupted: %w", ctx.Err())
	case <-k.done:
		return "", errors.New("input: the kernel is shutting down")
	}
}

// history answers a history_request from the session's stored inputs.
func (k *Kernel) history(m *wire.Message) wire.HistoryReply {
	var c wire.HistoryRequest
	_ = m.DecodeContent(&c)
	all := k.sess.History()
	var sel []session.HistoryEntry
	switch c.HistAccessType {
	case "range":
		for _, h := range all {
			if h.Line >= c.Start && (c.Stop <= 0 || h.Line < c.Stop) {
				sel = append(sel, h)
			}
		}
	case "search":
		seen := map[string]bool{}
		for _, h := range all {
			if globMatch(c.Pattern, h.Input) && !(c.Unique && seen[h.Input]) {
				seen[h.Input] = true
				sel = append(sel, h)
			}
		}
		if c.N > 0 && len(sel) > c.N {
			sel = sel[len(sel)-c.N:]
		}
	default: // tail
		sel = all
		if c.N > 0 && len(sel) > c.N {
			sel = sel[len(sel)-c.N:]
		}
	}
	out := make([]wire.HistoryEntry, 0, len(sel))
	for _, h := range sel {
		out = append(out, wire.HistoryEntry{Session: h.Session, Line: h.Line, Input: h.Input, WithOutput: c.Output})
	}
	return wire.HistoryReply{Status: wire.StatusOK, History: out}
}

// globMatch matches s against a glob pattern with * and ? (IPython's history
// search syntax); an empty pattern matches everything. It takes
// O(len(pattern)·len(s)) time: on a mismatch it backtracks only to the last
// star, which is enough because a later star can absorb whatever an earlier
// one would have (the recursive matcher it replaces took exponential time:
// 100 s for 12 stars).
func globMatch(pattern, s string) bool {
	if pattern == "" || pattern == "*" {
		return true
	}
	p, r := []rune(pattern), []rune(s)
	pi, ri := 0, 0
	star, mark := -1, 0 // the last star seen, and where its match ends in r
	for ri < len(r) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == r[ri]) && p[pi] != '*':
			pi++
			ri++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ri
			pi++
		case star >= 0:
			mark++
			pi, ri = star+1, mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
