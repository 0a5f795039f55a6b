package engine

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// ParallelRows splits rows 0..rows-1 into at most threads contiguous blocks
// and calls fn(t, lo, hi) for block t, block 0 on the caller's goroutine and
// the others on the pool's workers, returning when all are done.
//
// A step calls ParallelRows two to four times in a few hundred microseconds,
// so waking a parked goroutine each time (tens to hundreds of microseconds
// on a virtual machine, where the idle CPU must be woken first) would cost
// as much as the work. The pool's workers and the waiting caller therefore
// poll for up to spinFor before they park. A worker that is busy, for
// instance because fn itself calls ParallelRows or another goroutine is
// stepping its own batch, is replaced by a new goroutine for that call.
//
// A panic in any block is re-raised on the caller's goroutine once every
// block has returned (with the panicking block's stack in its message), so
// that it can be recovered there like a panic of the caller's own code
// instead of ending the process from a worker.
func ParallelRows(threads, rows int, fn func(t, lo, hi int)) {
	if threads > rows {
		threads = rows
	}
	if threads <= 1 {
		if rows > 0 {
			fn(0, 0, rows)
		}
		return
	}
	g := groups.Get().(*group)
	g.pending.Store(int32(threads - 1))
	per, extra := rows/threads, rows%threads
	lo := per
	if extra > 0 {
		lo++
	}
	first := lo
	for t := 1; t < threads; t++ {
		hi := lo + per
		if t < extra {
			hi++
		}
		j := job{fn: fn, t: t, lo: lo, hi: hi, g: g}
		if w := claim(t - 1); w != nil {
			w.jobs <- j
		} else {
			go j.run(nil)
		}
		lo = hi
	}
	j := job{fn: fn, t: 0, lo: 0, hi: first, g: g}
	j.call()
	g.wait()
	p := g.panicked
	g.panicked = nil
	groups.Put(g)
	if p != nil {
		panic(p)
	}
}

// A blockPanic is a panic raised in a block of ParallelRows, with the stack
// of the goroutine that ran the block.
type blockPanic struct {
	value any
	stack []byte
}

func (p *blockPanic) Error() string {
	return fmt.Sprintf("%v\n\n(in a parallel block:)\n%s", p.value, p.stack)
}

// Unwrap returns the panic's value when it is an error.
func (p *blockPanic) Unwrap() error {
	err, _ := p.value.(error)
	return err
}

// spinFor is how long an idle worker, or a caller waiting for its workers,
// keeps polling before it parks.
const spinFor = 100 * time.Microsecond

// A group is one ParallelRows call: the blocks still running, and a token
// sent by the last of them.
type group struct {
	pending  atomic.Int32
	done     chan struct{}
	mu       sync.Mutex
	panicked *blockPanic // the first block's panic, if any
}

var groups = sync.Pool{New: func() any { return &group{done: make(chan struct{}, 1)} }}

// wait returns when the last block has sent its token.
func (g *group) wait() {
	for p := newPoll(); p.more(); {
		select {
		case <-g.done:
			return
		default:
		}
	}
	<-g.done
}

// A poll paces a polling loop: it reads the clock and yields the processor
// only every 64 rounds, since both cost more than a round (and a yield can
// wake an idle processor that then competes with the workers for the CPU).
type poll struct {
	start time.Time
	n     int
}

func newPoll() poll { return poll{start: time.Now()} }

// more reports whether to poll again: false once spinFor has passed.
func (p *poll) more() bool {
	p.n++
	if p.n&63 != 0 {
		return true
	}
	if time.Since(p.start) >= spinFor {
		return false
	}
	if p.n&1023 == 0 {
		runtime.Gosched() // let anything queued on this processor run
	}
	return true
}

type job struct {
	fn        func(t, lo, hi int)
	t, lo, hi int
	g         *group
}

// call runs the job's block, recording a panic in the group.
func (j job) call() {
	defer func() {
		if r := recover(); r != nil {
			j.g.mu.Lock()
			if j.g.panicked == nil {
				j.g.panicked = &blockPanic{value: r, stack: debug.Stack()}
			}
			j.g.mu.Unlock()
		}
	}()
	j.fn(j.t, j.lo, j.hi)
}

// run calls the job's block and, for the group's last worker block, sends
// the token; w (nil for a one-off goroutine) is marked free before that, so
// that the caller's next call finds it.
func (j job) run(w *worker) {
	j.call()
	if w != nil {
		w.busy.Store(false)
	}
	if j.g.pending.Add(-1) == 0 {
		j.g.done <- struct{}{}
	}
}

type worker struct {
	busy atomic.Bool
	jobs chan job
}

var (
	poolMu  sync.Mutex
	workers atomic.Pointer[[]*worker]
)

// claim returns worker i marked busy, starting the pool's workers up to i
// when needed, or nil when worker i is busy.
func claim(i int) *worker {
	ws := workers.Load()
	if ws == nil || i >= len(*ws) {
		poolMu.Lock()
		ws = workers.Load()
		if ws == nil || i >= len(*ws) {
			var grown []*worker
			if ws != nil {
				grown = append(grown, *ws...)
			}
			for len(grown) <= i {
				w := &worker{jobs: make(chan job, 1)}
				go w.loop()
				grown = append(grown, w)
			}
			ws = &grown
			workers.Store(ws)
		}
		poolMu.Unlock()
	}
	w := (*ws)[i]
	if !w.busy.CompareAndSwap(false, true) {
		return nil
	}
	return w
}

// loop runs the worker's jobs, polling for spinFor after each before it
// parks on its channel.
func (w *worker) loop() {
	for {
		var j job
		got := false
		for p := newPoll(); !got && p.more(); {
			select {
			case j = <-w.jobs:
				got = true
			default:
			}
		}
		if !got {
			j = <-w.jobs
		}
		j.run(w)
	}
}
