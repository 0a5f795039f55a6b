# gonlm: build, set up and test.
#
#   make setup   Debian packages (as root, only missing ones), Go modules, the Python
#                venv (.venv), playwright-core, bin/gonlm, and the kernelspec in .venv
#   make lab     setup, then JupyterLab in notebooks/ on 127.0.0.1, gonlm the default kernel
#   make test    gofmt, go vet, staticcheck, generated code current, go test -race,
#                each fuzz target for a few seconds, a CGO_ENABLED=0 build and test
#                of nlm, the Jupyter conformance suite, the notebook tests and a
#                browser test
#   make generate  regenerate the symbol tables, the completion docs and the corpus outputs
#   make soak    20 000 cells against a kernel: every request answered, memory and
#                latency flat (minutes)
#   make bench   Go benchmarks (short) and the kernel-vs-ipykernel benchmark
#   make speed   the sampler against PyTorch, as ratios (installs torch into .venv)
#
# Every step is skipped or cheap when already done, so a second `make setup` is quick.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

GO      ?= go
PYTHON  ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
BIN     := bin/gonlm
LAB_ARGS ?=
BENCHTIME ?= 200ms

# Go sources for the gofmt check: what `./...` covers (the go tool skips
# directories starting with '.' or '_', and testdata), plus testdata programs.
GO_FILES = $(shell find . -name '*.go' -not -path './.*' -not -path '*/_*' -not -path './node_modules/*')

.PHONY: help setup system-deps go-deps python-deps node-deps build kernelspec \
        lab test check-fmt vet lint generate check-generated gotest fuzz-short nlm-nocgo conformance notebook-tests browser-test panel-image soak bench speed clean

help:
	@sed -n '2,16p' Makefile | sed 's/^# \{0,1\}//'

## ---- setup ------------------------------------------------------------------

setup: system-deps go-deps python-deps node-deps build kernelspec
	@echo "setup: done (kernel: $(BIN); Python: $(VENV); try: make lab)"

system-deps:
	@bash scripts/setup-system.sh

go-deps:
	@$(GO) mod download
	@echo "setup: Go modules downloaded"

python-deps: $(VENV)/.installed

# Rebuilt only when the requirements change.
$(VENV)/.installed: requirements-dev.txt constraints.txt
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	@$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@
	@echo "setup: Python packages installed in $(VENV)"

node-deps: node_modules/.package-lock.json

# playwright-core drives Debian's /usr/bin/chromium; it downloads no browser.
node_modules/.package-lock.json: package.json package-lock.json
	@PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@
	@echo "setup: node_modules installed"

build:
	@mkdir -p bin
	@$(GO) build -o $(BIN) ./cmd/gonlm
	@echo "setup: built $(BIN)"

# The kernelspec goes into the venv (sys.prefix), where the venv's jupyter finds it.
kernelspec: build python-deps
	@$(BIN) install --sys-prefix --python $(VPY)
	@$(VPY) scripts/check_kernelspec.py gonlm $(BIN)

## ---- lab --------------------------------------------------------------------

lab: setup
	@mkdir -p notebooks
	@echo "lab: JupyterLab in notebooks/ on 127.0.0.1 (Ctrl-C stops it)"
	@cd notebooks && exec ../$(VENV)/bin/jupyter lab --ip 127.0.0.1 --config=../scripts/jupyter_lab_config.py $$( [[ $$(id -u) == 0 ]] && echo --allow-root ) $(LAB_ARGS)

## ---- test -------------------------------------------------------------------

TEST_STEPS := check-fmt vet lint check-generated gotest fuzz-short nlm-nocgo conformance notebook-tests browser-test

# Runs every step even when one fails, then names the failed ones.
test: build python-deps
	@failed=(); start=$$(date +%s); \
	for step in $(TEST_STEPS); do \
	  t0=$$(date +%s); \
	  if $(MAKE) $$step; then r=ok; else r=FAILED; failed+=($$step); fi; \
	  echo "-- $$step: $$r ($$(( $$(date +%s) - t0 ))s)"; \
	done; \
	echo "test: $$(( $$(date +%s) - start ))s"; \
	if (( $${#failed[@]} )); then echo "test: FAILED: $${failed[*]}"; exit 1; fi; \
	echo "test: all checks passed"

check-fmt:
	@echo "== gofmt"
	@out="$$(gofmt -l $(GO_FILES))"; if [[ -n "$$out" ]]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	@echo "== go vet"
	$(GO) vet ./...

# staticcheck (pinned in go.mod as a tool) on every package but the generated
# symbol tables, whose job is to mirror APIs, deprecated ones included.
LINT_PKGS = $(shell $(GO) list ./... | grep -v '/kernel/internal/symbols$$')
lint:
	@echo "== staticcheck"
	$(GO) tool staticcheck $(LINT_PKGS)

# Generated code: the yaegi symbol tables, the completion docs and the
# differential corpus's expected outputs (every program run with go run:
# a minute or two).
generate:
	$(GO) generate ./kernel/internal/symbols/ ./kernel/internal/complete/ ./kernel/internal/difftest/

# Regenerates everything generated and fails if the result differs from what
# is committed (as yaegi's own CI does with its tables).
check-generated: generate
	@echo "== generated code is current"
	@git diff --exit-code --stat -- kernel/internal/symbols kernel/internal/complete kernel/internal/difftest/testdata || \
	  { echo "generated code is stale: run make generate and commit the result"; exit 1; }

gotest:
	@echo "== go test -race"
	$(GO) test -race -timeout 20m ./...

# Every fuzz target (func FuzzXxx in a _test.go file) for FUZZTIME on new
# inputs; their seed corpora (testdata/fuzz) already ran as tests in gotest.
# A failing input is written to the package's testdata/fuzz: commit it with
# the fix. `make fuzz-short FUZZTIME=10m` fuzzes longer.
FUZZTIME ?= 4s
fuzz-short:
	@echo "== fuzz ($(FUZZTIME) per target)"
	@for f in $$(grep -rl --include='*_test.go' '^func Fuzz' kernel nlm internal cmd 2>/dev/null | sort); do \
	  for name in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
	    echo "-- $$name (./$$(dirname $$f))"; \
	    $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) ./$$(dirname $$f) 2>&1 | grep -v '^fuzz: elapsed' || exit 1; \
	  done; \
	done

nlm-nocgo:
	@echo "== CGO_ENABLED=0 build and test of nlm"
	CGO_ENABLED=0 $(GO) build ./nlm/...
	CGO_ENABLED=0 $(GO) test -timeout 15m ./nlm/...

# The Jupyter conformance suite runs against this checkout's bin/gonlm (the suite
# installs it into a private JUPYTER_DATA_DIR, whatever else is installed).
conformance: build python-deps
	@echo "== Jupyter conformance (jupyter_kernel_test)"
	$(VPY) -m pytest test/conformance -v -p no:cacheprovider

# Executes notebooks/*.ipynb with nbclient, when there are any.
notebook-tests: build python-deps
	@echo "== notebooks"
	@if compgen -G 'notebooks/*.ipynb' >/dev/null; then \
	  $(VPY) -m pytest test/notebooks/test_notebooks.py -v -p no:cacheprovider; \
	else echo "no notebooks yet"; fi

# JupyterLab in headless Chromium (Debian's, via playwright-core): the launcher
# card and logo, cells run from a notebook, and widgets (notebook 4's panel:
# render, update, callbacks, reload, and the slider-to-image time, written to
# out/browser/widgets-latency.json). Skips itself without Chromium.
browser-test: build python-deps node-deps
	@echo "== JupyterLab in Chromium"
	node --test test/browser/lab.test.mjs test/browser/widgets.test.mjs

# The static picture of notebook 4's what-if panel (its markdown cell's
# attachment), taken in JupyterLab; needs notebooks/quick-136.npy (notebook 2).
panel-image: build python-deps node-deps
	node test/browser/panel-snapshot.mjs

## ---- soak -------------------------------------------------------------------

# 10 000 mixed cells, then 10 000 trivial ones against a kernel process; prints
# latency and memory figures (minutes; not part of make test). SOAK_CELLS=n
# runs n of each.
SOAK_CELLS ?= 10000
soak:
	@echo "== soak ($(SOAK_CELLS) mixed and $(SOAK_CELLS) trivial cells)"
	GONLM_SOAK=1 GONLM_SOAK_CELLS=$(SOAK_CELLS) $(GO) test -run '^TestSoak$$' -timeout 60m -count 1 -v ./kernel/internal/kerneltest/ 2>&1 | grep -v 'level='

## ---- bench ------------------------------------------------------------------

bench: build python-deps
	@echo "== Go benchmarks (-benchtime $(BENCHTIME))"
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) ./...
	@echo "== budgets (GONLM_MEASURE=1: rendering, the live training view's overhead)"
	GONLM_MEASURE=1 $(GO) test -count 1 -v -run 'Budget|^TestTrainingOverhead$$' ./kernel/display/... 2>&1 | grep -E '^(=== RUN|--- |\s+\S+_test.go|ok|FAIL)'
	@echo "== kernel benchmark: gonlm vs ipykernel"
	$(VPY) test/bench/bench_kernel.py --gonlm $(BIN) --python $(VPY)

# ROUNDS interleaved rounds on THREADS threads; run it on an idle machine.
ROUNDS ?= 3
THREADS ?= 2
speed: python-deps
	nlm/bench/bench.sh $(ROUNDS) $(THREADS)

clean:
	rm -rf bin
