package displaytest_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/kernel/display/displaytest"
)

func TestRecorder(t *testing.T) {
	before := displaytest.NewRecorder()
	display.SetPublisher(before)
	defer display.SetPublisher(nil)

	t.Run("install", func(t *testing.T) {
		rec := displaytest.Install(t)
		if display.CurrentPublisher() != rec {
			t.Fatal("Install did not set the publisher")
		}
		if rec.Len() != 0 || rec.Last().Kind != "" {
			t.Fatalf("new recorder holds %v", rec.Outputs())
		}
		d := display.NewWithID("x")
		if err := d.Update("one"); err != nil {
			t.Fatal(err)
		}
		if err := d.Update("two"); err != nil {
			t.Fatal(err)
		}
		if err := display.Clear(true); err != nil {
			t.Fatal(err)
		}
		out := rec.Outputs()
		want := []string{"display_data: one", "update_display_data: two", "clear_output (wait)"}
		if len(out) != len(want) {
			t.Fatalf("outputs %v", out)
		}
		for i, o := range out {
			if o.String() != want[i] {
				t.Errorf("output %d: %q, want %q", i, o, want[i])
			}
		}
		if out[0].DisplayID != "x" || out[0].Update() || !out[1].Update() || out[1].DisplayID != "x" {
			t.Errorf("ids/updates: %+v", out[:2])
		}
		if bs := rec.Bundles(); len(bs) != 2 || bs[1].Text() != "two" {
			t.Errorf("bundles %v", bs)
		}
		if rec.Last().Kind != displaytest.ClearOutput {
			t.Errorf("last %v", rec.Last())
		}
		out[0].Kind = "changed"
		if rec.Outputs()[0].Kind != displaytest.DisplayData {
			t.Error("Outputs shares its slice with the recorder")
		}

		boom := errors.New("connection lost")
		rec.FailWith(boom)
		if err := display.Text("lost"); !errors.Is(err, boom) {
			t.Errorf("FailWith: %v", err)
		}
		if err := display.Clear(false); !errors.Is(err, boom) || rec.Len() != 3 {
			t.Errorf("FailWith: %v, %d outputs", err, rec.Len())
		}
		rec.FailWith(nil)
		rec.Reset()
		if err := display.Text("back"); err != nil || rec.Len() != 1 {
			t.Errorf("after reset: %v, %v", err, rec.Outputs())
		}
	})
	if display.CurrentPublisher() != before {
		t.Error("Install did not restore the previous publisher")
	}
}

func TestRecorderConcurrent(t *testing.T) {
	rec := displaytest.Install(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				display.Text(fmt.Sprint(g, i))
				_ = rec.Len()
			}
		}()
	}
	wg.Wait()
	if rec.Len() != 400 {
		t.Errorf("%d outputs, want 400", rec.Len())
	}
}

func ExampleRecorder() {
	rec := displaytest.NewRecorder()
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	d := display.New()
	d.Update("loading")
	d.Update("done")
	display.Markdown("# Results")
	for _, o := range rec.Outputs() {
		fmt.Println(o)
	}
	// Output:
	// display_data: loading
	// update_display_data: done
	// display_data: # Results
}
