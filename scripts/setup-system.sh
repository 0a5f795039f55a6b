#!/usr/bin/env bash
# Installs the Debian packages gonlm needs, only those that are missing:
#   libopenblas-dev        BLAS for gonum's netlib (cgo) backend
#   dataset-fashion-mnist  an MNIST-format data set under /usr/share/datasets
#   chromium               headless browser for the JupyterLab browser tests
#   python3-venv           only when python3 cannot make a virtualenv
# As root it runs apt-get (non-interactive); otherwise it prints the command to
# run with sudo. GONLM_SKIP_APT=1 skips this step entirely.
set -euo pipefail

if [[ "${GONLM_SKIP_APT:-}" == 1 ]]; then
  echo "setup-system: GONLM_SKIP_APT=1, not checking Debian packages"
  exit 0
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup-system: not a Debian-like system; install OpenBLAS (libopenblas-dev), Chromium and Python's venv module yourself"
  exit 0
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

required=(libopenblas-dev)
optional=(dataset-fashion-mnist chromium)
missing_required=()
missing_optional=()
for p in "${required[@]}"; do installed "$p" || missing_required+=("$p"); done
for p in "${optional[@]}"; do installed "$p" || missing_optional+=("$p"); done
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing_required+=(python3-venv)
fi

missing=("${missing_required[@]}" "${missing_optional[@]}")
if ((${#missing[@]} == 0)); then
  echo "setup-system: Debian packages present (${required[*]} ${optional[*]})"
  exit 0
fi

if [[ "$(id -u)" == 0 ]]; then
  echo "setup-system: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
  exit 0
fi

echo "setup-system: missing Debian packages: ${missing[*]}"
echo "setup-system: install them with: sudo apt-get install ${missing[*]}"
if ((${#missing_required[@]} > 0)); then
  echo "setup-system: ${missing_required[*]} are needed to build and test gonlm (set GONLM_SKIP_APT=1 to go on anyway)" >&2
  exit 1
fi
echo "setup-system: going on without them (browser tests and the Fashion-MNIST examples will be skipped)"
