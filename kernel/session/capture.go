package session

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// Capture redirects the process's file descriptors 1 and 2 into pipes so that
// everything a cell writes — interpreted fmt.Print*, os.Stdout writes and prints
// from compiled code alike — reaches the kernel, in order per stream. The original
// descriptors are kept (Stdout, Stderr) for the kernel's own logging.
type Capture struct {
	stdout, stderr *os.File // dups of the original fd 1 and fd 2
	outW, errW     *os.File // write ends of the pipes (also dup'ed onto fd 1 and 2)
	sink           func(stream int, p []byte)
	acks           [2]chan struct{}
	syncMu         sync.Mutex
}

// Stream numbers used by Capture and Streamer.
const (
	Stdout = 0
	Stderr = 1
)

var streamNames = [2]string{"stdout", "stderr"}

// marker is written to a pipe by Sync; the reader recognises it as "everything
// before me has been delivered". Its bytes never occur in ordinary text.
var marker = []byte("\x00\x1b[gonlm-sync:6f1c2e9a]\x00")

// StartCapture dup's the original fd 1 and 2, then replaces them with pipes whose
// contents are passed to sink (from two reader goroutines; sink may block, which
// slows the writers once the pipe buffer is full). Crash output of the Go runtime
// goes to the original stderr too.
func StartCapture(sink func(stream int, p []byte)) (*Capture, error) {
	c := &Capture{sink: sink, acks: [2]chan struct{}{make(chan struct{}, 1), make(chan struct{}, 1)}}
	var err error
	if c.stdout, err = dupFile(1, "stdout"); err != nil {
		return nil, err
	}
	if c.stderr, err = dupFile(2, "stderr"); err != nil {
		return nil, err
	}
	for i, fd := range []int{1, 2} {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, fmt.Errorf("capturing output: %w", err)
		}
		if err := dup2(int(w.Fd()), fd); err != nil {
			return nil, fmt.Errorf("capturing output: redirecting fd %d: %w", fd, err)
		}
		if i == 0 {
			c.outW = w
		} else {
			c.errW = w
		}
		go c.readLoop(r, i)
	}
	_ = debug.SetCrashOutput(c.stderr, debug.CrashOptions{})
	return c, nil
}

// Stdout is the process's original standard output.
func (c *Capture) Stdout() *os.File { return c.stdout }

// Stderr is the process's original standard error (the kernel's log goes there).
func (c *Capture) Stderr() *os.File { return c.stderr }

// Sync returns once everything written to fd 1 and 2 before the call has been
// passed to the sink (or after two seconds, should a pipe be stuck).
func (c *Capture) Sync() {
	c.syncMu.Lock()
	defer c.syncMu.Unlock()
	var wrote [2]bool
	for i, w := range []*os.File{c.outW, c.errW} {
		_, err := w.Write(marker)
		wrote[i] = err == nil
	}
	timeout := time.NewTimer(2 * time.Second)
	defer timeout.Stop()
	for i := range wrote {
		if !wrote[i] {
			continue
		}
		select {
		case <-c.acks[i]:
		case <-timeout.C:
			return
		}
	}
}

func (c *Capture) readLoop(r *os.File, stream int) {
	buf := make([]byte, 32<<10)
	var carry []byte
	for {
		n, err := r.Read(buf)
		if n > 0 {
			data := buf[:n]
			if len(carry) > 0 {
				data = append(carry, data...)
				carry = nil
			}
			for {
				i := bytes.Index(data, marker)
				if i < 0 {
					break
				}
				if i > 0 {
					c.sink(stream, data[:i])
				}
				data = data[i+len(marker):]
				select {
				case c.acks[stream] <- struct{}{}:
				default:
				}
			}
			k := partialSuffix(data, marker)
			if len(data) > k {
				c.sink(stream, data[:len(data)-k])
			}
			if k > 0 {
				carry = append([]byte(nil), data[len(data)-k:]...)
			}
		}
		if err != nil {
			if !errors.Is(err, os.ErrClosed) {
				fmt.Fprintf(c.stderr, "gonlm: output capture stopped: %v\n", err)
			}
			return
		}
	}
}

// partialSuffix returns the length of the longest suffix of data that is a proper
// prefix of m.
func partialSuffix(data, m []byte) int {
	max := len(m) - 1
	if max > len(data) {
		max = len(data)
	}
	for k := max; k > 0; k-- {
		if bytes.Equal(data[len(data)-k:], m[:k]) {
			return k
		}
	}
	return 0
}

func dupFile(fd int, name string) (*os.File, error) {
	nfd, err := dup(fd)
	if err != nil {
		return nil, fmt.Errorf("duplicating %s: %w", name, err)
	}
	return os.NewFile(uintptr(nfd), name), nil
}
