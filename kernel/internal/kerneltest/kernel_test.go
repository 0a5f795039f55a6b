package kerneltest

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// shared is one kernel for the tests that do not end or disturb it.
var (
	sharedOnce sync.Once
	sharedK    *client
	sharedDirs []string // removed by TestMain
)

func shared(t *testing.T) *client {
	sharedOnce.Do(func() {
		// The shared kernel outlives the first test that asks for it.
		sharedK = startKernel(&lifetimeTB{t})
	})
	sharedK.t = t
	if !sharedK.alive() {
		t.Fatalf("the shared kernel died\nkernel log:\n%s", sharedK.log)
	}
	return sharedK
}

// lifetimeTB is a testing.TB whose Cleanup never runs (the shared kernel is
// killed when the test binary exits) and whose failures go to the test that
// uses the kernel at the moment.
type lifetimeTB struct{ *testing.T }

func (l *lifetimeTB) Cleanup(func()) {}
func (l *lifetimeTB) TempDir() string {
	dir, err := os.MkdirTemp("", "gonlm-kerneltest-")
	if err != nil {
		l.T.Fatal(err)
	}
	sharedDirs = append(sharedDirs, dir)
	return dir
}

func TestKernelInfoOnShellAndControl(t *testing.T) {
	c := shared(t)
	for _, ch := range []struct {
		name string
		sock zmq4.Socket
		list *[]msg
	}{{"shell", c.shell, &c.shells}, {"control", c.control, &c.ctrls}} {
		t.Run(ch.name, func(t *testing.T) {
			id := c.send(ch.sock, "kernel_info_request", map[string]any{})
			r := c.reply(ch.list, id, 5*time.Second)
			if r.Header.MsgType != "kernel_info_reply" || r.str("protocol_version") != wire.ProtocolVersion || r.str("implementation") != "gonlm" {
				t.Fatalf("reply %s %v", r.Header.MsgType, r.content)
			}
			li, _ := r.content["language_info"].(map[string]any)
			if li["name"] != "go" || li["file_extension"] != ".go" || li["mimetype"] != "text/x-go" {
				t.Errorf("language_info %v", li)
			}
			c.outputs(id, 5*time.Second)
			if got := strings.Join(c.statuses(id), ","); got != "busy,idle" {
				t.Errorf("statuses with this parent: %s, want busy,idle", got)
			}
		})
	}
}

func TestExecute(t *testing.T) {
	c := shared(t)
	first := c.run("kernelTestX := 41")
	if _, ok := first.result(); ok {
		t.Errorf("an assignment produced an execute_result")
	}
	n0 := int(first.reply.content["execution_count"].(float64))
	tests := []struct {
		name, code string
		result     string // "" = none
		stdout     string
	}{
		{"state persists", "kernelTestX + 1", "42", ""},
		{"import and void call give no result", "import \"fmt\"\nfmt.Println(\"hello\")", "", "hello\n"},
		{"stream order", "for i := 0; i < 300; i++ { fmt.Println(i) }", "", seq(300)},
		{"stdout then result", "fmt.Print(\"a\")\nfmt.Print(\"b\")\n\"c\"", "c", "ab"},
		{"declarations and statements mixed", "func kernelTestF(n int) int { return n * 2 }\nv := kernelTestF(21)\nv", "42", ""},
		{"modern Go", "s := 0\nfor i := range 4 { s += i }\nmax(s, 1)", "6", ""},
		{"compiled output", "import \"os\"\nos.Stdout.WriteString(\"raw\\n\")\nos.Stderr.WriteString(\"\")", "", "raw\n"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := c.run(tc.code)
			res, ok := e.result()
			if tc.result == "" && ok && !strings.Contains(tc.name, "compiled") {
				t.Errorf("unexpected execute_result %q", res)
			}
			if tc.result != "" && res != tc.result {
				t.Errorf("result %q (present %v), want %q", res, ok, tc.result)
			}
			if out := e.stream("stdout"); out != tc.stdout {
				t.Errorf("stdout %q, want %q", trunc(out), trunc(tc.stdout))
			}
			if got := int(e.reply.content["execution_count"].(float64)); got != n0+i+1 {
				t.Errorf("execution_count %d, want %d", got, n0+i+1)
			}
			if k := e.outputs[0]; k.Header.MsgType != "execute_input" || k.str("code") != tc.code {
				t.Errorf("first output %s, want execute_input", k.Header.MsgType)
			}
		})
	}
}

func seq(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintln(&b, i)
	}
	return b.String()
}

func trunc(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

func TestErrors(t *testing.T) {
	c := shared(t)
	tests := []struct {
		name, code, ename string
		line              string
	}{
		{"undefined", "a := 1\nundefinedThing + a", "CompileError", "line 2"},
		{"syntax", "b := 2\n\nb +* )", "SyntaxError", "line 3"},
		{"panic", "var s []int\ns[3] = 1", "Panic", "line 2"},
		{"panic in func", "func kernelTestBad() { panic(\"boom\") }\nx := 1\nkernelTestBad()", "Panic", "line 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := c.execute(tc.code, execOpts{}, 10*time.Second)
			if e.status() != "error" || e.reply.str("ename") != tc.ename || !strings.HasPrefix(e.reply.str("evalue"), tc.line) {
				t.Fatalf("reply %v", e.reply.content)
			}
			tb, _ := e.reply.content["traceback"].([]any)
			if len(tb) < 2 || !strings.Contains(fmt.Sprint(tb), "cell line") {
				t.Errorf("traceback %q does not name the cell line", tb)
			}
			if e.count("error") != 1 {
				t.Errorf("%d IOPub error messages, want 1", e.count("error"))
			}
			if _, ok := e.result(); ok {
				t.Errorf("execute_result after an error")
			}
		})
	}
	// The kernel is fine afterwards.
	if r, _ := c.run("1 + 1").result(); r != "2" {
		t.Fatalf("after errors: %q", r)
	}
}

func TestStopOnErrorAbortsQueued(t *testing.T) {
	c := shared(t)
	bad := c.executeAsync("time.Sleep(200 * time.Millisecond)\npanic(\"first fails\")", execOpts{})
	q1 := c.executeAsync("kernelTestAborted := 1", execOpts{})
	q2 := c.executeAsync("kernelTestAborted := 2", execOpts{})
	if r := c.reply(&c.shells, bad, 10*time.Second); r.str("status") != "error" {
		t.Fatalf("first: %v", r.content)
	}
	for _, id := range []string{q1, q2} {
		if r := c.reply(&c.shells, id, 10*time.Second); r.str("status") != "aborted" {
			t.Fatalf("queued request: %v, want aborted", r.content)
		}
	}
	e := c.execute("kernelTestAborted", execOpts{}, 10*time.Second)
	if e.status() != "error" {
		t.Fatalf("an aborted cell ran: %v", e.reply.content)
	}
	// A cell that fails at once still aborts what the client sent before the
	// failure, even if it reached the kernel after it; a request sent after the
	// failure runs.
	ids := c.executeBatch("panic(\"fails at once\")", "kernelTestAborted := 3")
	c.reply(&c.shells, ids[0], 10*time.Second)
	if r := c.reply(&c.shells, ids[1], 10*time.Second); r.str("status") != "aborted" {
		t.Fatalf("request sent before an instant failure: %v, want aborted", r.content)
	}
	c.run("1")
	// Without stop_on_error the queue runs on.
	bad = c.executeAsync("panic(\"fails\")", execOpts{noStopOnError: true})
	ok := c.executeAsync("7", execOpts{})
	c.reply(&c.shells, bad, 10*time.Second)
	if r := c.reply(&c.shells, ok, 10*time.Second); r.str("status") != "ok" {
		t.Fatalf("after stop_on_error=false: %v", r.content)
	}
}

func TestSilentAndStoreHistory(t *testing.T) {
	c := shared(t)
	before := c.run("0").reply.content["execution_count"].(float64)
	e := c.execute("fmt.Println(\"quiet\")\n5", execOpts{silent: true}, 10*time.Second)
	if len(e.outputs) != 0 || e.reply.content["execution_count"].(float64) != before {
		t.Fatalf("silent: outputs %d, count %v (before %v)", len(e.outputs), e.reply.content["execution_count"], before)
	}
	e = c.execute("6", execOpts{noHistory: true}, 10*time.Second)
	if e.reply.content["execution_count"].(float64) != before {
		t.Fatalf("store_history=false counted")
	}
	if r, _ := e.result(); r != "6" {
		t.Fatalf("store_history=false: result %q", r)
	}
}

func TestBadSignatureIsDropped(t *testing.T) {
	c := shared(t)
	id := c.sendSigned(c.shell, "execute_request", map[string]any{"code": "kernelTestForged := 1", "silent": false,
		"store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true},
		wire.NewSigner("not the key"))
	if _, ok := c.waitFor(&c.shells, 500*time.Millisecond, func(m msg) bool { return m.parentID() == id }); ok {
		t.Fatal("the kernel answered a message with a bad signature")
	}
	if e := c.execute("kernelTestForged", execOpts{}, 10*time.Second); e.status() != "error" {
		t.Fatal("the forged cell ran")
	}
	if !strings.Contains(c.log.String(), "bad signature") {
		t.Error("the kernel did not log the bad signature")
	}
}

func TestInterrupt(t *testing.T) {
	c := shared(t)
	c.run("import \"nlm\"\nkernelTestModel := nlm.NewModel(784, 1.0, 1)\nkernelTestSampler, _ := nlm.NewSampler(kernelTestModel, 256, nlm.Dynamics{T: 1, Dt: 0.01}, 1)")
	tests := []struct{ name, code string }{
		{"busy interpreted loop", "n := 0\nfor { n++ }"},
		{"blocked channel", "ch := make(chan int)\n<-ch"},
		{"sleep", "time.Sleep(time.Hour)"},
		{"long compiled call", "kernelTestSampler.Run(ctx, 1000000000)"},
		{"stdin wait", "var line string\nfmt.Scanln(&line)"},
	}
	for _, tc := range tests {
		for _, how := range []string{"message", "SIGINT"} {
			t.Run(tc.name+" by "+how, func(t *testing.T) {
				id := c.executeAsync(tc.code, execOpts{allowStdin: true})
				if _, ok := c.waitFor(&c.iopubs, 10*time.Second, func(m msg) bool {
					return m.parentID() == id && m.Header.MsgType == "execute_input"
				}); !ok {
					t.Fatal("the cell did not start")
				}
				time.Sleep(300 * time.Millisecond)
				start := time.Now()
				if how == "message" {
					ir := c.send(c.control, "interrupt_request", map[string]any{})
					if r := c.reply(&c.ctrls, ir, 2*time.Second); r.Header.MsgType != "interrupt_reply" {
						t.Fatalf("interrupt reply %s", r.Header.MsgType)
					}
				} else if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
				r := c.reply(&c.shells, id, 5*time.Second)
				stopped := time.Since(start)
				if r.str("status") != "error" || r.str("ename") != "KeyboardInterrupt" {
					t.Fatalf("reply %v", r.content)
				}
				if stopped > time.Second {
					t.Errorf("stopped after %v, want within 1s", stopped)
				}
				c.outputs(id, 5*time.Second)
				if res, _ := c.run("\"still here\"").result(); res != "\"still here\"" && res != "still here" {
					t.Fatalf("next cell: %q", res)
				}
				t.Logf("stopped in %v", stopped.Round(time.Millisecond))
			})
		}
	}
}

func TestPanicInGoroutine(t *testing.T) {
	c := shared(t)
	e := c.run("go func() { panic(\"bg boom\") }()\ntime.Sleep(100 * time.Millisecond)")
	if !strings.Contains(e.stream("stderr"), "bg boom") {
		t.Errorf("stderr %q does not report the panic", e.stream("stderr"))
	}
	e = c.run("import \"strconv\"\nfunc kernelTestWorker(s string) { strconv.Atoi(s); var m map[int]int; m[1] = 1 }\ngo kernelTestWorker(\"x\")\ntime.Sleep(100 * time.Millisecond)")
	if !strings.Contains(e.stream("stderr"), "nil map") {
		t.Errorf("stderr %q does not report the compiled-code panic", e.stream("stderr"))
	}
	if !c.alive() {
		t.Fatal("the kernel died")
	}
	// Reported once, not again in later cells.
	if e := c.run("1"); strings.Contains(e.stream("stderr"), "boom") {
		t.Errorf("the panic was reported again: %q", e.stream("stderr"))
	}
}

func TestMillionLines(t *testing.T) {
	c := shared(t)
	before := c.rss()
	id := c.executeAsync("for i := 0; i < 1000000; i++ { fmt.Println(\"line\", i) }", execOpts{})
	// The kernel answers on control while the cell runs.
	time.Sleep(200 * time.Millisecond)
	ctl := time.Now()
	ki := c.send(c.control, "kernel_info_request", map[string]any{})
	c.reply(&c.ctrls, ki, 2*time.Second)
	if d := time.Since(ctl); d > 500*time.Millisecond {
		t.Errorf("kernel_info on control took %v during the flood", d)
	}
	// No busy/idle for it while a cell runs (front ends would show the
	// kernel idle).
	if st := c.statuses(ki); len(st) != 0 {
		t.Errorf("statuses for control kernel_info during a cell: %v", st)
	}
	var peak int64
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
				if r := c.rss(); r > peak {
					peak = r
				}
			}
		}
	}()
	r := c.reply(&c.shells, id, 60*time.Second)
	close(done)
	e := execution{r, c.outputs(id, 10*time.Second)}
	if e.status() != "ok" {
		t.Fatalf("reply %v", r.content)
	}
	out := e.stream("stdout")
	streams := e.count("stream")
	if !strings.HasPrefix(out, "line 0\nline 1\n") || len(out) > 1<<20+64<<10 {
		t.Errorf("stdout: %d bytes starting %q", len(out), trunc(out))
	}
	if !strings.Contains(e.stream("stderr"), "output truncated") {
		t.Errorf("no truncation note: stderr %q", trunc(e.stream("stderr")))
	}
	if streams > 400 {
		t.Errorf("%d stream messages for one cell", streams)
	}
	t.Logf("forwarded %d bytes in %d stream messages; RSS before %d MiB, peak %d MiB", len(out), streams, before>>20, peak>>20)
	if peak-before > 100<<20 {
		t.Errorf("RSS grew by %d MiB", (peak-before)>>20)
	}
	if res, _ := c.run("\"responsive\"").result(); !strings.Contains(res, "responsive") {
		t.Fatalf("after the flood: %q", res)
	}
}

func TestStdin(t *testing.T) {
	c := shared(t)
	// The reply names the request as its parent, or (jupyter_client's
	// KernelClient.input, used by nbclient and jupyter console) has an empty
	// parent header: both answer the pending request.
	for _, named := range []bool{true, false} {
		id := c.executeAsync("var kernelTestName string\nfmt.Print(\"name? \")\nfmt.Scanln(&kernelTestName)\nfmt.Println(\"hello, \" + kernelTestName)", execOpts{allowStdin: true})
		req, ok := c.waitFor(&c.stdins, 10*time.Second, func(m msg) bool { return m.parentID() == id })
		if !ok || req.Header.MsgType != "input_request" {
			t.Fatalf("no input_request: %+v", req)
		}
		// The prompt printed before the read arrives first.
		if _, ok := c.waitFor(&c.iopubs, 2*time.Second, func(m msg) bool {
			return m.parentID() == id && m.Header.MsgType == "stream" && strings.Contains(m.str("text"), "name?")
		}); !ok {
			t.Error("the prompt was not flushed before the input request")
		}
		var parent *wire.Message
		if named {
			parent = req.Message
		}
		rep, _ := wire.NewMessage(c.session, "input_reply", parent, map[string]any{"value": "gopher"})
		rep.Identities = nil
		if err := c.stdin.Send(zmq4.NewMsgFrom(wire.Encode(rep, c.signer)...)); err != nil {
			t.Fatal(err)
		}
		r := c.reply(&c.shells, id, 10*time.Second)
		e := execution{r, c.outputs(id, 10*time.Second)}
		if e.status() != "ok" || !strings.Contains(e.stream("stdout"), "hello, gopher") {
			t.Fatalf("parent named %v: %v %q", named, r.content, e.stream("stdout"))
		}
	}
	// allow_stdin=false: no request, a clear error.
	e := c.execute("var s2 string\n_, err := fmt.Scanln(&s2)\nfmt.Println(err)", execOpts{allowStdin: false}, 10*time.Second)
	if !strings.Contains(e.stream("stdout"), "allow_stdin") {
		t.Errorf("stdout %q does not explain", e.stream("stdout"))
	}
}

func TestOtherRequests(t *testing.T) {
	c := shared(t)
	c.run("kernelTestCompleteMe := 3")
	tests := []struct {
		msgType string
		content map[string]any
		check   func(msg) bool
	}{
		{"complete_request", map[string]any{"code": "kernelTestComp", "cursor_pos": 14}, func(m msg) bool {
			return strings.Contains(fmt.Sprint(m.content["matches"]), "kernelTestCompleteMe") && m.content["cursor_start"].(float64) == 0
		}},
		{"complete_request", map[string]any{"code": "strings.ToUp", "cursor_pos": 12}, func(m msg) bool {
			return strings.Contains(fmt.Sprint(m.content["matches"]), "ToUpper") && m.content["cursor_start"].(float64) == 8
		}},
		{"inspect_request", map[string]any{"code": "strings.Repeat", "cursor_pos": 10, "detail_level": 0}, func(m msg) bool {
			return m.content["found"] == true
		}},
		{"is_complete_request", map[string]any{"code": "func f() {"}, func(m msg) bool { return m.str("status") == "incomplete" }},
		{"is_complete_request", map[string]any{"code": "x := )"}, func(m msg) bool { return m.str("status") == "invalid" }},
		{"is_complete_request", map[string]any{"code": "x := 1"}, func(m msg) bool { return m.str("status") == "complete" }},
		{"history_request", map[string]any{"output": false, "raw": true, "hist_access_type": "tail", "n": 3}, func(m msg) bool {
			h, _ := m.content["history"].([]any)
			return len(h) == 3 && strings.Contains(fmt.Sprint(h[2]), "kernelTestCompleteMe := 3")
		}},
		{"comm_info_request", map[string]any{}, func(m msg) bool {
			comms, ok := m.content["comms"].(map[string]any)
			return ok && len(comms) == 0
		}},
	}
	for _, tc := range tests {
		t.Run(tc.msgType, func(t *testing.T) {
			id := c.send(c.shell, tc.msgType, tc.content)
			r := c.reply(&c.shells, id, 5*time.Second)
			want := strings.TrimSuffix(tc.msgType, "_request") + "_reply"
			if r.Header.MsgType != want || !tc.check(r) {
				t.Fatalf("%s: %s %v", tc.msgType, r.Header.MsgType, r.content)
			}
		})
	}
	// usage_request is ignored quietly: no reply, no complaint in the log.
	id := c.send(c.control, "usage_request", map[string]any{})
	if _, ok := c.waitFor(&c.ctrls, 300*time.Millisecond, func(m msg) bool { return m.parentID() == id }); ok {
		t.Error("usage_request was answered")
	}
	if strings.Contains(c.log.String(), "unknown control message") {
		t.Error("usage_request was logged as unknown")
	}
}

func TestHeartbeat(t *testing.T) {
	c := shared(t)
	for i := 0; i < 3; i++ {
		ping := []byte(fmt.Sprintf("ping %d", i))
		if err := c.hb.Send(zmq4.NewMsg(ping)); err != nil {
			t.Fatal(err)
		}
		got, err := c.hb.Recv()
		if err != nil || string(got.Bytes()) != string(ping) {
			t.Fatalf("heartbeat echo %q, %v", got.Bytes(), err)
		}
	}
}

func TestShutdown(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprintf("restart=%v", restart), func(t *testing.T) {
			c := startKernel(t)
			c.run("x := 1")
			id := c.send(c.control, "shutdown_request", map[string]any{"restart": restart})
			r := c.reply(&c.ctrls, id, 5*time.Second)
			if r.Header.MsgType != "shutdown_reply" || r.content["restart"] != restart {
				t.Fatalf("reply %s %v", r.Header.MsgType, r.content)
			}
			select {
			case <-c.exited:
			case <-time.After(3 * time.Second):
				t.Fatal("the kernel did not exit")
			}
			if code := c.cmd.ProcessState.ExitCode(); code != 0 {
				t.Errorf("exit code %d", code)
			}
		})
	}
	t.Run("SIGTERM while busy", func(t *testing.T) {
		c := startKernel(t)
		c.executeAsync("for {}", execOpts{})
		time.Sleep(200 * time.Millisecond)
		c.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-c.exited:
		case <-time.After(3 * time.Second):
			t.Fatal("the kernel did not exit on SIGTERM")
		}
	})
}

func TestOutputStreamsWhileTheCellRuns(t *testing.T) {
	c := shared(t)
	id := c.executeAsync("fmt.Println(\"first\")\ntime.Sleep(600 * time.Millisecond)\nfmt.Println(\"second\")", execOpts{})
	first, ok := c.waitFor(&c.iopubs, 5*time.Second, func(m msg) bool {
		return m.parentID() == id && m.Header.MsgType == "stream" && strings.Contains(m.str("text"), "first")
	})
	if !ok {
		t.Fatal("no stream message")
	}
	at := time.Now()
	if strings.Contains(first.str("text"), "second") {
		t.Fatal("the first line was held back until the end of the cell")
	}
	c.reply(&c.shells, id, 5*time.Second)
	if d := time.Since(at); d < 300*time.Millisecond {
		t.Errorf("first line arrived only %v before the reply", d)
	}
}

func TestDisplay(t *testing.T) {
	c := shared(t)
	e := c.run("import \"display\"\ndisplay.HTML(\"<b>bold</b>\")\nfmt.Println(\"after\")")
	var html []msg
	for _, m := range e.outputs {
		if m.Header.MsgType == "display_data" {
			html = append(html, m)
		}
	}
	if len(html) != 1 {
		t.Fatalf("%d display_data messages", len(html))
	}
	data, _ := html[0].content["data"].(map[string]any)
	if data["text/html"] != "<b>bold</b>" || data["text/plain"] == nil {
		t.Errorf("display_data %v", data)
	}
	if _, ok := e.result(); ok {
		t.Error("a display call produced an execute_result")
	}
	e = c.run("kernelTestD := display.New()\nkernelTestD.Show(1)\nkernelTestD.Update(2)")
	var kinds []string
	var ids []string
	for _, m := range e.outputs {
		switch m.Header.MsgType {
		case "display_data", "update_display_data":
			kinds = append(kinds, m.Header.MsgType)
			tr, _ := m.content["transient"].(map[string]any)
			id, _ := tr["display_id"].(string)
			ids = append(ids, id)
		}
	}
	if strings.Join(kinds, ",") != "display_data,update_display_data" || ids[0] == "" || ids[0] != ids[1] {
		t.Errorf("display id flow: %v %v", kinds, ids)
	}
}

func TestUnicodeOutput(t *testing.T) {
	c := shared(t)
	text := strings.Repeat("héllo, 世界 😀\n", 2000) // crosses several 8 KiB flushes
	e := c.run("for i := 0; i < 2000; i++ { fmt.Print(\"héllo, 世界 😀\\n\") }")
	if got := e.stream("stdout"); got != text {
		t.Errorf("stdout differs: %d bytes, want %d; %q", len(got), len(text), trunc(got))
	}
}

func TestUserExpressions(t *testing.T) {
	c := shared(t)
	id := c.send(c.shell, "execute_request", map[string]any{"code": "kernelTestUE := 6", "silent": false,
		"store_history": true, "allow_stdin": false, "stop_on_error": true,
		"user_expressions": map[string]any{"product": "kernelTestUE * 7", "missing": "kernelTestNope"}})
	r := c.reply(&c.shells, id, 10*time.Second)
	c.outputs(id, 10*time.Second)
	ue, _ := r.content["user_expressions"].(map[string]any)
	p, _ := ue["product"].(map[string]any)
	data, _ := p["data"].(map[string]any)
	if p["status"] != "ok" || data["text/plain"] != "42" {
		t.Errorf("product: %v", p)
	}
	if m, _ := ue["missing"].(map[string]any); m["status"] != "error" {
		t.Errorf("missing: %v", m)
	}
}
