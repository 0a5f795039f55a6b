//go:build ignore

// Command gen runs every corpus program with the Go toolchain and writes
// its golden outputs (NAME.out, NAME.panic) and the SUMS manifest:
//
//	go generate ./kernel/internal/difftest
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gonlm/gonlm/kernel/internal/difftest"
)

func main() {
	jobs := flag.Int("j", 0, "programs built and run at once (0: one per CPU)")
	flag.Parse()
	progs, err := difftest.RunGo(difftest.CorpusDir, *jobs)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := difftest.WriteGolden(difftest.CorpusDir, progs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("difftest: %d programs, golden outputs written to %s\n", len(progs), difftest.CorpusDir)
}
