package script

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal of the given size: the master to read
// what a program writes, the slave to give it as its terminal.
func openPTY(t *testing.T, cols, rows int) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	ioctl := func(f *os.File, req uintptr, arg unsafe.Pointer) error {
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); errno != 0 {
			return errno
		}
		return nil
	}
	var unlock int32
	var n uint32
	if err := ioctl(m, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Fatal(err)
	}
	if err := ioctl(m, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	ws := struct{ Row, Col, X, Y uint16 }{Row: uint16(rows), Col: uint16(cols)}
	if err := ioctl(s, syscall.TIOCSWINSZ, unsafe.Pointer(&ws)); err != nil {
		t.Fatal(err)
	}
	return m, s
}

// screen replays terminal output on a screen of the given width as a
// terminal would: \r goes to the first column, ESC[K clears to the end of
// the line, \n starts a new line, and a character written past the last
// column wraps to a new line. It returns the lines and how many wrapped.
func screen(out []byte, width int) (lines []string, wrapped int) {
	cur := []rune{}
	col := 0
	flush := func() {
		lines = append(lines, strings.TrimRight(string(cur), " "))
		cur, col = cur[:0:0], 0
	}
	s := strings.ReplaceAll(string(out), "\r\n", "\n") // the pty's ONLCR
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "\x1b[K"):
			cur = cur[:min(col, len(cur))]
			i += 3
			continue
		case strings.HasPrefix(s[i:], "\x1b["): // colours: skip
			j := i + 2
			for j < len(s) && (s[j] == ';' || (s[j] >= '0' && s[j] <= '9')) {
				j++
			}
			i = j + 1
			continue
		}
		r := []rune(s[i:])[0]
		i += len(string(r))
		switch r {
		case '\r':
			col = 0
		case '\n':
			flush()
		default:
			if col == width {
				flush()
				wrapped++
			}
			for len(cur) <= col {
				cur = append(cur, ' ')
			}
			cur[col] = r
			col++
		}
	}
	if len(cur) > 0 {
		flush()
	}
	return lines, wrapped
}

// TestTerminalProgress runs a script under an 80-column pseudo-terminal, as a
// user in a terminal would: the training-style bar (with more fields than fit)
// and the bar of a long generation each stay on one line that fits the
// width (a file's path printed meanwhile goes above the bar, which is drawn
// again below it), and each one's final line is printed once.
func TestTerminalProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("runs gonlm run in a terminal")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "bars.gonlm")
	err := os.WriteFile(script, []byte(`import (
	"display"
	"fmt"
	"nlm"
	"time"
)

bar := display.NewProgress(300)
bar.Label = "training"
bar.Unit = "updates"
bar.Interval = 20 * time.Millisecond
curve := display.NewLiveCurve("KL", "epoch", "KL")
curve.Interval = 0
for i := 1; i <= 300; i++ {
	bar.Set(i, "epoch", fmt.Sprintf("%d/20", i/15), "KL norm", 0.001381)
	if i%50 == 0 {
		curve.Add(float64(i/50), 1/float64(i)) // its file's path is printed above the bar
	}
	time.Sleep(2 * time.Millisecond)
}
bar.Finish("state", "done")
fmt.Println("trained")

// %%
// A generation of about 3 s: its bar appears after 1 s.
m := nlm.NewModel(400, 2, 1)
sp, _ := nlm.NewSampler(m, 36, nlm.PaperDynamics(), 1)
fastest := time.Hour // the fastest of three timings: a load spike makes the run longer, not shorter
for range 3 {
	start := time.Now()
	sp.Run(context.Background(), 200)
	fastest = min(fastest, time.Since(start))
}
steps := int(3 * time.Second / (fastest / 200))
s, err := nlm.Generate(ctx, m, 36, steps, nlm.PaperDynamics(), 1)
fmt.Println("generated", s.Len(), err)
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	master, slave := openPTY(t, 80, 24)
	defer master.Close()
	cmd := gonlmRun(t, dir, nil, "--out", "out", script)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	var out bytes.Buffer
	copied := make(chan error, 1)
	go func() {
		_, err := io.Copy(&out, master)
		copied <- err
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("the script did not finish")
	}
	if cerr := <-copied; cerr != nil && !errors.Is(cerr, syscall.EIO) {
		t.Fatal(cerr)
	}
	lines, wrapped := screen(out.Bytes(), 80)
	t.Logf("the terminal shows:\n%s", strings.Join(lines, "\n"))
	if err != nil {
		t.Fatalf("exit: %v", err)
	}
	if wrapped > 0 {
		t.Errorf("%d lines wrapped at 80 columns", wrapped)
	}
	count := func(sub string) int {
		n := 0
		for _, l := range lines {
			if strings.Contains(l, sub) {
				n++
			}
		}
		return n
	}
	for _, want := range []string{"training [", "generating ["} {
		if n := count(want); n != 1 {
			t.Errorf("%d lines show %q, want 1 (redrawn in place)", n, want)
		}
	}
	if count("300/300 updates (100%)") != 1 || count("trained") != 1 || count("generated 36 <nil>") != 1 || count("cell01-kl.png") != 1 {
		t.Errorf("missing or repeated lines")
	}
	if n := len(lines); n > 6 {
		t.Errorf("%d lines on the screen; the bars should not stack", n)
	}
}
