package session

import (
	"errors"
	"sync"
)

// ErrNoStdin is returned by reads from standard input when the front end does not
// accept input requests (allow_stdin=false, e.g. nbconvert) or outside a cell.
var ErrNoStdin = errors.New("standard input is not available: the front end does not accept input requests (allow_stdin is false)")

// stdinReader is the interpreter's standard input: a read with nothing buffered
// asks the current cell's front end for a line (input_request), blocking until
// the reply or an interrupt.
type stdinReader struct {
	s   *Session
	mu  sync.Mutex
	buf []byte
}

// Read implements io.Reader.
func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		c := r.s.currentCell()
		if c == nil || !c.req.AllowStdin {
			return 0, ErrNoStdin
		}
		r.s.syncOutput()
		line, err := c.fe.Input(c.ctx, "", false)
		if err != nil {
			return 0, err
		}
		r.buf = append([]byte(line), '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// reset drops input left over from an earlier cell (unless a read from a
// goroutine of an earlier cell is waiting for input right now).
func (r *stdinReader) reset() {
	if r.mu.TryLock() {
		r.buf = nil
		r.mu.Unlock()
	}
}

// Stdin is what cells see as os.Stdin: reading from it, directly or through
// bufio, fmt.Fscan and the like, asks the front end for a line of input, as
// fmt.Scan does. It has the methods of *os.File that make sense for a stream
// that is not a file; code that needs a real *os.File for standard input does
// not compile in a cell.
type Stdin struct{ r *stdinReader }

// Read implements io.Reader: it returns buffered input, or asks for a line.
func (s *Stdin) Read(p []byte) (int, error) { return s.r.Read(p) }

// Close does nothing: the kernel's standard input stays open.
func (s *Stdin) Close() error { return nil }

// Name returns "/dev/stdin".
func (s *Stdin) Name() string { return "/dev/stdin" }

// Fd returns 0, standard input's descriptor number.
func (s *Stdin) Fd() uintptr { return 0 }
