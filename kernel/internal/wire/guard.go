package wire

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// What a peer may send before the kernel drops its connection. Any process
// that can reach a port can connect, before any HMAC is checked, so these
// bounds hold for everything that arrives.
const (
	// MaxMessageSize bounds one incoming multipart message (all frames,
	// with their headers).
	MaxMessageSize = 64 << 20
	// MaxFrames bounds the frames of one incoming message.
	MaxFrames = 4096
	// WriteTimeout bounds one write to a peer. zmq4 v0.17.0's PUB socket
	// sends to its subscribers one after another from one goroutine, so a
	// subscriber that stops reading (a hung front end, or any local process:
	// subscribing needs no key) would stall IOPub for everyone, and with it
	// every cell and status message; its connection is dropped instead.
	WriteTimeout = 10 * time.Second
	// HandshakeTimeout bounds the ZMTP greeting and handshake of a new
	// connection: zmq4 v0.17.0 performs it on its accept goroutine, so a
	// peer that connects and says nothing would block every later
	// connection.
	HandshakeTimeout = 5 * time.Second
)

// The guards below work around three faults of zmq4 v0.17.0 that any peer
// able to connect could use to crash or block the kernel (found by
// kerneltest's TestHostilePeers):
//
//   - conn.read allocates a frame of whatever size the frame header declares
//     (up to 2⁶³−1 bytes): a 10-byte header kills the process with
//     "makeslice: len out of range" or an out-of-memory fatal error;
//   - Property.Write (the READY command's metadata) slices past the end of
//     a short body and panics on the accept goroutine;
//   - the handshake runs on the accept goroutine without a deadline, so one
//     peer that connects and says nothing blocks every later connection;
//   - writes have no deadline, and the PUB socket writes to its subscribers
//     in turn, so one subscriber that stops reading stalls IOPub.
//
// guardTransport wraps tcp and ipc connections in a reader that follows the
// ZMTP framing and refuses frames and messages over the bounds before zmq4
// sees their length, admitted only once they have sent a ZMTP signature,
// with a deadline on the handshake and on every write; guardSecurity is the
// NULL mechanism with a bounds-checked metadata parser.

// guardLog receives the guards' log lines (the last logger given to Listen).
var guardLog atomic.Pointer[slog.Logger]

func logGuard() *slog.Logger {
	if l := guardLog.Load(); l != nil {
		return l
	}
	return slog.New(slog.DiscardHandler)
}

var registerGuards = sync.OnceValue(func() error {
	for scheme, network := range map[string]string{"tcp": "tcp", "ipc": "unix"} {
		if err := zmq4.RegisterTransport(guardScheme(scheme), guardTransport{transport.New(network)}); err != nil {
			return fmt.Errorf("registering the guarded %s transport: %w", scheme, err)
		}
	}
	return nil
})

// guardScheme names the guarded transport registered for scheme.
func guardScheme(scheme string) string { return "gonlm-" + scheme }

// guardedEndpoint returns endpoint ("tcp://…", "ipc://…") with its scheme
// replaced by the guarded transport's.
func guardedEndpoint(endpoint string) string {
	scheme, rest, ok := strings.Cut(endpoint, "://")
	if !ok {
		return endpoint
	}
	return guardScheme(scheme) + "://" + rest
}

// guardTransport listens like the transport it wraps and guards every
// connection it accepts.
type guardTransport struct{ transport.Transport }

func (g guardTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := g.Transport.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	return newGuardListener(l), nil
}

// guardListener accepts connections on a goroutine of its own and hands
// zmq4 only those whose peer has sent the 10-byte ZMTP signature (a ZMTP 3
// peer sends it without waiting for ours), so that a port scanner or a peer
// that connects and says nothing never reaches zmq4's accept goroutine. A
// peer that stalls later in the handshake holds that goroutine for at most
// HandshakeTimeout.
type guardListener struct {
	net.Listener
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newGuardListener(l net.Listener) *guardListener {
	g := &guardListener{Listener: l, conns: make(chan net.Conn), done: make(chan struct{})}
	go g.acceptLoop()
	return g
}

func (l *guardListener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond) // e.g. out of file descriptors
			continue
		}
		go l.admit(c)
	}
}

// admit waits for the peer's signature, then queues the connection for
// Accept.
func (l *guardListener) admit(c net.Conn) {
	_ = c.SetReadDeadline(time.Now().Add(HandshakeTimeout))
	g := &guardConn{Conn: c, greeting: greetingSize - signatureSize}
	if _, err := io.ReadFull(c, g.sig[:]); err != nil {
		logGuard().Debug("dropping a connection that sent no ZMTP signature", "peer", c.RemoteAddr().String(), "err", err)
		_ = c.Close()
		return
	}
	g.pre = g.sig[:]
	select {
	case l.conns <- g:
	case <-l.done:
		_ = c.Close()
	}
}

func (l *guardListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *guardListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// guardConn follows the ZMTP 3 stream a peer sends (a 64-byte greeting, then
// frames: a flags byte, a 1- or 8-byte length, the body) and fails the read
// that would hand zmq4 the length of a frame or message over the bounds.
type guardConn struct {
	net.Conn
	sig      [signatureSize]byte
	pre      []byte // the part of sig not yet handed to zmq4
	greeting int    // bytes of the peer's greeting still to come
	hdr      []byte // the frame header read so far
	body     uint64 // bytes of the current frame's body still to come
	msgSize  uint64 // bytes of the current message so far
	frames   int    // frames of the current message so far
	more     bool   // the current frame is followed by another of its message
	ready    bool   // the handshake's first command has been read
	err      error
}

// The length of a ZMTP 3 greeting and of the signature that opens it.
const (
	greetingSize  = 64
	signatureSize = 10
)

var errPeerLimit = errors.New("wire: peer exceeded a protocol limit")

func (c *guardConn) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if len(c.pre) > 0 {
		n := copy(p, c.pre)
		c.pre = c.pre[n:]
		return n, nil
	}
	n, err := c.Conn.Read(p)
	if err != nil {
		// Terminal (a timeout only happens in the handshake): zmq4 does
		// not close a connection whose handshake failed.
		_ = c.Conn.Close()
	}
	if verr := c.scan(p[:n]); verr != nil {
		c.err = verr
		logGuard().Warn("dropping a connection", "peer", c.RemoteAddr().String(), "local", c.LocalAddr().String(), "reason", verr.Error())
		_ = c.Conn.Close()
		return 0, verr
	}
	return n, err
}

// Write writes p within WriteTimeout, or drops the connection: the error then
// wraps io.EOF, which makes zmq4 forget the connection (it keeps one whose
// write merely timed out, and would block on it again).
func (c *guardConn) Write(p []byte) (int, error) {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(WriteTimeout))
	n, err := c.Conn.Write(p)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			logGuard().Warn("dropping a connection that stopped reading", "peer", c.RemoteAddr().String(),
				"local", c.LocalAddr().String(), "timeout", WriteTimeout)
		}
		_ = c.Conn.Close()
		return n, fmt.Errorf("wire: %v: %w", err, io.EOF)
	}
	return n, nil
}

// scan advances the ZMTP state over b.
func (c *guardConn) scan(b []byte) error {
	for len(b) > 0 {
		switch {
		case c.greeting > 0:
			k := min(c.greeting, len(b))
			c.greeting -= k
			b = b[k:]
		case c.body > 0:
			k := uint64(len(b))
			if k > c.body {
				k = c.body
			}
			c.body -= k
			b = b[k:]
			if c.body == 0 {
				c.endFrame()
			}
		default:
			c.hdr = append(c.hdr, b[0])
			b = b[1:]
			flags := c.hdr[0]
			need := 2
			if flags&0x02 != 0 {
				need = 9
			}
			if len(c.hdr) < need {
				continue
			}
			var size uint64
			if need == 2 {
				size = uint64(c.hdr[1])
			} else {
				size = binary.BigEndian.Uint64(c.hdr[1:9])
			}
			c.more = flags&0x01 != 0
			c.frames++
			c.msgSize += uint64(need)
			if size > MaxMessageSize || c.msgSize+size > MaxMessageSize {
				return fmt.Errorf("%w: a message of more than %d MiB (a frame of %d bytes)", errPeerLimit, MaxMessageSize>>20, size)
			}
			if c.frames > MaxFrames {
				return fmt.Errorf("%w: a message of more than %d frames", errPeerLimit, MaxFrames)
			}
			c.msgSize += size
			c.hdr = c.hdr[:0]
			c.body = size
			if size == 0 {
				c.endFrame()
			}
		}
	}
	return nil
}

func (c *guardConn) endFrame() {
	if !c.ready {
		// The peer's READY command: the handshake is over (as far as
		// what it sends goes), and an idle connection is fine from now on.
		c.ready = true
		if c.Conn != nil {
			_ = c.Conn.SetReadDeadline(time.Time{})
		}
	}
	if !c.more {
		c.frames, c.msgSize = 0, 0
	}
}

// guardSecurity is ZMTP's NULL mechanism (what jupyter_client uses) with a
// metadata parser that checks its bounds.
type guardSecurity struct{}

func (guardSecurity) Type() zmq4.SecurityType { return zmq4.NullSecurity }

func (guardSecurity) Handshake(conn *zmq4.Conn, server bool) error {
	raw, err := conn.Meta.MarshalZMTP()
	if err != nil {
		return fmt.Errorf("could not marshal metadata: %w", err)
	}
	if err := conn.SendCmd(zmq4.CmdReady, raw); err != nil {
		return fmt.Errorf("could not send metadata to peer: %w", err)
	}
	cmd, err := conn.RecvCmd()
	if err != nil {
		return fmt.Errorf("could not receive metadata from peer: %w", err)
	}
	if cmd.Name != zmq4.CmdReady {
		return fmt.Errorf("peer sent %q instead of READY", cmd.Name)
	}
	return parseMetadata(cmd.Body, conn.Peer.Meta)
}

func (guardSecurity) Encrypt(w io.Writer, data []byte) (int, error) {
	return w.Write(data)
}

func (guardSecurity) Decrypt(w io.Writer, data []byte) (int, error) {
	return w.Write(data)
}

// parseMetadata decodes ZMTP properties (a 1-byte name length, the name, a
// 4-byte big-endian value length, the value) into md, with names in the
// title case zmq4 uses ("Socket-Type", "Identity").
func parseMetadata(b []byte, md zmq4.Metadata) error {
	for len(b) > 0 {
		n := int(b[0])
		if 1+n+4 > len(b) {
			return errors.New("peer metadata: a property name runs past the end")
		}
		name := titleCase(string(b[1 : 1+n]))
		v := binary.BigEndian.Uint32(b[1+n : 1+n+4])
		b = b[1+n+4:]
		if uint64(v) > uint64(len(b)) {
			return errors.New("peer metadata: a property value runs past the end")
		}
		md[name] = string(b[:v])
		b = b[v:]
	}
	return nil
}

// titleCase upper-cases the first letter of each '-'-separated word.
func titleCase(s string) string {
	b := []byte(s)
	for i := range b {
		if (i == 0 || b[i-1] == '-') && 'a' <= b[i] && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}
