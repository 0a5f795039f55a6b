"""Runs every notebook in notebooks/ top to bottom with the gonlm kernel.

Each notebook must execute without an error output. The kernel is this
checkout's bin/gonlm (or $GONLM_BIN), installed as "gonlm" into a private
JUPYTER_DATA_DIR. A cell may run for at most $GONLM_CELL_TIMEOUT seconds
(default 900); $GONLM_NOTEBOOKS names another folder. Executed copies are written to out/notebooks/ for inspection;
the committed notebooks are not modified.
"""

import os
import pathlib
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(os.environ.get("GONLM_BIN", ROOT / "bin" / "gonlm")).resolve()
NOTEBOOK_DIR = pathlib.Path(os.environ.get("GONLM_NOTEBOOKS", ROOT / "notebooks"))
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = int(os.environ.get("GONLM_CELL_TIMEOUT", "900"))


@pytest.fixture(scope="session", autouse=True)
def kernelspec(tmp_path_factory):
    if not BIN.is_file():
        pytest.exit(f"{BIN} does not exist: build it first with `make build`", returncode=2)
    data = tmp_path_factory.mktemp("jupyter-data")
    old = os.environ.get("JUPYTER_DATA_DIR")
    os.environ["JUPYTER_DATA_DIR"] = str(data)
    subprocess.run([str(BIN), "install", "--user", "--binary", str(BIN)], check=True,
                   stdout=subprocess.DEVNULL)
    yield
    if old is None:
        os.environ.pop("JUPYTER_DATA_DIR", None)
    else:
        os.environ["JUPYTER_DATA_DIR"] = old


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="gonlm", timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as e:
        pytest.fail(f"{path.name}: {e}")
    finally:
        out = ROOT / "out" / "notebooks"
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / path.name)
    errors = [o for c in nb.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: error outputs: {errors}"
