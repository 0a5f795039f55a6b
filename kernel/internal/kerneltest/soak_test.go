package kerneltest

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// soakCells is the number of cells of each soak phase (GONLM_SOAK_CELLS
// overrides it).
const soakCells = 10000

// TestSoak runs `make soak` (GONLM_SOAK=1): 10 000 mixed cells (plain cells,
// compile errors, panics, panics in goroutines, interrupts, displays, large
// outputs) that must all be answered, then 10 000 trivial cells, after which
// the trivial cell must be as fast as at the start and the kernel's resident
// memory may have grown by at most 25 MiB. It prints the figures.
func TestSoak(t *testing.T) {
	if os.Getenv("GONLM_SOAK") == "" {
		t.Skip("the soak runs with `make soak` (GONLM_SOAK=1)")
	}
	n := soakCells
	if s := os.Getenv("GONLM_SOAK_CELLS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	c := startKernel(t)
	t.Logf("CPU: %s, GOMAXPROCS %d", cpuModel(), runtime.GOMAXPROCS(0))
	c.run(`import ("fmt"; "image"; "strings"; "time"; "runtime"; "runtime/debug"; "display")
soakN := 0
soakGC := func() { runtime.GC(); debug.FreeOSMemory() }
var _ = image.Rect
var _ = strings.Repeat
var _ = time.Sleep
var _ = fmt.Sprint
var _ = display.Image`)
	// Warm up, then the baseline.
	for range 200 {
		c.trivial(t)
	}
	lat0 := c.latency(t, 500)
	rss0, heap0 := c.memory(t)
	t.Logf("start: trivial cell median %v, RSS %.1f MiB (after GC and FreeOSMemory %.1f MiB)", lat0, mib(rss0), mib(heap0))

	kinds := []struct {
		name  string
		at    func(i int) bool // whether cell i is of this kind
		code  string
		want  string // reply status
		ename string
	}{
		{"compile error", func(i int) bool { return i%10 == 1 }, "undefinedSoak + 1", "error", "CompileError"},
		{"panic", func(i int) bool { return i%20 == 3 }, "var soakS []int\n_ = soakS[5]", "error", "Panic"},
		{"display", func(i int) bool { return i%20 == 5 }, "display.Image(image.NewGray(image.Rect(0, 0, 28, 28)))", "ok", ""},
		{"panic in a goroutine", func(i int) bool { return i%100 == 7 }, "go func() { panic(\"soak bg\") }()\ntime.Sleep(10 * time.Millisecond)", "ok", ""},
		{"interrupt", func(i int) bool { return i%100 == 9 }, "for {\n}", "error", "KeyboardInterrupt"},
		{"2 000 lines", func(i int) bool { return i%100 == 17 }, "for i := range 2000 {\n\tfmt.Println(i)\n}", "ok", ""},
		{"1 MiB of output", func(i int) bool { return i%200 == 27 }, `fmt.Print(strings.Repeat("x", 1<<20))`, "ok", ""},
	}
	counts := map[string]int{}
	start := time.Now()
	for i := range n {
		code, want, ename, name := "soakN++\nsoakN", "ok", "", "plain"
		for _, k := range kinds {
			if k.at(i) {
				code, want, ename, name = k.code, k.want, k.ename, k.name
				break
			}
		}
		counts[name]++
		id := c.executeAsync(code, execOpts{noStopOnError: true})
		if name == "interrupt" {
			if _, ok := c.waitFor(&c.iopubs, 10*time.Second, func(m msg) bool {
				return m.parentID() == id && m.Header.MsgType == "execute_input"
			}); !ok {
				t.Fatalf("cell %d (%s) did not start", i, name)
			}
			time.Sleep(20 * time.Millisecond)
			c.send(c.control, "interrupt_request", map[string]any{})
		}
		r := c.reply(&c.shells, id, 30*time.Second)
		c.outputs(id, 30*time.Second)
		if r.str("status") != want || r.str("ename") != ename {
			t.Fatalf("cell %d (%s): %s %s %v, want %s %s", i, name, r.str("status"), r.str("ename"), r.content["evalue"], want, ename)
		}
		if i%100 == 99 {
			c.forget()
		}
	}
	if !c.alive() {
		t.Fatal("the kernel died")
	}
	rss1, heap1 := c.memory(t)
	t.Logf("%d mixed cells in %v (%v), all answered: RSS %.1f MiB (after GC %.1f MiB)",
		n, time.Since(start).Round(time.Second), counts, mib(rss1), mib(heap1))

	start = time.Now()
	for i := range n {
		c.trivial(t)
		if i%100 == 99 {
			c.forget()
		}
	}
	lat2 := c.latency(t, 500)
	rss2, heap2 := c.memory(t)
	t.Logf("%d trivial cells in %v: trivial cell median %v (start %v, ratio %.2f), RSS %.1f MiB (after GC %.1f MiB)",
		n, time.Since(start).Round(time.Second), lat2, lat0, float64(lat2)/float64(lat0), mib(rss2), mib(heap2))
	t.Logf("RSS growth over the trivial phase: %.1f MiB; over the whole soak: %.1f MiB", mib(rss2-rss1), mib(rss2-rss0))
	if grow := rss2 - rss1; grow > 25<<20 {
		t.Errorf("resident memory grew by %.1f MiB over %d trivial cells, target ≤ 25 MiB", mib(grow), n)
	}
	if float64(lat2) > 1.25*float64(lat0) {
		t.Errorf("the trivial cell takes %v after the soak, %v at the start", lat2, lat0)
	}
}

// trivial runs 1 + 1 and waits for its idle status.
func (c *client) trivial(t *testing.T) time.Duration {
	t0 := time.Now()
	e := c.execute("1 + 1", execOpts{}, 10*time.Second)
	d := time.Since(t0)
	if e.status() != "ok" {
		t.Fatalf("1 + 1: %v", e.reply.content)
	}
	return d
}

// latency is the median of n trivial cells' round trips.
func (c *client) latency(t *testing.T, n int) time.Duration {
	ds := make([]time.Duration, n)
	for i := range ds {
		ds[i] = c.trivial(t)
		if i%100 == 99 {
			c.forget()
		}
	}
	slices.Sort(ds)
	return ds[n/2]
}

// memory returns the kernel's resident memory, then its resident memory
// after a garbage collection that returns free memory to the system.
func (c *client) memory(t *testing.T) (rss, afterGC int64) {
	rss = c.rss()
	c.run("soakGC()")
	return rss, c.rss()
}

// forget drops the messages received so far (waitFor scans them all).
func (c *client) forget() {
	c.mu.Lock()
	c.iopubs, c.shells, c.ctrls = nil, nil, nil
	c.mu.Unlock()
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if name, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
