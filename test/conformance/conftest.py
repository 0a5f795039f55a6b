"""Test setup for the conformance suite.

Installs this checkout's kernel binary (bin/gonlm, or $GONLM_BIN) as the kernelspec
"gonlm" into a private JUPYTER_DATA_DIR, before any test module is imported, so the
tests always run the binary that was just built, whatever else is installed for
the user or in the environment.
"""

import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(os.environ.get("GONLM_BIN", ROOT / "bin" / "gonlm")).resolve()
KERNEL_NAME = "gonlm"

_data_dir = None


def pytest_configure(config):
    global _data_dir
    if not BIN.is_file():
        pytest.exit(f"{BIN} does not exist: build it first with `make build`", returncode=2)
    _data_dir = tempfile.mkdtemp(prefix="gonlm-conformance-")
    os.environ["JUPYTER_DATA_DIR"] = _data_dir
    # Cells the kernel answered with an error are logged here and listed at the end.
    os.environ["GONLM_CONFORMANCE_LOG"] = os.path.join(_data_dir, "kernel-errors.log")
    # The kernel must not inherit a user's signal-mode spec or another install.
    subprocess.run(
        [str(BIN), "install", "--user", "--name", KERNEL_NAME, "--binary", str(BIN)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def pytest_terminal_summary(terminalreporter):
    log = os.environ.get("GONLM_CONFORMANCE_LOG")
    if log and os.path.exists(log):
        terminalreporter.section("cells the kernel answered with an error")
        with open(log) as f:
            terminalreporter.write(f.read())


def pytest_unconfigure(config):
    if _data_dir:
        shutil.rmtree(_data_dir, ignore_errors=True)
