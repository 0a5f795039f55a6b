package session

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"syscall"
)

// Capture redirects the process's file descriptors 1 and 2 into pipes so that
// everything a cell writes — interpreted fmt.Print*, os.Stdout writes and prints
// from compiled code alike — reaches the kernel, in order per stream. The original
// descriptors are kept (Stdout, Stderr) for the kernel's own logging.
//
// Each pipe is drained by a goroutine woken by the runtime poller, and by Sync;
// both read and deliver under the pipe's mutex, so when Sync returns, every byte
// written before it was called has been delivered, in order.
type Capture struct {
	stdout, stderr *os.File // dups of the original fd 1 and fd 2
	readers        [2]*os.File
	raw            [2]syscall.RawConn
	mu             [2]sync.Mutex
	buf            [2][]byte
	sink           func(stream int, p []byte)
}

// Stream numbers used by Capture and Streamer.
const (
	Stdout = 0
	Stderr = 1
)

var streamNames = [2]string{"stdout", "stderr"}

// StartCapture dup's the original fd 1 and 2, then replaces them with pipes whose
// contents are passed to sink (sink may block, which slows the writers once the
// pipe buffer is full). Crash output of the Go runtime goes to the original
// stderr too.
func StartCapture(sink func(stream int, p []byte)) (*Capture, error) {
	c := &Capture{sink: sink}
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
		w.Close() // fd 1 (2) is now the pipe's write end
		c.readers[i] = r
		if c.raw[i], err = r.SyscallConn(); err != nil {
			return nil, fmt.Errorf("capturing output: %w", err)
		}
		c.buf[i] = make([]byte, 32<<10)
		go c.readLoop(i)
	}
	_ = debug.SetCrashOutput(c.stderr, debug.CrashOptions{})
	return c, nil
}

// Stdout is the process's original standard output.
func (c *Capture) Stdout() *os.File { return c.stdout }

// Stderr is the process's original standard error (the kernel's log goes there).
func (c *Capture) Stderr() *os.File { return c.stderr }

// Sync returns once everything written to fd 1 and 2 before the call has been
// passed to the sink.
func (c *Capture) Sync() {
	for i := range c.raw {
		c.mu[i].Lock()
		_ = c.raw[i].Control(func(fd uintptr) { c.drain(i, int(fd)) })
		c.mu[i].Unlock()
	}
}

// drain reads pipe i until it is empty and delivers what it read; it reports
// whether the pipe reached end of file or failed. Callers hold c.mu[i].
func (c *Capture) drain(i, fd int) (closed bool) {
	for {
		n, err := syscall.Read(fd, c.buf[i])
		if n > 0 {
			c.sink(i, c.buf[i][:n])
		}
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return false
		case err != nil || n == 0:
			return true
		}
	}
}

func (c *Capture) readLoop(i int) {
	err := c.raw[i].Read(func(fd uintptr) bool {
		c.mu[i].Lock()
		defer c.mu[i].Unlock()
		return c.drain(i, int(fd))
	})
	if err != nil && !errors.Is(err, os.ErrClosed) {
		fmt.Fprintf(c.stderr, "gonlm: output capture stopped: %v\n", err)
	}
}

func dupFile(fd int, name string) (*os.File, error) {
	nfd, err := dup(fd)
	if err != nil {
		return nil, fmt.Errorf("duplicating %s: %w", name, err)
	}
	return os.NewFile(uintptr(nfd), name), nil
}
