package session

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

type emitted struct {
	mu    sync.Mutex
	names []string
	texts []string
}

func (e *emitted) emit(name, text string) {
	e.mu.Lock()
	e.names = append(e.names, name)
	e.texts = append(e.texts, text)
	e.mu.Unlock()
}

func (e *emitted) all(name string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var b strings.Builder
	for i, n := range e.names {
		if n == name {
			b.WriteString(e.texts[i])
		}
	}
	return b.String()
}

func TestCompleteUTF8(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"é", 2},
		{"a\xc3", 1},         // first byte of é
		{"a\xe2\x82", 1},     // two of the three bytes of €
		{"a\xe2\x82\xac", 4}, // complete €
		{"a\xf0\x9f\x98", 1}, // three of the four bytes of 😀
		{"\xff", 1},          // invalid byte: passed on
	}
	for _, tc := range tests {
		if got := completeUTF8([]byte(tc.in)); got != tc.want {
			t.Errorf("completeUTF8(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestStreamerCoalescesAndOrders(t *testing.T) {
	e := &emitted{}
	s := NewStreamer(nil)
	s.Begin(e.emit)
	for i := 0; i < 100; i++ {
		s.Write(Stdout, []byte("x"))
	}
	s.Write(Stderr, []byte("err\n"))
	s.Write(Stdout, []byte("€"[:2]))
	s.Write(Stdout, []byte("€"[2:]))
	s.Finish()
	if got := e.all("stdout"); got != strings.Repeat("x", 100)+"€" {
		t.Errorf("stdout %q", got)
	}
	if got := e.all("stderr"); got != "err\n" {
		t.Errorf("stderr %q", got)
	}
	// 100 small writes, then a switch of stream: one message each, in order.
	if strings.Join(e.names, ",") != "stdout,stderr,stdout" {
		t.Errorf("messages %v", e.names)
	}
}

func TestStreamerFlushesWhileRunning(t *testing.T) {
	e := &emitted{}
	s := NewStreamer(nil)
	s.Begin(e.emit)
	s.Write(Stdout, []byte("early\n"))
	time.Sleep(4 * FlushInterval)
	if got := e.all("stdout"); got != "early\n" {
		t.Fatalf("after %v: %q, want the text flushed without Finish", 4*FlushInterval, got)
	}
}

func TestStreamerTruncates(t *testing.T) {
	e := &emitted{}
	s := NewStreamer(nil)
	s.Begin(e.emit)
	line := []byte(strings.Repeat("y", 99) + "\n")
	n := 3 * CellOutputLimit / len(line)
	for i := 0; i < n; i++ {
		s.Write(Stdout, line)
	}
	s.Finish()
	out := e.all("stdout")
	if len(out) != CellOutputLimit {
		t.Errorf("forwarded %d bytes, want the limit %d", len(out), CellOutputLimit)
	}
	dropped := n*len(line) - CellOutputLimit
	if note := e.all("stderr"); !strings.Contains(note, "output truncated") || !strings.Contains(note, fmt.Sprintf(" %d more bytes", dropped)) {
		t.Errorf("note %q", note)
	}
	// A new cell has a new budget.
	e2 := &emitted{}
	s.Begin(e2.emit)
	s.Write(Stdout, []byte("fresh"))
	s.Finish()
	if e2.all("stdout") != "fresh" || e2.all("stderr") != "" {
		t.Errorf("next cell: %q %q", e2.all("stdout"), e2.all("stderr"))
	}
}
