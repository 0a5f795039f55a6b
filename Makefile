# gonlm: build, set up and test.
#
#   make setup   Debian packages (as root, only missing ones), Go modules, the Python
#                venv (.venv), playwright-core, bin/gonlm, and the kernelspec in .venv
#   make lab     setup, then JupyterLab in notebooks/ on 127.0.0.1
#   make test    gofmt, go vet, go test -race, a CGO_ENABLED=0 build and test of nlm,
#                the Jupyter conformance suite, the notebook tests and a browser test
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
        lab test check-fmt vet gotest nlm-nocgo conformance notebook-tests browser-test bench speed clean

help:
	@sed -n '2,11p' Makefile | sed 's/^# \{0,1\}//'

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
	@cd notebooks && exec ../$(VENV)/bin/jupyter lab --ip 127.0.0.1 $$( [[ $$(id -u) == 0 ]] && echo --allow-root ) $(LAB_ARGS)

## ---- test -------------------------------------------------------------------

TEST_STEPS := check-fmt vet gotest nlm-nocgo conformance notebook-tests browser-test

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

gotest:
	@echo "== go test -race"
	$(GO) test -race -timeout 20m ./...

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
# card and logo, and cells run from a notebook. Skips itself without Chromium.
browser-test: build python-deps node-deps
	@echo "== JupyterLab in Chromium"
	node --test test/browser/lab.test.mjs

## ---- bench ------------------------------------------------------------------

bench: build python-deps
	@echo "== Go benchmarks (-benchtime $(BENCHTIME))"
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) ./...
	@echo "== kernel benchmark: gonlm vs ipykernel"
	$(VPY) test/bench/bench_kernel.py --gonlm $(BIN) --python $(VPY)

# ROUNDS interleaved rounds on THREADS threads; run it on an idle machine.
ROUNDS ?= 3
THREADS ?= 2
speed: python-deps
	nlm/bench/bench.sh $(ROUNDS) $(THREADS)

clean:
	rm -rf bin
