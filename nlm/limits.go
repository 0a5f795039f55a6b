package nlm

import "fmt"

// samplerBytes is about what a sampler or trainer holds per chain and neuron:
// the float32 states, rates and scratch of the batched step (engine.Batch)
// and a float64 copy for States.
const samplerBytes = 32

// checkMemory refuses an allocation of rows×cols elements of perElem bytes
// that could not fit in memory: above half the machine's memory (where it is
// known, else 1 TiB). Go cannot recover from running out of memory, so
// without this check a typo such as NewSampler(m, 1e9, …) would kill the
// process (the notebook kernel with it) instead of failing the call.
func checkMemory(fn, what string, rows, cols, perElem int) error {
	need := float64(rows) * float64(cols) * float64(perElem)
	if limit := float64(totalMemory()) / 2; need > limit {
		return fmt.Errorf("nlm: %s: %w: %s = %d×%d would need %.3g GiB, more than half this machine's memory (%.3g GiB)",
			fn, ErrInvalid, what, rows, cols, need/(1<<30), 2*limit/(1<<30))
	}
	return nil
}
