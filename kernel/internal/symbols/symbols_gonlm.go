package symbols

// The project's own packages. Their tables are generated like the others:
//
//	cd kernel/internal/symbols && go generate
//
// regenerates them (with everything else). To refresh only these three after an
// API change in nlm or kernel/display:
//
//	cd kernel/internal/symbols && go tool yaegi extract github.com/gonlm/gonlm/nlm github.com/gonlm/gonlm/nlm/mnist github.com/gonlm/gonlm/nlm/analysis github.com/gonlm/gonlm/kernel/display github.com/gonlm/gonlm/kernel/display/views
//
// yaegi extract skips a package that does not compile (it prints the error and
// writes nothing for it), so run it again once the package builds. The
// generated files are github_com-gonlm-gonlm-nlm.go,
// github_com-gonlm-gonlm-kernel-display.go and
// github_com-gonlm-gonlm-kernel-display-views.go; zalias.go then also registers them
// under the short import paths "nlm", "display" and "views".

//go:generate go tool yaegi extract github.com/gonlm/gonlm/nlm github.com/gonlm/gonlm/nlm/mnist github.com/gonlm/gonlm/nlm/analysis github.com/gonlm/gonlm/kernel/display github.com/gonlm/gonlm/kernel/display/views
