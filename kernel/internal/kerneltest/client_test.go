package kerneltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// kernelBin is the kernel binary TestMain builds.
var kernelBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gonlm-kerneltest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	kernelBin = filepath.Join(dir, "gonlm")
	args := []string{"build", "-o", kernelBin}
	if os.Getenv("GONLM_KERNEL_RACE") != "" {
		args = append(args, "-race")
	}
	args = append(args, "github.com/gonlm/gonlm/cmd/gonlm")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the kernel:", err)
		os.Exit(1)
	}
	code := m.Run()
	if sharedK != nil {
		sharedK.close()
	}
	for _, d := range sharedDirs {
		os.RemoveAll(d)
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// msg is a received message with its decoded content.
type msg struct {
	*wire.Message
	content map[string]any
}

func (m msg) str(key string) string {
	s, _ := m.content[key].(string)
	return s
}

func (m msg) parentID() string { return m.ParentHeader().MsgID }

// client is a front end connected to a kernel process it started.
type client struct {
	t       testing.TB
	cmd     *exec.Cmd
	exited  chan struct{}
	log     *syncBuffer
	key     string
	signer  *wire.Signer
	session string
	info    wire.ConnectionInfo
	ctx     context.Context
	cancel  context.CancelFunc

	shell, control, stdin, iopub, hb zmq4.Socket

	mu     sync.Mutex
	cond   *sync.Cond
	iopubs []msg
	shells []msg
	ctrls  []msg
	stdins []msg
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if os.Getenv("GONLM_TEST_LOG") != "" {
		os.Stderr.Write(p)
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freePorts(t testing.TB, n int) []int {
	var ls []net.Listener
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// startKernel starts a kernel process and connects to it; it is stopped when
// the test ends.
func startKernel(t testing.TB) *client {
	t.Helper()
	p := freePorts(t, 5)
	c := &client{t: t, key: wire.NewID(), session: wire.NewID(), log: &syncBuffer{}, exited: make(chan struct{})}
	c.signer = wire.NewSigner(c.key)
	c.cond = sync.NewCond(&c.mu)
	c.info = wire.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], IOPubPort: p[1], StdinPort: p[2],
		ControlPort: p[3], HBPort: p[4], Key: c.key, SignatureScheme: "hmac-sha256"}
	data, _ := json.Marshal(c.info)
	cf := filepath.Join(t.TempDir(), "connection.json")
	if err := os.WriteFile(cf, data, 0o600); err != nil {
		t.Fatal(err)
	}
	c.cmd = exec.Command(kernelBin, "kernel", cf)
	c.cmd.Stderr = c.log
	c.cmd.Env = append(os.Environ(), "GONLM_LOG=debug")
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.cmd.Wait(); close(c.exited) }()
	c.ctx, c.cancel = context.WithCancel(context.Background())
	t.Cleanup(c.close)

	id := zmq4.SocketIdentity(c.session)
	c.shell = zmq4.NewDealer(c.ctx, zmq4.WithID(id))
	c.stdin = zmq4.NewDealer(c.ctx, zmq4.WithID(id))
	c.control = zmq4.NewDealer(c.ctx, zmq4.WithID(zmq4.SocketIdentity(c.session+"-control")))
	c.iopub = zmq4.NewSub(c.ctx)
	c.hb = zmq4.NewReq(c.ctx)
	for _, s := range []struct {
		sock zmq4.Socket
		port int
	}{{c.shell, p[0]}, {c.iopub, p[1]}, {c.stdin, p[2]}, {c.control, p[3]}, {c.hb, p[4]}} {
		var err error
		for try := 0; try < 100; try++ {
			if err = s.sock.Dial(c.info.Endpoint(s.port)); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("dialing the kernel: %v\nkernel log:\n%s", err, c.log)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	go c.recv(c.shell, &c.shells)
	go c.recv(c.control, &c.ctrls)
	go c.recv(c.stdin, &c.stdins)
	go c.recv(c.iopub, &c.iopubs)
	c.waitReady()
	return c
}

// waitReady sends kernel_info until a reply and its IOPub status arrive (the
// SUB socket's subscription reaches the kernel some time after connecting).
func (c *client) waitReady() {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		if _, ok := c.waitFor(&c.shells, 2*time.Second, func(m msg) bool { return m.parentID() == id }); !ok {
			continue
		}
		if _, ok := c.waitFor(&c.iopubs, 300*time.Millisecond, func(m msg) bool {
			return m.parentID() == id && m.Header.MsgType == "status"
		}); ok {
			return
		}
	}
	c.t.Fatalf("kernel not ready\nkernel log:\n%s", c.log)
}

func (c *client) close() {
	c.cancel()
	for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.iopub, c.hb} {
		if s != nil {
			s.Close()
		}
	}
	select {
	case <-c.exited:
	default:
		c.cmd.Process.Kill()
		<-c.exited
	}
	if c.t.Failed() {
		c.t.Logf("kernel log:\n%s", c.log)
	}
}

func (c *client) recv(s zmq4.Socket, into *[]msg) {
	for {
		zm, err := s.Recv()
		if err != nil {
			if c.ctx.Err() != nil {
				return
			}
			time.Sleep(5 * time.Millisecond)
			continue
		}
		m, err := wire.Decode(zm.Frames, c.signer)
		if err != nil {
			c.t.Errorf("client: undecodable message from the kernel: %v", err)
			continue
		}
		var content map[string]any
		_ = json.Unmarshal(m.Content, &content)
		c.mu.Lock()
		*into = append(*into, msg{m, content})
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// send sends a request and returns its msg_id.
func (c *client) send(s zmq4.Socket, msgType string, content any) string {
	c.t.Helper()
	return c.sendSigned(s, msgType, content, c.signer)
}

func (c *client) sendSigned(s zmq4.Socket, msgType string, content any, signer *wire.Signer) string {
	c.t.Helper()
	m, err := wire.NewMessage(c.session, msgType, nil, content)
	if err != nil {
		c.t.Fatal(err)
	}
	m.Header.Username = "test"
	if err := s.Send(zmq4.NewMsgFrom(wire.Encode(m, signer)...)); err != nil {
		c.t.Fatalf("send %s: %v", msgType, err)
	}
	return m.Header.MsgID
}

// waitFor waits until a message in *list satisfies ok, and returns it.
func (c *client) waitFor(list *[]msg, timeout time.Duration, ok func(msg) bool) (msg, bool) {
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for _, m := range *list {
			if ok(m) {
				return m, true
			}
		}
		if time.Now().After(deadline) {
			return msg{}, false
		}
		c.cond.Wait()
	}
}

// reply waits for the reply to request id on list.
func (c *client) reply(list *[]msg, id string, timeout time.Duration) msg {
	c.t.Helper()
	m, ok := c.waitFor(list, timeout, func(m msg) bool { return m.parentID() == id })
	if !ok {
		c.t.Fatalf("no reply to %s within %v\nkernel log:\n%s", id, timeout, c.log)
	}
	return m
}

// outputs waits for the idle status of request id and returns the IOPub
// messages with it as parent, in order, without the status messages.
func (c *client) outputs(id string, timeout time.Duration) []msg {
	c.t.Helper()
	if _, ok := c.waitFor(&c.iopubs, timeout, func(m msg) bool {
		return m.parentID() == id && m.Header.MsgType == "status" && m.str("execution_state") == "idle"
	}); !ok {
		c.t.Fatalf("no idle status for %s within %v", id, timeout)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []msg
	for _, m := range c.iopubs {
		if m.parentID() == id && m.Header.MsgType != "status" {
			out = append(out, m)
		}
	}
	return out
}

// statuses returns the execution states published with parent id.
func (c *client) statuses(id string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.iopubs {
		if m.parentID() == id && m.Header.MsgType == "status" {
			out = append(out, m.str("execution_state"))
		}
	}
	return out
}

type execOpts struct {
	silent, noHistory, allowStdin, noStopOnError bool
}

// executeAsync sends an execute_request and returns its id.
func (c *client) executeAsync(code string, o execOpts) string {
	c.t.Helper()
	return c.send(c.shell, "execute_request", map[string]any{"code": code, "silent": o.silent,
		"store_history": !o.noHistory, "user_expressions": map[string]any{}, "allow_stdin": o.allowStdin,
		"stop_on_error": !o.noStopOnError})
}

// executeBatch builds execute requests for codes, then sends them all (as
// "Run all" does: every header is dated before the first is sent), and returns
// their ids.
func (c *client) executeBatch(codes ...string) []string {
	c.t.Helper()
	var frames [][][]byte
	var ids []string
	for _, code := range codes {
		m, err := wire.NewMessage(c.session, "execute_request", nil, map[string]any{"code": code, "silent": false,
			"store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
		if err != nil {
			c.t.Fatal(err)
		}
		frames = append(frames, wire.Encode(m, c.signer))
		ids = append(ids, m.Header.MsgID)
	}
	for _, f := range frames {
		if err := c.shell.Send(zmq4.NewMsgFrom(f...)); err != nil {
			c.t.Fatal(err)
		}
	}
	return ids
}

// execution is a finished execute request.
type execution struct {
	reply   msg
	outputs []msg
}

func (e execution) status() string { return e.reply.str("status") }

// stdout returns the concatenated text of the stdout (or stderr) streams.
func (e execution) stream(name string) string {
	var b strings.Builder
	for _, m := range e.outputs {
		if m.Header.MsgType == "stream" && m.str("name") == name {
			b.WriteString(m.str("text"))
		}
	}
	return b.String()
}

// result returns the text/plain of the execute_result, and whether there was one.
func (e execution) result() (string, bool) {
	for _, m := range e.outputs {
		if m.Header.MsgType == "execute_result" {
			data, _ := m.content["data"].(map[string]any)
			s, _ := data["text/plain"].(string)
			return s, true
		}
	}
	return "", false
}

func (e execution) count(kind string) int {
	n := 0
	for _, m := range e.outputs {
		if m.Header.MsgType == kind {
			n++
		}
	}
	return n
}

// execute runs code and waits for its reply and outputs.
func (c *client) execute(code string, o execOpts, timeout time.Duration) execution {
	c.t.Helper()
	id := c.executeAsync(code, o)
	r := c.reply(&c.shells, id, timeout)
	return execution{r, c.outputs(id, timeout)}
}

// run executes code that must succeed.
func (c *client) run(code string) execution {
	c.t.Helper()
	e := c.execute(code, execOpts{}, 20*time.Second)
	if e.status() != "ok" {
		c.t.Fatalf("%q: %s: %v", code, e.status(), e.reply.content["evalue"])
	}
	return e
}

// rss returns the kernel's resident set size in bytes (Linux /proc).
func (c *client) rss() int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		c.t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	c.t.Skip("no VmRSS")
	return 0
}

func (c *client) alive() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}
