package kerneltest

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gonlm/gonlm/kernel/internal/wire"
)

// zmtpPeer is a hand-written ZMTP 3.0 peer (NULL mechanism) that can send
// what no ZeroMQ library would: malformed handshakes and frames.
type zmtpPeer struct {
	t    *testing.T
	conn net.Conn
}

// dialZMTP connects to port and, with handshake, exchanges greetings and
// READY commands as a socket of type sockType.
func dialZMTP(t *testing.T, port int, sockType string, handshake bool) *zmtpPeer {
	t.Helper()
	conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	p := &zmtpPeer{t: t, conn: conn}
	t.Cleanup(func() { conn.Close() })
	if handshake {
		p.greet()
		p.ready(metadata("Socket-Type", sockType, "Identity", ""))
	}
	return p
}

func (p *zmtpPeer) write(b []byte) error {
	p.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, err := p.conn.Write(b)
	return err
}

// greet sends our greeting and reads the kernel's.
func (p *zmtpPeer) greet() {
	p.t.Helper()
	g := make([]byte, 64)
	g[0], g[9], g[10], g[11] = 0xff, 0x7f, 3, 0
	copy(g[12:32], "NULL")
	if err := p.write(g); err != nil {
		p.t.Fatal(err)
	}
	p.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(p.conn, g); err != nil {
		p.t.Fatalf("reading the kernel's greeting: %v", err)
	}
}

// ready sends a READY command with the given metadata body and reads the
// kernel's READY.
func (p *zmtpPeer) ready(meta []byte) {
	p.t.Helper()
	body := append([]byte{5}, "READY"...)
	body = append(body, meta...)
	if err := p.write(frame(0x04, body)); err != nil {
		p.t.Fatal(err)
	}
}

// metadata encodes ZMTP properties (name length, name, 4-byte value length,
// value).
func metadata(kv ...string) []byte {
	var b []byte
	for i := 0; i < len(kv); i += 2 {
		b = append(b, byte(len(kv[i])))
		b = append(b, kv[i]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(kv[i+1])))
		b = append(b, kv[i+1]...)
	}
	return b
}

// frame encodes one ZMTP frame with flags (0x01 more, 0x04 command; the
// long flag is added when needed).
func frame(flags byte, body []byte) []byte {
	if len(body) < 256 {
		return append([]byte{flags, byte(len(body))}, body...)
	}
	b := binary.BigEndian.AppendUint64([]byte{flags | 0x02}, uint64(len(body)))
	return append(b, body...)
}

// TestHostilePeers sends malformed ZMTP to every kernel socket: the kernel
// must neither crash nor stop serving its real client.
func TestHostilePeers(t *testing.T) {
	outer := t
	c := startKernel(t)
	ports := map[string]int{"shell": c.info.ShellPort, "control": c.info.ControlPort, "stdin": c.info.StdinPort,
		"iopub": c.info.IOPubPort, "heartbeat": c.info.HBPort}
	types := map[string]string{"shell": "DEALER", "control": "DEALER", "stdin": "DEALER", "iopub": "SUB", "heartbeat": "REQ"}
	attacks := []struct {
		name string
		run  func(t *testing.T, port int, sockType string)
	}{
		{"metadata longer than the command", func(t *testing.T, port int, _ string) {
			p := dialZMTP(t, port, "", false)
			p.greet()
			p.ready([]byte{200, 'S', 'o'}) // a 200-byte name in a 3-byte body
		}},
		{"metadata value length past the end", func(t *testing.T, port int, _ string) {
			p := dialZMTP(t, port, "", false)
			p.greet()
			p.ready([]byte{1, 'a', 0, 0}) // the 4-byte value length is cut short
		}},
		{"frame of 2^62 bytes", func(t *testing.T, port int, sockType string) {
			p := dialZMTP(t, port, sockType, true)
			p.write(binary.BigEndian.AppendUint64([]byte{0x02}, 1<<62))
		}},
		{"frame of 1 TiB", func(t *testing.T, port int, sockType string) {
			p := dialZMTP(t, port, sockType, true)
			p.write(binary.BigEndian.AppendUint64([]byte{0x02}, 1<<40))
		}},
		{"message over 64 MiB in small frames", func(t *testing.T, port int, sockType string) {
			p := dialZMTP(t, port, sockType, true)
			chunk := frame(0x01, make([]byte, 1<<20)) // 1 MiB frames, each "more"
			for i := 0; i < 65; i++ {
				if p.write(chunk) != nil {
					return // the kernel hung up, as it should
				}
			}
		}},
		{"10 000 empty frames", func(t *testing.T, port int, sockType string) {
			p := dialZMTP(t, port, sockType, true)
			p.write(bytes.Repeat([]byte{0x01, 0}, 10000))
		}},
		{"signature, then nothing", func(_ *testing.T, port int, _ string) {
			p := dialZMTP(outer, port, "", false)
			p.write([]byte{0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f})
		}},
		{"silent connection", func(_ *testing.T, port int, _ string) {
			// Connects, says nothing, and stays open until the whole test
			// ends, while a second client connects below.
			dialZMTP(outer, port, "", false)
		}},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			for _, ch := range []string{"shell", "control", "stdin", "iopub", "heartbeat"} {
				a.run(t, ports[ch], types[ch])
			}
			time.Sleep(200 * time.Millisecond)
			if !c.alive() {
				t.Fatalf("the kernel died\nkernel log:\n%s", c.log)
			}
			if r, _ := c.run("1 + 1").result(); r != "2" {
				t.Fatalf("the kernel stopped answering: %q", r)
			}
		})
	}
	// A new client can still connect to every socket (a silent or hostile
	// peer must not block the accept loop).
	c2 := startKernelClient(t, c)
	if r, _ := c2.run("2 + 2").result(); r != "4" {
		t.Fatalf("a second client: %q", r)
	}
	// A large message under the limit still gets through.
	id := c2.send(c2.shell, "kernel_info_request", map[string]any{"pad": strings.Repeat("x", 20<<20)})
	c2.reply(&c2.shells, id, 20*time.Second)
	log := c.log.String()
	if strings.Contains(log, "panic") {
		t.Errorf("the kernel logged a panic:\n%s", log)
	}
	for _, want := range []string{"more than 64 MiB", "more than 4096 frames"} {
		if !strings.Contains(log, want) {
			t.Errorf("the kernel did not log a dropped connection (%q)", want)
		}
	}
	if strings.Contains(log, c.key) {
		t.Error("the kernel's log contains the connection key")
	}
}

// TestListensOnlyWhereTold checks that the kernel's listening sockets are
// the five of the connection file, on its address (127.0.0.1) only.
func TestListensOnlyWhereTold(t *testing.T) {
	c := shared(t)
	pid := c.cmd.Process.Pid
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		l, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if err == nil && strings.HasPrefix(l, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] = true
		}
	}
	var listening []string
	for _, table := range []string{"tcp", "tcp6"} {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/%s", pid, table))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) < 10 || f[3] != "0A" || !inodes[f[9]] { // 0A: LISTEN
				continue
			}
			listening = append(listening, table+" "+procAddr(f[1]))
		}
	}
	want := map[string]bool{}
	for _, p := range []int{c.info.ShellPort, c.info.IOPubPort, c.info.StdinPort, c.info.ControlPort, c.info.HBPort} {
		want[fmt.Sprintf("tcp 127.0.0.1:%d", p)] = true
	}
	for _, l := range listening {
		if !want[l] {
			t.Errorf("the kernel listens on %s, which the connection file does not name", l)
		}
		delete(want, l)
	}
	if len(want) > 0 {
		t.Errorf("not listening on %v (listening: %v)", want, listening)
	}
}

// procAddr decodes a /proc/net/tcp address ("0100007F:1F90") for IPv4; IPv6
// addresses are returned as they are.
func procAddr(s string) string {
	host, port, _ := strings.Cut(s, ":")
	p, _ := strconv.ParseUint(port, 16, 16)
	if len(host) != 8 {
		return fmt.Sprintf("[%s]:%d", host, p)
	}
	b, _ := hex.DecodeString(host)
	return fmt.Sprintf("%d.%d.%d.%d:%d", b[3], b[2], b[1], b[0], p)
}

// TestStartupErrors checks that a kernel that cannot start says why and
// exits, and that a connection file without a key is warned about.
func TestStartupErrors(t *testing.T) {
	p := freePorts(t, 5)
	good := wire.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], IOPubPort: p[1], StdinPort: p[2],
		ControlPort: p[3], HBPort: p[4], Key: "a-secret-key-0123", SignatureScheme: "hmac-sha256"}
	write := func(info any) string {
		data, _ := json.Marshal(info)
		f := filepath.Join(t.TempDir(), "connection.json")
		os.WriteFile(f, data, 0o600)
		return f
	}
	md5 := good
	md5.SignatureScheme = "hmac-md5"
	elsewhere := good
	elsewhere.IP = "192.0.2.1" // TEST-NET-1: not an address of this machine
	tests := []struct {
		name, file, want string
	}{
		{"missing file", filepath.Join(t.TempDir(), "none.json"), "reading connection file"},
		{"not JSON", write("{"), "not valid JSON"},
		{"unsupported signature scheme", write(md5), `signature_scheme "hmac-md5" is not supported`},
		{"an address not of this machine", write(elsewhere), "binding shell socket to tcp://192.0.2.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, kernelBin, "kernel", tc.file).CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Fatalf("exit: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), tc.want) {
				t.Errorf("output %q lacks %q", out, tc.want)
			}
			if strings.Contains(string(out), good.Key) {
				t.Errorf("output shows the key: %s", out)
			}
		})
	}
	t.Run("no key", func(t *testing.T) {
		nokey := good
		nokey.Key = ""
		log := &syncBuffer{}
		cmd := exec.Command(kernelBin, "kernel", write(nokey))
		cmd.Stderr = log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { cmd.Process.Kill(); cmd.Wait() }()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(log.String(), "no key") && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if !strings.Contains(log.String(), "no key") {
			t.Errorf("no warning about the missing key: %q", log)
		}
	})
}
