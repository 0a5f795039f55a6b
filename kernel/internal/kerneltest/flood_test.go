package kerneltest

import (
	"strings"
	"testing"
	"time"
)

// TestFloods checks that output floods neither hang the kernel nor reach the
// front end unbounded: a 100 MB string printed or shown as the cell's value
// is cut short with a notice, and a cell displaying 10 000 images in a loop
// stops within a second of an interrupt.
func TestFloods(t *testing.T) {
	c := startKernel(t)
	c.run(`import ("fmt"; "image"; "strings"; "display")
var _ = fmt.Sprint
var _ = display.Image
var _ = image.Rect
floodS := strings.Repeat("x", 100_000_000)
len(floodS)`)
	size := func(e execution) (n int) {
		for _, m := range e.outputs {
			for _, v := range m.content {
				n += jsonSize(v)
			}
		}
		return n
	}
	t.Run("printed", func(t *testing.T) {
		t0 := time.Now()
		e := c.execute("fmt.Print(floodS)", execOpts{}, 60*time.Second)
		if e.status() != "ok" {
			t.Fatalf("%v", e.reply.content)
		}
		out := e.stream("stdout") + e.stream("stderr")
		if !strings.Contains(out, "output truncated") || len(out) > 2<<20 {
			t.Errorf("%d bytes of output, notice %v", len(out), strings.Contains(out, "output truncated"))
		}
		t.Logf("printed: %d bytes reached the client in %v", size(e), time.Since(t0).Round(time.Millisecond))
	})
	t.Run("value", func(t *testing.T) {
		t0 := time.Now()
		e := c.execute("floodS", execOpts{}, 60*time.Second)
		r, ok := e.result()
		if e.status() != "ok" || !ok {
			t.Fatalf("%v", e.reply.content)
		}
		if len(r) > 1<<20 || !strings.Contains(r, "more") {
			t.Errorf("the value's text is %d bytes: %.200q", len(r), r)
		}
		t.Logf("value: %d bytes reached the client in %v", size(e), time.Since(t0).Round(time.Millisecond))
	})
	t.Run("10 000 images, interrupted", func(t *testing.T) {
		id := c.executeAsync(`floodImg := image.NewGray(image.Rect(0, 0, 280, 280))
for i := range 10000 {
	floodImg.Pix[i] = 255
	display.Image(floodImg)
}`, execOpts{})
		time.Sleep(time.Second)
		t0 := time.Now()
		// The first interrupt only cancels ctx, which the loop ignores;
		// the second stops the cell.
		c.send(c.control, "interrupt_request", map[string]any{})
		c.send(c.control, "interrupt_request", map[string]any{})
		r := c.reply(&c.shells, id, 30*time.Second)
		stopped := time.Since(t0)
		e := execution{r, c.outputs(id, 30*time.Second)}
		if r.str("ename") != "KeyboardInterrupt" {
			t.Fatalf("reply %v (after %d displays)", r.content, e.count("display_data"))
		}
		if stopped > time.Second {
			t.Errorf("stopped %v after the interrupt", stopped)
		}
		t.Logf("%d images displayed in the first second; stopped %v after the interrupt", e.count("display_data"), stopped.Round(time.Millisecond))
		if res, _ := c.run("1 + 2").result(); res != "3" {
			t.Fatalf("next cell: %q", res)
		}
	})
}

// jsonSize estimates the size of a decoded JSON value.
func jsonSize(v any) int {
	switch x := v.(type) {
	case string:
		return len(x)
	case map[string]any:
		n := 0
		for k, e := range x {
			n += len(k) + jsonSize(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range x {
			n += jsonSize(e)
		}
		return n
	}
	return 8
}

// TestStalledSubscriber checks that an IOPub subscriber that stops reading
// (a hung front end, or any local process: subscribing needs no key) does not
// stall the kernel for the others.
func TestStalledSubscriber(t *testing.T) {
	c := startKernel(t)
	p := dialZMTP(t, c.info.IOPubPort, "SUB", true)
	p.write(frame(0, []byte{1})) // subscribe to everything, then never read
	c.run(`import ("image"; "display")
stallImg := image.NewGray(image.Rect(0, 0, 280, 280))
var _ = display.Image`)
	t0 := time.Now()
	e := c.execute(`for i := range 3000 {
	stallImg.Pix[i] = 255
	display.Image(stallImg)
}`, execOpts{}, 60*time.Second)
	t.Logf("3000 images with a stalled subscriber: %s in %v", e.status(), time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	if r, _ := c.execute("1 + 2", execOpts{}, 60*time.Second).result(); r != "3" {
		t.Fatalf("next cell: %q", r)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("the next cell took %v", d)
	}
	if !strings.Contains(c.log.String(), "dropping a connection that stopped reading") {
		t.Error("the kernel did not log the dropped subscriber")
	}
}
