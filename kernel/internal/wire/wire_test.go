package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseConnectionInfo(t *testing.T) {
	good := `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-sha256"}`
	tests := []struct {
		name, json, wantErr string
	}{
		{"good", good, ""},
		{"not json", `{`, "not valid JSON"},
		{"bad transport", strings.Replace(good, `"tcp"`, `"udp"`, 1), "transport"},
		{"bad ip", strings.Replace(good, `127.0.0.1`, `nowhere`, 1), "ip"},
		{"zero port", strings.Replace(good, `"hb_port":5`, `"hb_port":0`, 1), "hb_port"},
		{"duplicate port", strings.Replace(good, `"hb_port":5`, `"hb_port":1`, 1), "own port"},
		{"bad scheme", strings.Replace(good, `hmac-sha256`, `hmac-md5`, 1), "signature_scheme"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ci, err := ParseConnectionInfo([]byte(tc.json))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := ci.Endpoint(ci.ShellPort); got != "tcp://127.0.0.1:1" {
					t.Errorf("endpoint %q", got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
			}
		})
	}
}

func TestEndpoint(t *testing.T) {
	tests := []struct {
		transport, ip string
		want          string
	}{
		{"tcp", "127.0.0.1", "tcp://127.0.0.1:5555"},
		{"tcp", "*", "tcp://0.0.0.0:5555"},
		{"tcp", "::1", "tcp://[::1]:5555"},
		{"ipc", "/tmp/kernel", "ipc:///tmp/kernel-5555"},
	}
	for _, tc := range tests {
		ci := &ConnectionInfo{Transport: tc.transport, IP: tc.ip}
		if got := ci.Endpoint(5555); got != tc.want {
			t.Errorf("Endpoint(%s, %s) = %s, want %s", tc.transport, tc.ip, got, tc.want)
		}
	}
}

func TestSignKnownVector(t *testing.T) {
	// HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), RFC 4231-style
	// published value.
	s := NewSigner("key")
	got := s.Sign([]byte("The quick brown fox "), []byte("jumps over the lazy dog"))
	want := "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
	if got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	if !s.Verify([]byte(strings.ToUpper(want)), []byte("The quick brown fox jumps over the lazy dog")) {
		t.Error("Verify rejected the correct (upper-case) signature")
	}
}

func TestEncodeDecode(t *testing.T) {
	s := NewSigner("secret")
	parent := &Message{Identities: [][]byte{[]byte("peer")}, RawHeader: json.RawMessage(`{"msg_id":"p1","msg_type":"execute_request"}`)}
	m, err := NewMessage("sess", "execute_reply", parent, map[string]any{"status": "ok"})
	if err != nil {
		t.Fatal(err)
	}
	m.Buffers = [][]byte{[]byte("buf")}
	frames := Encode(m, s)
	tests := []struct {
		name    string
		mutate  func([][]byte) [][]byte
		signer  *Signer
		wantErr error
	}{
		{"round trip", func(f [][]byte) [][]byte { return f }, s, nil},
		{"tampered content", func(f [][]byte) [][]byte {
			g := append([][]byte{}, f...)
			g[6] = []byte(`{"status":"error"}`)
			return g
		}, s, ErrBadSignature},
		{"wrong key", func(f [][]byte) [][]byte { return f }, NewSigner("other"), ErrBadSignature},
		{"no key accepts anything", func(f [][]byte) [][]byte { return f }, NewSigner(""), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.mutate(frames), tc.signer)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if got.Header.MsgType != "execute_reply" || got.Header.Session != "sess" || got.Header.Version != ProtocolVersion {
				t.Errorf("header %+v", got.Header)
			}
			if got.ParentHeader().MsgID != "p1" || string(got.Identities[0]) != "peer" || string(got.Buffers[0]) != "buf" {
				t.Errorf("parent/identities/buffers lost: %+v", got)
			}
			var c struct{ Status string }
			if err := got.DecodeContent(&c); err != nil || c.Status != "ok" {
				t.Errorf("content %q: %v", got.Content, err)
			}
		})
	}
}

func TestDecodeMalformed(t *testing.T) {
	s := NewSigner("")
	for _, frames := range [][][]byte{
		{[]byte("id")},
		{[]byte(Delimiter), []byte(""), []byte("{}")},
		{[]byte(Delimiter), []byte(""), []byte("{"), []byte("{}"), []byte("{}"), []byte("{}")},
		{[]byte(Delimiter), []byte(""), []byte("{}"), []byte("{}"), []byte("{}"), []byte("{}")},
	} {
		if _, err := Decode(frames, s); err == nil {
			t.Errorf("Decode(%q) succeeded", frames)
		}
	}
}

func ExampleDecode() {
	s := NewSigner("secret key from the connection file")
	m, _ := NewMessage("session-id", "status", nil, map[string]string{"execution_state": "idle"})
	frames := Encode(m, s)
	got, err := Decode(frames, s)
	fmt.Println(got.Header.MsgType, string(got.Content), err)

	frames[len(frames)-1] = []byte(`{"execution_state":"busy"}`) // tampered
	_, err = Decode(frames, s)
	fmt.Println(err)
	// Output:
	// status {"execution_state":"idle"} <nil>
	// wire: bad message signature
}
