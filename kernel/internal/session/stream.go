package session

import (
	"fmt"
	"sync"
	"time"
	"unicode/utf8"
)

// Stream output limits. jupyter_server drops IOPub traffic above 1000 messages/s
// and 1 MB/s (averaged over 3 s), so the Streamer coalesces writes into messages
// of at least FlushBytes (or FlushInterval old), paces them below StreamRate bytes
// per second, and forwards at most CellOutputLimit bytes per cell; the rest is
// counted and reported in one "output truncated" note.
const (
	FlushInterval   = 50 * time.Millisecond
	FlushBytes      = 8 << 10
	maxPending      = 32 << 10
	StreamRate      = 800 << 10
	streamBurst     = 1 << 20
	CellOutputLimit = 1 << 20
)

// Streamer coalesces captured stdout/stderr bytes into stream messages.
type Streamer struct {
	mu        sync.Mutex
	cond      *sync.Cond
	emit      func(name, text string)
	buf       []byte
	cur       int
	since     time.Time
	used      int
	dropped   int
	limit     int
	tokens    float64
	lastToken time.Time
	kick      chan struct{}
}

// NewStreamer returns a Streamer that passes coalesced text to emit (which the
// session switches per cell with SetEmit) and starts its flusher goroutine.
func NewStreamer(emit func(name, text string)) *Streamer {
	s := &Streamer{emit: emit, limit: CellOutputLimit, tokens: streamBurst, lastToken: time.Now(), kick: make(chan struct{}, 1)}
	s.cond = sync.NewCond(&s.mu)
	go s.flusher()
	return s
}

// Write adds p to the pending output of stream (Stdout or Stderr). It blocks while
// FlushBytes·4 bytes are pending, so a fast writer is slowed to the forwarding rate
// until the cell's budget is used up; after that its output is dropped and counted.
func (s *Streamer) Write(stream int, p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if room := s.limit - s.used; len(p) > room {
		if room < 0 {
			room = 0
		}
		s.dropped += len(p) - room
		p = p[:room]
	}
	if len(p) == 0 {
		return
	}
	s.used += len(p)
	for len(s.buf) >= maxPending {
		s.cond.Wait()
	}
	if len(s.buf) > 0 && s.cur != stream {
		s.flushLocked(true)
	}
	if len(s.buf) == 0 {
		s.since = time.Now()
	}
	s.cur = stream
	s.buf = append(s.buf, p...)
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// flushLocked emits the pending text; unless all is set it keeps an incomplete
// UTF-8 sequence at the end for the next message.
func (s *Streamer) flushLocked(all bool) {
	n := len(s.buf)
	if !all {
		n = completeUTF8(s.buf)
	}
	if n == 0 {
		return
	}
	text := string(s.buf[:n])
	rest := copy(s.buf, s.buf[n:])
	s.buf = s.buf[:rest]
	if s.emit != nil {
		s.emit(streamNames[s.cur], text)
	}
	s.tokens -= float64(n)
	s.cond.Broadcast()
}

func (s *Streamer) flusher() {
	for range s.kick {
		for {
			s.mu.Lock()
			if len(s.buf) == 0 {
				s.mu.Unlock()
				break
			}
			if age := time.Since(s.since); len(s.buf) < FlushBytes && age < FlushInterval {
				s.mu.Unlock()
				time.Sleep(FlushInterval - age)
				continue
			}
			now := time.Now()
			s.tokens += now.Sub(s.lastToken).Seconds() * StreamRate
			s.lastToken = now
			if s.tokens > streamBurst {
				s.tokens = streamBurst
			}
			var wait time.Duration
			if s.tokens < 0 {
				wait = time.Duration(-s.tokens / StreamRate * float64(time.Second))
			}
			if wait > 0 {
				s.mu.Unlock()
				time.Sleep(wait)
				continue
			}
			s.flushLocked(false)
			s.mu.Unlock()
		}
	}
}

// Flush emits everything pending now.
func (s *Streamer) Flush() {
	s.mu.Lock()
	s.flushLocked(true)
	s.mu.Unlock()
}

// Begin flushes what is pending to the old destination (with a truncation note if
// output was dropped), then directs output to emit with a fresh budget.
func (s *Streamer) Begin(emit func(name, text string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finishLocked()
	s.emit = emit
	s.used, s.dropped = 0, 0
}

// Finish flushes what is pending and, if output was dropped since Begin, emits one
// note on stderr saying how much.
func (s *Streamer) Finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finishLocked()
}

func (s *Streamer) finishLocked() {
	s.flushLocked(true)
	if s.dropped > 0 && s.emit != nil {
		s.emit("stderr", fmt.Sprintf("\n[output truncated: %d more bytes were not shown; a cell shows at most %d bytes of output]\n", s.dropped, s.limit))
		s.used = s.limit
		s.dropped = 0
	}
}

// completeUTF8 returns the length of the longest prefix of b that does not end in
// the middle of a UTF-8 sequence.
func completeUTF8(b []byte) int {
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return len(b) - i
			}
			return len(b)
		}
	}
	return len(b)
}
