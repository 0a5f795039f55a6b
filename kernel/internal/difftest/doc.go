// Package difftest is the differential test of the notebook kernel against
// the Go compiler: a corpus of small Go programs (testdata/corpus), each run
// with the Go toolchain and, through a real session (package session), as
// notebook cells. Their standard output, and the panic that ends a program,
// must be the same.
//
// Every program runs in three variants (see Variant and Cells): the file as
// one cell, one cell of declarations followed by main's statements at the
// cell's top level, and one cell per declaration and per statement of main.
// The last two test what only notebooks have: code at a cell's top level,
// and state carried from cell to cell. The notebook semantics they rely on:
//
//   - variables, functions, types and imports of a cell persist for later
//     cells; declaring a name again replaces it;
//   - a deferred call at a cell's top level runs when the cell ends (after
//     its last statement, or while a panic leaves the cell, so recover works
//     there); a return at a cell's top level ends the cell;
//   - goroutines a cell starts keep running after it.
//
// The expected outputs are what `go run` printed, committed next to each
// program (NAME.out, NAME.panic) so the test needs no toolchain and every
// change of an expected output is reviewed. `go generate` rewrites them
// and the SUMS manifest; the test checks the manifest against the programs
// and outputs, and TestGoldenCurrent (when a Go toolchain is on PATH)
// re-runs the programs with it.
//
// Every difference the corpus found is in the table known (known_test.go)
// with what Go printed, what the kernel printed, the cause and the
// resolution: fixed (the variant must now match), refused before running
// with an error that names the yaegi limitation, noValues (Go's runtime
// error without the index and length yaegi cannot report inside
// functions), or left to the cell front end (the variant must still differ
// and silent marks those that differ without an error). The test fails
// when a variant starts to match, so the table stays true: flip its entry
// to fixed. Under the race detector only the Split variant runs.
//
// To look at the cells a program runs as: go run showcells.go PROGRAM.go.
package difftest

//go:generate go run gen.go
