package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
	"time"
)

// Delimiter separates the routing identities from the signed part of a message.
const Delimiter = "<IDS|MSG>"

// Header is a Jupyter message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. Parent, Metadata and Content hold the JSON of
// their frames; RawHeader holds the header frame exactly as received (a reply's
// parent_header repeats it byte for byte, unknown fields included).
type Message struct {
	Identities [][]byte
	Header     Header
	RawHeader  json.RawMessage
	Parent     json.RawMessage
	Metadata   json.RawMessage
	Content    json.RawMessage
	Buffers    [][]byte
}

// ParentHeader decodes the parent header; it is the zero Header when there is none.
func (m *Message) ParentHeader() Header {
	var h Header
	if len(m.Parent) > 0 {
		_ = json.Unmarshal(m.Parent, &h)
	}
	return h
}

// DecodeContent unmarshals the content into v.
func (m *Message) DecodeContent(v any) error {
	if len(m.Content) == 0 {
		return json.Unmarshal([]byte("{}"), v)
	}
	if err := json.Unmarshal(m.Content, v); err != nil {
		return fmt.Errorf("%s: bad content: %w", m.Header.MsgType, err)
	}
	return nil
}

// Signer signs and verifies messages with HMAC-SHA256 over the four JSON frames
// (header, parent_header, metadata, content), hex encoded. An empty key disables
// signing: the signature frame is empty and is not checked.
type Signer struct {
	key  []byte
	pool sync.Pool
}

// NewSigner returns a signer for key (the connection file's "key").
func NewSigner(key string) *Signer {
	s := &Signer{key: []byte(key)}
	s.pool.New = func() any { return hmac.New(sha256.New, s.key) }
	return s
}

// Sign returns the hex HMAC of the frames.
func (s *Signer) Sign(frames ...[]byte) string {
	if len(s.key) == 0 {
		return ""
	}
	h := s.pool.Get().(hash.Hash)
	h.Reset()
	for _, f := range frames {
		h.Write(f)
	}
	var sum [sha256.Size]byte
	out := hex.EncodeToString(h.Sum(sum[:0]))
	s.pool.Put(h)
	return out
}

// Verify reports whether sig is the signature of frames (always true without a key).
// The comparison takes constant time.
func (s *Signer) Verify(sig []byte, frames ...[]byte) bool {
	if len(s.key) == 0 {
		return true
	}
	want := s.Sign(frames...)
	return hmac.Equal([]byte(want), bytes.ToLower(sig))
}

// ErrBadSignature is returned by Decode for a message whose HMAC does not match.
var ErrBadSignature = errors.New("wire: bad message signature")

// Decode parses a multipart ZeroMQ message, verifying its signature.
func Decode(frames [][]byte, s *Signer) (*Message, error) {
	i := 0
	for i < len(frames) && string(frames[i]) != Delimiter {
		i++
	}
	if i == len(frames) {
		return nil, errors.New("wire: no <IDS|MSG> delimiter in message")
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("wire: message has %d frames after the delimiter, want at least 5", len(rest))
	}
	if !s.Verify(rest[0], rest[1], rest[2], rest[3], rest[4]) {
		return nil, ErrBadSignature
	}
	m := &Message{
		Identities: frames[:i],
		RawHeader:  json.RawMessage(rest[1]),
		Parent:     json.RawMessage(rest[2]),
		Metadata:   json.RawMessage(rest[3]),
		Content:    json.RawMessage(rest[4]),
	}
	if len(rest) > 5 {
		m.Buffers = rest[5:]
	}
	if err := json.Unmarshal(rest[1], &m.Header); err != nil {
		return nil, fmt.Errorf("wire: bad header: %w", err)
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("wire: header has no msg_type")
	}
	return m, nil
}

// Encode serialises m into frames, signing them.
func Encode(m *Message, s *Signer) [][]byte {
	hdr := m.RawHeader
	if len(hdr) == 0 {
		hdr, _ = json.Marshal(m.Header)
	}
	parent, meta, content := orEmpty(m.Parent), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, []byte(Delimiter), []byte(s.Sign(hdr, parent, meta, content)), hdr, parent, meta, content)
	frames = append(frames, m.Buffers...)
	return frames
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// NewID returns a random 128-bit identifier in UUID text form.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Now returns the current time as an ISO 8601 string with microseconds, as the
// header's "date" field needs.
func Now() string {
	return time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
}

// NewMessage builds a message of msgType in session, replying to parent (nil for
// none): the parent's header becomes parent_header and, unless idents is given, its
// identities are reused for routing. Content is marshalled to JSON.
func NewMessage(session, msgType string, parent *Message, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("encoding %s content: %w", msgType, err)
	}
	m := &Message{
		Header: Header{
			MsgID:    NewID(),
			Session:  session,
			Username: "kernel",
			Date:     Now(),
			MsgType:  msgType,
			Version:  ProtocolVersion,
		},
		Content: c,
	}
	if parent != nil {
		m.Parent = parent.RawHeader
		m.Identities = parent.Identities
	}
	return m, nil
}
