//go:build race

package difftest

// Under the race detector the interpreter is several times slower, and
// yaegi itself races: only the OneCell variant runs (a cell's goroutines
// then never outlive it: yaegi v0.16.1 replaces its global frame without
// synchronisation when a later Eval declares globals, a data race with
// goroutines still running), one program at a time (so that a race is
// reported for the program that has it), without the programs in
// raceSkip.
var testVariants = []Variant{OneCell}

const parallel = false

// raceSkip are programs in which yaegi's own code races, with the race.
var raceSkip = map[string]string{
	"chan_once_mutex": "yaegi copies a struct holding a sync.Mutex and a sync.Once (reflect.Value.Interface in genFunctionWrapper) while another goroutine locks it",
}
