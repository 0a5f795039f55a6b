package inflight

import (
	"context"
	"testing"
	"time"
)

type counter struct{ n, ended int }

func (c *counter) Begin() func() {
	c.n++
	return func() { c.ended++ }
}

// The tracker survives the wrappers a cell puts around its ctx.
func TestBeginThroughWrappers(t *testing.T) {
	c := &counter{}
	ctx := WithTracker(context.Background(), c)
	ctx, cancel := context.WithTimeout(ctx, time.Hour)
	defer cancel()
	ctx = context.WithValue(ctx, struct{ k int }{1}, "x")
	end := Begin(ctx)
	if c.n != 1 || c.ended != 0 {
		t.Fatalf("after Begin: %+v", c)
	}
	end()
	if c.ended != 1 {
		t.Fatalf("after end: %+v", c)
	}
}

func TestBeginWithoutTracker(t *testing.T) {
	Begin(context.Background())()
	//lint:ignore SA1012 a nil context is tolerated on purpose
	Begin(nil)()
}
