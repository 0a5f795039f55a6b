package nlm

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// The kill tests run the test binary again as a child (GONLM_KILL_CHILD
// names what it does) that writes files in a loop, kill it with SIGKILL at a
// random moment, and check that what is on disk is one complete save.

// killModels are the two models the child saves in turn: distinguishable
// couplings, and biases that tell which couplings they belong to.
func killModels() [2]*Model {
	var ms [2]*Model
	for k := range ms {
		m := NewModel(200, 1, uint64(k+1))
		m.B = mat.NewVecDense(200, nil)
		for i := range 200 {
			m.B.SetVec(i, float64(k+1))
		}
		ms[k] = m
	}
	return ms
}

func TestMain(m *testing.M) {
	switch os.Getenv("GONLM_KILL_CHILD") {
	case "save":
		ms := killModels()
		path := os.Getenv("GONLM_KILL_PATH")
		for i := 0; ; i++ {
			if err := ms[i%2].Save(path); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
			os.WriteFile(path+".saves", []byte(strconv.Itoa(i+1)), 0o644)
		}
	case "checkpoint":
		x, _ := twoModes(200, 1)
		p := synthPreset
		p.Epochs = 1 << 20
		tr, err := NewTrainer(NewModel(16, 1, 1), x, p, &TrainOptions{Seed: 1, Threads: 1})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		path := os.Getenv("GONLM_KILL_PATH")
		for i := 0; ; i++ {
			ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
			tr.Train(ctx)
			cancel()
			if err := tr.SaveCheckpoint(path); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
			os.WriteFile(path+".saves", []byte(strconv.Itoa(i+1)), 0o644)
		}
	}
	os.Exit(m.Run())
}

// killChild starts the child, waits until it has saved at least once, lets
// it run for a random time and kills it with SIGKILL.
func killChild(t *testing.T, what, path string, rng *rand.Rand) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GONLM_KILL_CHILD="+what, "GONLM_KILL_PATH="+path)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(path + ".saves"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("the child never saved")
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(time.Duration(rng.IntN(60_000)) * time.Microsecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the child ended on its own: %v", err)
	}
}

// TestSaveKilled kills a process saving models at random moments: the file
// always loads as one of the two models, couplings and bias together.
func TestSaveKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses")
	}
	ms := killModels()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	dir := t.TempDir()
	path := filepath.Join(dir, "model.npy")
	var midWrite, pending int
	for round := range 20 {
		os.Remove(path + ".saves")
		killChild(t, "save", path, rng)
		if tmp, _ := filepath.Glob(filepath.Join(dir, ".model.*tmp-*")); len(tmp) > 0 {
			midWrite++ // killed while a temporary file was being written
			for _, f := range tmp {
				os.Remove(f)
			}
		}
		if p, _ := filepath.Glob(path[:len(path)-4] + ".bias.npy.pending-*"); len(p) > 0 {
			pending++ // killed between the renames
		}
		m, err := LoadModel(path)
		if err != nil {
			t.Fatalf("round %d: the model does not load after the kill: %v", round, err)
		}
		k := -1
		for i := range ms {
			if mat.Equal(m.J, ms[i].J) {
				k = i
			}
		}
		if k < 0 {
			t.Fatalf("round %d: the couplings are neither of the saved models", round)
		}
		if m.B == nil || m.B.AtVec(0) != float64(k+1) {
			t.Fatalf("round %d: couplings of model %d with the bias of another save (%v)", round, k+1, m.B.AtVec(0))
		}
	}
	t.Logf("20 kills: %d while writing a temporary file, %d with a pending bias", midWrite, pending)
}

// TestCheckpointKilled kills a process that trains and writes checkpoints at
// random moments: the checkpoint always resumes.
func TestCheckpointKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses")
	}
	x, _ := twoModes(200, 1)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 8))
	path := filepath.Join(t.TempDir(), "train.ckpt")
	for round := range 20 {
		os.Remove(path + ".saves")
		killChild(t, "checkpoint", path, rng)
		tr, err := ResumeTrainer(path, x, &TrainOptions{Threads: 1})
		if err != nil {
			t.Fatalf("round %d: the checkpoint does not resume after the kill: %v", round, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		if err := tr.Train(ctx); err != nil && ctx.Err() == nil {
			t.Fatalf("round %d: training from the checkpoint: %v", round, err)
		}
		cancel()
	}
}

// TestInterruptAnywhere interrupts one training run many times, at random
// Langevin steps (ctx.Err checks) and at random wall-clock moments from
// another goroutine: after each interruption the model is valid, and the run
// continued to the end equals the uninterrupted run bit for bit.
func TestInterruptAnywhere(t *testing.T) {
	data, _ := twoModes(200, 1)
	p := synthPreset
	p.Epochs = 20
	p.Bias = true
	full, err := Train(context.Background(), p.NewModel(16, 1), data, p, &TrainOptions{Seed: 5, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	tr, err := NewTrainer(p.NewModel(16, 1), data, p, &TrainOptions{Seed: 5, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	interruptions := 0
	for !tr.Done() {
		var err error
		if rng.IntN(2) == 0 {
			err = tr.Train(&countCtx{Context: context.Background(), after: rng.IntN(3 * p.StepsPerUpdate)})
		} else {
			// A late timer on a loaded machine must not let one call train to
			// the end: the count caps each call at three updates' steps.
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(time.Duration(rng.IntN(500))*time.Microsecond, cancel)
			err = tr.Train(&countCtx{Context: ctx, after: 3 * p.StepsPerUpdate})
			cancel()
		}
		if err == nil {
			break
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Train: %v", err)
		}
		interruptions++
		if err := tr.Model().Validate(); err != nil {
			t.Fatalf("after interruption %d: %v", interruptions, err)
		}
	}
	t.Logf("%d interruptions", interruptions)
	if interruptions < 10 {
		t.Errorf("only %d interruptions", interruptions)
	}
	sameRun(t, full, tr)
}
