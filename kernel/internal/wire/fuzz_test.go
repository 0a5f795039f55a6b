package wire

import (
	"bytes"
	"reflect"
	"regexp"
	"testing"

	"github.com/go-zeromq/zmq4"
)

// fuzzKey signs the fuzz targets' messages.
const fuzzKey = "fuzz-key"

// frameSep separates the frames of a multipart message in a fuzz input.
var frameSep = []byte("|\x00|")

// FuzzDecode feeds Decode any frames. With sign set, the frames after the
// delimiter are signed with the key first, so that the fuzzer reaches the
// header's JSON and what the dispatcher decodes from the content. A message
// Decode accepts must re-encode to itself and its content must decode (or
// fail cleanly) into every request type.
func FuzzDecode(f *testing.F) {
	s := NewSigner(fuzzKey)
	for _, c := range []any{ExecuteRequest{Code: "1+1"}, CompleteRequest{Code: "fm", CursorPos: 2}, map[string]any{}, "x", nil} {
		m, _ := NewMessage("sess", MsgExecuteRequest, nil, c)
		m.Identities = [][]byte{[]byte("peer")}
		f.Add(bytes.Join(Encode(m, s), frameSep), false)
		f.Add(bytes.Join(Encode(m, s), frameSep), true)
	}
	f.Add([]byte("<IDS|MSG>|\x00||\x00|{\"msg_type\":\"x\"}|\x00|{}|\x00|{}|\x00|{}"), true)
	f.Add([]byte("<IDS|MSG>"), true)
	f.Fuzz(func(t *testing.T, data []byte, sign bool) {
		frames := bytes.Split(data, frameSep)
		if sign {
			for i, fr := range frames {
				if string(fr) == Delimiter && len(frames) >= i+6 {
					frames[i+1] = []byte(s.Sign(frames[i+2], frames[i+3], frames[i+4], frames[i+5]))
					break
				}
			}
		}
		m, err := Decode(frames, s)
		if _, err2 := Decode(frames, NewSigner("")); err == nil && err2 != nil {
			t.Fatalf("accepted with a key but not without: %v", err2)
		}
		if err != nil {
			return
		}
		if m.Header.MsgType == "" {
			t.Fatal("accepted a header without msg_type")
		}
		back, err := Decode(Encode(m, s), s)
		if err != nil {
			t.Fatalf("re-encoded message does not decode: %v", err)
		}
		if back.Header != m.Header || !bytes.Equal(back.Content, orEmpty(m.Content)) || len(back.Identities) != len(m.Identities) {
			t.Fatalf("round trip changed the message: %+v → %+v", m, back)
		}
		_ = m.ParentHeader()
		for _, v := range []any{&ExecuteRequest{}, &CompleteRequest{}, &InspectRequest{}, &IsCompleteRequest{},
			&HistoryRequest{}, &ShutdownRequest{}, &InputReply{}, &map[string]any{}} {
			_ = m.DecodeContent(v)
		}
	})
}

// FuzzGuardScan checks that the connection guard reaches the same verdict
// however the stream is cut into reads, and never panics.
func FuzzGuardScan(f *testing.F) {
	f.Add(zmtpStream(zmtpFrame(1, []byte("id")), zmtpFrame(0, []byte("{}"))), uint16(7))
	f.Add(zmtpStream(longHeader(0, 1<<62)), uint16(70))
	f.Add(zmtpStream(bytes.Repeat([]byte{1, 0}, 100)), uint16(1))
	f.Add(zmtpStream(zmtpFrame(0, make([]byte, 300))), uint16(65))
	f.Fuzz(func(t *testing.T, stream []byte, cut uint16) {
		whole := &guardConn{greeting: greetingSize}
		errWhole := whole.scan(stream)
		k := int(cut) % (len(stream) + 1)
		parts := &guardConn{greeting: greetingSize}
		errParts := parts.scan(stream[:k])
		if errParts == nil {
			errParts = parts.scan(stream[k:])
		}
		if (errWhole == nil) != (errParts == nil) {
			t.Fatalf("whole: %v; cut at %d: %v", errWhole, k, errParts)
		}
		if errWhole == nil && (whole.body != parts.body || whole.frames != parts.frames || whole.msgSize != parts.msgSize) {
			t.Fatalf("states differ: %+v vs %+v", whole, parts)
		}
		if whole.msgSize > MaxMessageSize || whole.frames > MaxFrames {
			t.Fatalf("state beyond the limits without an error: %+v", whole)
		}
	})
}

var plainName = regexp.MustCompile(`^[A-Za-z-]*$`)

// FuzzParseMetadata compares the guard's metadata parser with zmq4's where
// zmq4 does not panic (it does on short bodies: the reason for ours).
func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte("\x0bSocket-Type\x00\x00\x00\x06DEALER\x08Identity\x00\x00\x00\x00"))
	f.Add([]byte{200, 'S', 'o'})
	f.Add([]byte{1, 'a', 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		ours := zmq4.Metadata{}
		errOurs := parseMetadata(b, ours)
		theirs := zmq4.Metadata{}
		var errTheirs error
		panicked := func() (p bool) {
			defer func() { p = recover() != nil }()
			errTheirs = theirs.UnmarshalZMTP(b)
			return false
		}()
		if panicked {
			return
		}
		for k := range theirs {
			if !plainName.MatchString(k) {
				return // zmq4 title-cases with Unicode rules; ours with ASCII ones
			}
		}
		if (errOurs == nil) != (errTheirs == nil) {
			t.Fatalf("ours: %v, zmq4: %v", errOurs, errTheirs)
		}
		if errOurs == nil && !reflect.DeepEqual(ours, theirs) {
			t.Fatalf("ours %q, zmq4 %q", ours, theirs)
		}
	})
}
