package symbols

import (
	"path"
	"reflect"
	"slices"
)

// This file is named so that it sorts after every generated file: the go
// command initialises a package's files in file-name order, so when this init
// runs, the generated init functions have already filled Symbols.

// ShortPaths maps each short import path a cell may use to the full import
// path of the package it stands for: import "nlm" is
// github.com/gonlm/gonlm/nlm (and "nlm/mnist", "nlm/analysis" its data sets
// and analysis packages), import "display" is
// github.com/gonlm/gonlm/kernel/display and import "views" is
// github.com/gonlm/gonlm/kernel/display/views (the paper's figures).
var ShortPaths = map[string]string{
	"nlm":          "github.com/gonlm/gonlm/nlm",
	"nlm/mnist":    "github.com/gonlm/gonlm/nlm/mnist",
	"nlm/analysis": "github.com/gonlm/gonlm/nlm/analysis",
	"display":      "github.com/gonlm/gonlm/kernel/display",
	"views":        "github.com/gonlm/gonlm/kernel/display/views",
}

func init() { addShortPaths(Symbols) }

// addShortPaths registers, for every entry of ShortPaths whose package is in
// syms, the same symbol map under the key "<short>/<pkgname>" (for example
// "nlm/nlm"). Both keys share one map, so the values and types are
// identical: a *nlm.Model made through import "nlm" is the same type as one
// made through the full path.
func addShortPaths(syms map[string]map[string]reflect.Value) {
	for short, full := range ShortPaths {
		m, ok := syms[full+"/"+path.Base(full)]
		if !ok {
			continue
		}
		syms[short+"/"+path.Base(full)] = m
	}
}

// Packages returns the sorted import paths of every package in Symbols
// (short paths included), for import-path completion.
func Packages() []string {
	out := make([]string, 0, len(Symbols))
	for k := range Symbols {
		if k == "." {
			continue
		}
		out = append(out, path.Dir(k))
	}
	slices.Sort(out)
	return out
}
