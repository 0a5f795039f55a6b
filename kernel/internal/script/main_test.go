package script

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonlm/gonlm/nlm"
)

// runMainEnv makes the test binary act as `gonlm run` (its arguments are
// Main's), so tests can run scripts in a process of their own: to send it
// signals, or to give it a terminal.
const runMainEnv = "GONLM_SCRIPT_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(Main(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// gonlmRun returns a command that runs `gonlm run args...` in dir.
func gonlmRun(t *testing.T, dir string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), runMainEnv+"=1"), env...)
	return cmd
}

// runInterrupted runs cmd, presses Ctrl-C (SIGINT) as soon as its progress
// bar first reports training, and returns what it printed once it exits.
// It fails the test unless the command was interrupted and then exited
// with status 0.
func runInterrupted(t *testing.T, cmd *exec.Cmd) (stdout, stderr string) {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout = &out
	stderrPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Stderr is not a terminal: the progress bar is printed as plain lines,
	// the first one as soon as training reports.
	var errs strings.Builder
	interrupted := make(chan time.Time, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stderrPipe)
		for sc.Scan() {
			line := sc.Text()
			errs.WriteString(line + "\n")
			if strings.HasPrefix(line, "training [") && len(interrupted) == 0 {
				cmd.Process.Signal(syscall.SIGINT)
				interrupted <- time.Now()
			}
		}
		io.Copy(io.Discard, stderrPipe)
	}()
	done := make(chan error, 1)
	go func() {
		<-copied
		done <- cmd.Wait()
	}()
	select {
	case err = <-done:
	case <-time.After(5 * time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the script did not finish\nstderr:\n%s", errs.String())
	}
	stdout, stderr = out.String(), errs.String()
	if err != nil || len(interrupted) == 0 {
		t.Fatalf("exit: %v (interrupted: %v)\nstdout:\n%s\nstderr:\n%s", err, len(interrupted) > 0, stdout, stderr)
	}
	if !strings.Contains(stderr, "interrupt: ctx is cancelled") {
		t.Errorf("stderr does not say the interrupt cancelled ctx:\n%s", stderr)
	}
	return stdout, stderr
}

// TestDreamInterrupted runs examples/dream.gonlm as a user would, presses
// Ctrl-C (SIGINT) once training has started, and checks what the example
// promises: training stops, the model is saved, and the samples are
// generated from it (with a few hundred generation steps, to stay short).
func TestDreamInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("loads MNIST and trains")
	}
	script, err := filepath.Abs("../../../examples/dream.gonlm")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out, errs := runInterrupted(t, gonlmRun(t, dir, []string{"GONLM_DREAM_STEPS=300"}, "--out", "out", script))
	for _, want := range []string{"training stopped by Ctrl-C after", "couplings saved to quick-136.npy", "cell02-samples.png"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "state stopped") {
		t.Errorf("stderr:\n%s", errs)
	}
	for _, f := range []string{"quick-136.npy", "out/cell02-samples.png"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestLaptopScriptInterrupted presses Ctrl-C while examples/laptop.gonlm
// trains: the finished couplings already at the output path (the ones the
// notebooks load) must stay as they were, and the stopped run's couplings
// go to laptop-136.partial.npy beside them.
func TestLaptopScriptInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("loads MNIST and trains")
	}
	script, err := filepath.Abs("../../../examples/laptop.gonlm")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	npy := filepath.Join(dir, "laptop-136.npy")
	finished := []byte("the finished couplings")
	if err := os.WriteFile(npy, finished, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := gonlmRun(t, dir, []string{"GONLM_LAPTOP_EPOCHS=100", "GONLM_LAPTOP_OUT=" + npy}, "--out", "out", script)
	out, _ := runInterrupted(t, cmd)
	partial := filepath.Join(dir, "laptop-136.partial.npy")
	if want := "its couplings go to " + partial; !strings.Contains(out, want) {
		t.Errorf("stdout lacks %q:\n%s", want, out)
	}
	if b, err := os.ReadFile(npy); err != nil || !bytes.Equal(b, finished) {
		t.Errorf("%s was replaced by the stopped run (%d bytes, %v): want the finished couplings left as they were", npy, len(b), err)
	}
	m, err := nlm.LoadModel(partial)
	if err != nil {
		t.Fatal(err)
	}
	if m.N() != 784 || m.B == nil {
		t.Errorf("loaded %v: want N = 784 with its bias", m)
	}
}

// TestLaptopScript runs examples/laptop.gonlm as a user would, for one epoch
// instead of the preset's (GONLM_LAPTOP_EPOCHS=1), and checks that it prints
// its training time and writes couplings that load back as one model: J
// as float32 .npy and its bias file.
func TestLaptopScript(t *testing.T) {
	if testing.Short() {
		t.Skip("loads MNIST and trains")
	}
	script, err := filepath.Abs("../../../examples/laptop.gonlm")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	npy := filepath.Join(dir, "laptop-136.npy")
	cmd := gonlmRun(t, dir, []string{"GONLM_LAPTOP_EPOCHS=1", "GONLM_LAPTOP_OUT=" + npy}, "--out", "out", script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("exit: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{`preset "laptop"`, "trained 18 updates in", "ms per update", "couplings saved to " + npy, "cell02-samples.png"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(npy)
	if err != nil {
		t.Fatal(err)
	}
	// A float32 .npy of 784×784: the header declares '<f4' and the data
	// take 4 bytes an entry.
	if !bytes.Contains(b[:128], []byte("'<f4'")) || len(b) < 784*784*4 || len(b) > 784*784*4+256 {
		t.Errorf("%s: %d bytes, header %q: want float32 784×784", npy, len(b), b[:64])
	}
	m, err := nlm.LoadModel(npy)
	if err != nil {
		t.Fatal(err)
	}
	if m.N() != 784 || m.B == nil {
		t.Errorf("loaded %v: want N = 784 with its bias", m)
	}
}
