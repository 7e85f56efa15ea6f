"""The analyst notebooks run top to bottom, in a kernel of this environment, against the session's engine.

The kernel opens the graph as the notebooks do (`current_graph()`), pointed
by GOVGRAPH_DATA_DIR at the embedded engine this test session runs, with the
reference data loaded; a notebook would load it itself into an empty graph.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ("index", "explore_structure", "paths_and_chains", "conformance")
CELL_TIMEOUT = 300


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def test_every_notebook_is_listed_in_the_index_and_tested():
    on_disk = {path.stem for path in NOTEBOOKS.glob("*.ipynb")}
    assert on_disk == set(NAMES)
    index_text = "".join(cell.source for cell in read("index").cells)
    assert all(f"{name}.ipynb" in index_text for name in NAMES if name != "index")


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_committed_with_their_outputs_cleared(name):
    code = [cell for cell in read(name).cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.mark.engine
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(reference_graph, name, tmp_path):
    if reference_graph.data_dir is None:
        pytest.skip("the notebooks are run against the embedded engine")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "GOVGRAPH_"))}
    env.update(GOVGRAPH_DATA_DIR=reference_graph.data_dir, GOVGRAPH_CONFIG=str(tmp_path / "absent.toml"))
    notebook = read(name)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    try:
        client.execute(env=env)
    except CellExecutionError as error:
        pytest.fail(f"{name}.ipynb failed:\n{error}")
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    assert any(output.output_type in ("execute_result", "display_data") for output in outputs)
