package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// zmtpStream is what a peer sends: a greeting, a READY command, then frames.
func zmtpStream(frames ...[]byte) []byte {
	g := make([]byte, greetingSize)
	g[0], g[9], g[10] = 0xff, 0x7f, 3
	copy(g[12:], "NULL")
	out := append(g, zmtpFrame(0x04, append([]byte{5}, "READY"...))...)
	for _, f := range frames {
		out = append(out, f...)
	}
	return out
}

func zmtpFrame(flags byte, body []byte) []byte {
	if len(body) < 256 {
		return append([]byte{flags, byte(len(body))}, body...)
	}
	return append(binary.BigEndian.AppendUint64([]byte{flags | 0x02}, uint64(len(body))), body...)
}

func longHeader(flags byte, size uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{flags | 0x02}, size)
}

// scanChunks feeds stream to a fresh guardConn in random pieces and
// returns the first error.
func scanChunks(stream []byte, rng *rand.Rand) (*guardConn, error) {
	c := &guardConn{greeting: greetingSize}
	for len(stream) > 0 {
		k := 1 + rng.IntN(min(len(stream), 300))
		if err := c.scan(stream[:k]); err != nil {
			return c, err
		}
		stream = stream[k:]
	}
	return c, nil
}

func TestGuardScan(t *testing.T) {
	big := make([]byte, 70000)
	tests := []struct {
		name   string
		stream []byte
		ok     bool
	}{
		{"a Jupyter message", zmtpStream(zmtpFrame(1, []byte("id")), zmtpFrame(1, []byte(Delimiter)), zmtpFrame(1, []byte("sig")),
			zmtpFrame(1, []byte("{}")), zmtpFrame(1, []byte("{}")), zmtpFrame(1, []byte("{}")), zmtpFrame(0, []byte("{}"))), true},
		{"long frames", zmtpStream(zmtpFrame(1, big), zmtpFrame(0, big), zmtpFrame(0, nil)), true},
		{"many messages of 40 MiB in all", zmtpStream(bytes.Repeat(zmtpFrame(0, big), 600)), true},
		{"a frame of 2^62 bytes", zmtpStream(longHeader(0, 1<<62)), false},
		{"a frame just over the limit", zmtpStream(longHeader(0, MaxMessageSize+1)), false},
		{"a frame of exactly the limit minus its header", zmtpStream(longHeader(0, MaxMessageSize-9)), true},
		{"frames summing over the limit", zmtpStream(longHeader(1, 40<<20), make([]byte, 40<<20), longHeader(0, 30<<20)), false},
		{"too many frames", zmtpStream(bytes.Repeat([]byte{1, 0}, MaxFrames+1)), false},
		{"many frames in separate messages", zmtpStream(bytes.Repeat([]byte{0, 0}, 3*MaxFrames)), true},
		{"a huge command", zmtpStream(longHeader(0x04, 1<<40)), false},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range tests {
		for range 3 {
			c, err := scanChunks(tc.stream, rng)
			if tc.ok && err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			if !tc.ok && !errors.Is(err, errPeerLimit) {
				t.Errorf("%s: accepted (state %+v)", tc.name, c)
			}
		}
	}
}

func TestParseMetadata(t *testing.T) {
	prop := func(k, v string) []byte {
		b := append([]byte{byte(len(k))}, k...)
		return append(binary.BigEndian.AppendUint32(b, uint32(len(v))), v...)
	}
	good := append(prop("socket-type", "DEALER"), prop("Identity", "abc")...)
	md := zmq4.Metadata{}
	if err := parseMetadata(good, md); err != nil || md["Socket-Type"] != "DEALER" || md["Identity"] != "abc" {
		t.Fatalf("%v %v", md, err)
	}
	for _, bad := range [][]byte{
		{200, 'S', 'o'},
		{1, 'a', 0, 0},
		{1, 'a', 0, 0, 0, 9, 'x'},
		append(prop("a", "b"), 3),
		{1, 'a', 0xff, 0xff, 0xff, 0xff},
	} {
		if err := parseMetadata(bad, zmq4.Metadata{}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestGuardedEndpoint(t *testing.T) {
	if got := guardedEndpoint("tcp://127.0.0.1:5555"); got != "gonlm-tcp://127.0.0.1:5555" {
		t.Error(got)
	}
	if got := guardedEndpoint("ipc:///tmp/k-1"); got != "gonlm-ipc:///tmp/k-1" {
		t.Error(got)
	}
}

// TestListenerAdmitsAfterSignature checks that a connection reaches Accept
// only after its peer has sent the ZMTP signature, and that a silent peer
// does not hold up the next one.
func TestListenerAdmitsAfterSignature(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := newGuardListener(raw)
	defer l.Close()
	silent, err := net.Dial("tcp", raw.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	talker, err := net.Dial("tcp", raw.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer talker.Close()
	stream := zmtpStream()
	talker.Write(stream)
	got := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			got <- c
		}
	}()
	var c net.Conn
	select {
	case c = <-got:
	case <-time.After(HandshakeTimeout / 2):
		t.Fatal("the talking peer was not admitted")
	}
	buf := make([]byte, len(stream))
	if _, err := c.Read(buf[:3]); err != nil {
		t.Fatal(err)
	}
	n := 3
	for n < len(buf) {
		k, err := c.Read(buf[n:])
		if err != nil {
			t.Fatal(err)
		}
		n += k
	}
	if !bytes.Equal(buf, stream) {
		t.Error("the admitted connection does not replay the peer's bytes")
	}
	l.Close()
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close: %v", err)
	}
}

func TestDecodeRejects(t *testing.T) {
	s := NewSigner("secret")
	m, _ := NewMessage("sess", MsgExecuteRequest, nil, ExecuteRequest{Code: "1+1"})
	m.Identities = [][]byte{[]byte("peer")}
	frames := Encode(m, s)
	with := func(i int, b []byte) [][]byte {
		g := append([][]byte{}, frames...)
		g[i] = b
		return g
	}
	sig := string(frames[2])
	flipped := []byte(sig)
	flipped[5] ^= 1
	tests := []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"unsigned", with(2, nil), ErrBadSignature},
		{"wrong signature", with(2, flipped), ErrBadSignature},
		{"signature of another message", with(2, []byte(s.Sign([]byte("{}"), []byte("{}"), []byte("{}"), []byte("{}")))), ErrBadSignature},
		{"truncated signature", with(2, []byte(sig[:32])), ErrBadSignature},
		{"signature with junk after it", with(2, []byte(sig+"00")), ErrBadSignature},
		{"tampered header", with(3, bytes.Replace(frames[3], []byte("execute_request"), []byte("shutdown_request"), 1)), ErrBadSignature},
		{"tampered parent", with(4, []byte(`{"msg_id":"x"}`)), ErrBadSignature},
		{"tampered metadata", with(5, []byte(`{"x":1}`)), ErrBadSignature},
		{"tampered content", with(6, []byte(`{"code":"os.Exit(1)"}`)), ErrBadSignature},
		{"frames swapped", with(6, frames[5]), ErrBadSignature},
		{"oversized", append(append([][]byte{}, frames...), make([]byte, MaxMessageSize)), ErrTooLarge},
		{"too many frames", append(append([][]byte{}, frames...), make([][]byte, MaxFrames)...), ErrTooLarge},
	}
	for _, tc := range tests {
		if _, err := Decode(tc.frames, s); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	for n := 0; n < 7; n++ { // truncated: any prefix of the frames
		if _, err := Decode(frames[:n], s); err == nil {
			t.Errorf("%d of %d frames accepted", n, len(frames))
		}
	}
	if _, err := Decode(frames, s); err != nil {
		t.Fatalf("the original: %v", err)
	}
	// The key never appears in an error.
	for _, tc := range tests {
		if _, err := Decode(tc.frames, s); err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: error mentions the key: %v", tc.name, err)
		}
	}
}
