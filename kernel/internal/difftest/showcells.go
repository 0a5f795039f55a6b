//go:build ignore

// Command showcells prints the cells a corpus program runs as, in the
// OneCell and Split variants, for looking into a difference:
//
//	go run showcells.go testdata/corpus/closure_vcopy.go
package main

import (
	"fmt"
	"os"

	"github.com/gonlm/gonlm/kernel/internal/difftest"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run showcells.go PROGRAM.go")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[len(os.Args)-1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, v := range []difftest.Variant{difftest.OneCell, difftest.Split} {
		cells, err := difftest.Cells(string(src), v)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for i, c := range cells {
			fmt.Printf("=== %s %d\n%s\n", v, i+1, c)
		}
	}
}
