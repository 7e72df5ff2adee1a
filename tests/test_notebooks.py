"""The notebooks run: their code cells are executed in order against the demo case."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_code_cells_run(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    cells = json.loads(path.read_text("utf-8"))["cells"]
    namespace: dict = {}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{path.name}", "exec"), namespace)  # noqa: S102
    assert "events" in namespace and len(namespace["events"]) > 0


def test_there_is_a_notebook():
    assert NOTEBOOKS, "notebooks/ holds at least one runnable notebook"
    assert os.path.isdir(ROOT / "notebooks")
