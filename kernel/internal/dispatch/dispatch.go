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

	queue     chan queued
	executing atomic.Bool
	errorAt   atomic.Int64 // UnixNano of the last failed execute with stop_on_error
	inputMu   sync.Mutex
	inputWait chan *wire.Message // the pending input request's reply, if any
	inputID   string

	done     chan struct{}
	doneOnce sync.Once
	restart  bool
}

type queued struct {
	msg  *wire.Message
	recv int64 // UnixNano when the shell goroutine received it
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
	sess, err := session.New(session.Options{Capture: true, LogLevel: LogLevel()})
	if err != nil {
		return err
	}
	log := sess.Log()
	sock, err := wire.Listen(ctx, info, wire.NewSigner(info.Key), log)
	if err != nil {
		return err
	}
	k := &Kernel{sess: sess, sock: sock, log: log, session: wire.NewID(),
		queue: make(chan queued, execQueue), done: make(chan struct{})}
	log.Debug("kernel listening", "shell", info.Endpoint(info.ShellPort))
	k.publish("status", nil, map[string]string{"execution_state": "starting"})

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

func (k *Kernel) stop(restart bool) {
	k.doneOnce.Do(func() {
		k.restart = restart
		close(k.done)
	})
}

func (k *Kernel) serve(r *wire.Router, handle func(*wire.Router, *wire.Message)) {
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
	if err := k.sock.IOPub.Publish(m); err != nil {
		k.log.Debug("publish", "msg_type", msgType, "err", err)
	}
}

// reply sends a reply to req on channel r.
func (k *Kernel) reply(r *wire.Router, req *wire.Message, msgType string, content any) {
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
	k.publish("status", parent, map[string]string{"execution_state": state})
}

// withStatus wraps a non-execute request in busy/idle, unless a cell is
// executing (status messages for side requests during a cell make front ends
// show the kernel idle while it is busy).
func (k *Kernel) withStatus(req *wire.Message, f func()) {
	if k.executing.Load() {
		f()
		return
	}
	k.status(req, "busy")
	f()
	k.status(req, "idle")
}

func (k *Kernel) handleShell(r *wire.Router, m *wire.Message) {
	switch m.Header.MsgType {
	case "execute_request":
		select {
		case k.queue <- queued{m, time.Now().UnixNano()}:
		default:
			k.log.Warn("execute queue full; rejecting request")
			k.reply(r, m, "execute_reply", map[string]any{"status": "error", "ename": "KernelBusy",
				"evalue": "too many queued execute requests", "traceback": []string{}, "execution_count": k.sess.ExecutionCount()})
		}
	case "kernel_info_request":
		k.withStatus(m, func() { k.reply(r, m, "kernel_info_reply", kernelInfo()) })
	case "complete_request":
		k.withStatus(m, func() { k.reply(r, m, "complete_reply", k.complete(m)) })
	case "inspect_request":
		k.withStatus(m, func() { k.reply(r, m, "inspect_reply", k.inspect(m)) })
	case "is_complete_request":
		k.withStatus(m, func() { k.reply(r, m, "is_complete_reply", k.isComplete(m)) })
	case "history_request":
		k.withStatus(m, func() { k.reply(r, m, "history_reply", k.history(m)) })
	case "comm_info_request":
		k.withStatus(m, func() {
			k.reply(r, m, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
		})
	case "shutdown_request":
		k.shutdown(r, m)
	case "comm_open":
		// No comm targets: tell the front end the comm is closed.
		var c struct {
			CommID string `json:"comm_id"`
		}
		_ = m.DecodeContent(&c)
		k.publish("comm_close", m, map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
	case "comm_msg", "comm_close", "usage_request":
		k.log.Debug("ignored", "msg_type", m.Header.MsgType)
	default:
		k.log.Info("unknown shell message", "msg_type", m.Header.MsgType)
	}
}

func (k *Kernel) handleControl(r *wire.Router, m *wire.Message) {
	switch m.Header.MsgType {
	case "kernel_info_request":
		k.withStatus(m, func() { k.reply(r, m, "kernel_info_reply", kernelInfo()) })
	case "interrupt_request":
		k.sess.Interrupt()
		k.reply(r, m, "interrupt_reply", map[string]any{"status": "ok"})
	case "shutdown_request":
		k.shutdown(r, m)
	case "usage_request", "debug_request":
		k.log.Debug("ignored", "msg_type", m.Header.MsgType)
	default:
		k.log.Info("unknown control message", "msg_type", m.Header.MsgType)
	}
}

func (k *Kernel) shutdown(r *wire.Router, m *wire.Message) {
	var c struct {
		Restart bool `json:"restart"`
	}
	_ = m.DecodeContent(&c)
	k.sess.Interrupt()
	content := map[string]any{"status": "ok", "restart": c.Restart}
	k.reply(r, m, "shutdown_reply", content)
	k.publish("shutdown_reply", m, content)
	k.log.Debug("shutdown", "restart", c.Restart)
	k.stop(c.Restart)
}

func kernelInfo() map[string]any {
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.ProtocolVersion,
		"implementation":         "gonlm",
		"implementation_version": Version,
		"language_info": map[string]any{
			"name":               "go",
			"version":            strings.TrimPrefix(runtime.Version(), "go"),
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner": fmt.Sprintf("gonlm %s: Go (interpreted by yaegi, %s) with the compiled nlm package", Version, runtime.Version()),
		"help_links": []map[string]string{
			{"text": "Go documentation", "url": "https://go.dev/doc/"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "gonum", "url": "https://pkg.go.dev/gonum.org/v1/gonum"},
			{"text": "gonum/plot", "url": "https://pkg.go.dev/gonum.org/v1/plot"},
		},
		"supported_features": []string{},
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
		k.execute(q)
	}
}

type executeRequest struct {
	Code         string `json:"code"`
	Silent       bool   `json:"silent"`
	StoreHistory *bool  `json:"store_history"`
	AllowStdin   *bool  `json:"allow_stdin"`
	StopOnError  *bool  `json:"stop_on_error"`
	// UserExpressions maps names to expressions evaluated after the cell.
	UserExpressions map[string]string `json:"user_expressions"`
}

func (k *Kernel) execute(q queued) {
	m := q.msg
	shell := k.sock.Shell
	var req executeRequest
	if err := m.DecodeContent(&req); err != nil {
		k.withStatus(m, func() {
			k.reply(shell, m, "execute_reply", map[string]any{"status": "error", "ename": "BadRequest",
				"evalue": err.Error(), "traceback": []string{err.Error()}, "execution_count": k.sess.ExecutionCount()})
		})
		return
	}
	if errAt := k.errorAt.Load(); q.recv <= errAt || (q.recv-errAt < int64(abortWindow) && sentBefore(m, errAt)) {
		// Queued behind a cell that failed with stop_on_error.
		k.status(m, "busy")
		k.reply(shell, m, "execute_reply", map[string]any{"status": "aborted", "execution_count": k.sess.ExecutionCount(),
			"user_expressions": map[string]any{}, "payload": []any{}})
		k.status(m, "idle")
		return
	}
	start := time.Now().UnixNano()
	k.executing.Store(true)
	k.status(m, "busy")
	sreq := session.Request{Code: req.Code, Silent: req.Silent, StoreHistory: req.StoreHistory == nil || *req.StoreHistory,
		AllowStdin: req.AllowStdin == nil || *req.AllowStdin, UserExpressions: req.UserExpressions}
	fe := &frontend{k: k, parent: m, silent: req.Silent}
	res := k.sess.Execute(sreq, fe)
	payload := []any{}
	if res.Page != nil {
		payload = append(payload, map[string]any{"source": "page", "data": res.Page, "start": 0})
	}
	ue := res.UserExpressions
	if ue == nil {
		ue = map[string]any{}
	}
	content := map[string]any{"status": "ok", "execution_count": res.ExecutionCount,
		"user_expressions": ue, "payload": payload}
	if e := res.Err; e != nil {
		content = map[string]any{"status": "error", "execution_count": res.ExecutionCount,
			"ename": e.Ename, "evalue": e.Evalue, "traceback": e.Traceback}
		if !req.Silent {
			k.publish("error", m, map[string]any{"ename": e.Ename, "evalue": e.Evalue, "traceback": e.Traceback})
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
	k.reply(shell, m, "execute_reply", content)
	k.executing.Store(false)
	k.status(m, "idle")
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
		if m.Header.MsgType != "input_reply" {
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
	m, err := wire.NewMessage(k.session, "input_request", parent, map[string]any{"prompt": prompt, "password": password})
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
	if err := k.sock.Stdin.Send(m); err != nil {
		return "", fmt.Errorf("sending input request: %w", err)
	}
	select {
	case r := <-ch:
		var c struct {
			Value string `json:"value"`
		}
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
func (k *Kernel) history(m *wire.Message) map[string]any {
	var c struct {
		Output         bool   `json:"output"`
		HistAccessType string `json:"hist_access_type"`
		N              int    `json:"n"`
		Start          int    `json:"start"`
		Stop           int    `json:"stop"`
		Pattern        string `json:"pattern"`
		Unique         bool   `json:"unique"`
	}
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
	out := make([]any, 0, len(sel))
	for _, h := range sel {
		if c.Output {
			out = append(out, []any{h.Session, h.Line, []any{h.Input, nil}})
		} else {
			out = append(out, []any{h.Session, h.Line, h.Input})
		}
	}
	return map[string]any{"status": "ok", "history": out}
}

// globMatch matches s against a glob pattern with * and ? (IPython's history
// search syntax); an empty pattern matches everything.
func globMatch(pattern, s string) bool {
	if pattern == "" || pattern == "*" {
		return true
	}
	var match func(p, s []rune) bool
	match = func(p, s []rune) bool {
		for len(p) > 0 {
			switch p[0] {
			case '*':
				for i := 0; i <= len(s); i++ {
					if match(p[1:], s[i:]) {
						return true
					}
				}
				return false
			case '?':
				if len(s) == 0 {
					return false
				}
			default:
				if len(s) == 0 || s[0] != p[0] {
					return false
				}
			}
			p, s = p[1:], s[1:]
		}
		return len(s) == 0
	}
	return match([]rune(pattern), []rune(s))
}
