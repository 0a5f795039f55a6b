package display

import (
	"errors"
	"sync"
	"testing"
)

// call is one recorded publisher call.
type call struct {
	b      Bundle
	id     string
	update bool
	clear  bool
	wait   bool
}

// fakePublisher records calls; fail makes Publish return an error.
type fakePublisher struct {
	mu    sync.Mutex
	calls []call
	fail  error
}

func (f *fakePublisher) Publish(b Bundle, id string, update bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.calls = append(f.calls, call{b: b, id: id, update: update})
	return nil
}

func (f *fakePublisher) Clear(wait bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{clear: true, wait: wait})
	return nil
}

func (f *fakePublisher) all() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// usePublisher installs a fresh fake publisher for the test.
func usePublisher(t testing.TB) *fakePublisher {
	t.Helper()
	f := &fakePublisher{}
	SetPublisher(f)
	t.Cleanup(func() { SetPublisher(nil) })
	return f
}

var errFake = errors.New("fake failure")
