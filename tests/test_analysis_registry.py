"""The analysis extension point: every built-in is registered, documented and tested."""

from __future__ import annotations

import pytest

from reconstruct.analysis.base import THEMES, analyses, run_analyses
from reconstruct.analysis.builtin import MODULES, load_builtins
from tests.conftest import ROOT

load_builtins()
BUILTIN = {
    name: a for name, a in analyses().items() if a.module.startswith("reconstruct.analysis.")
}
README = (ROOT / "README.md").read_text("utf-8")


def test_every_builtin_module_registers_an_analysis():
    modules = {a.module.rsplit(".", 1)[1] for a in BUILTIN.values()}
    assert modules == set(MODULES)
    assert len(BUILTIN) >= 11


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_analysis_is_documented_and_tested(name):
    a = BUILTIN[name]
    assert a.description and len(a.description) > 20
    module = __import__(a.module, fromlist=["x"])
    assert module.__doc__, f"{a.module} needs a module docstring"
    assert f"`{name}`" in README, f"README documents the analysis {name}"
    for param in a.parameters:
        assert f"`{param}`" in README, f"README documents parameter {param} of {name}"
    tests = ROOT / "tests" / "analysis" / f"test_{a.module.rsplit('.', 1)[1]}.py"
    assert tests.exists(), f"{name} has its own tests ({tests.name})"


def test_all_analyses_run_on_the_demo_and_cite_existing_events():
    from reconstruct.case import load_case
    from reconstruct.ingest import ingest_case
    from tests.conftest import DEMO

    events = ingest_case(load_case(DEMO)).events
    before = events.copy()
    found = run_analyses(events, only=sorted(BUILTIN))
    assert events.equals(before), "analyses never modify events"
    ids = set(events["event_id"])
    assert {f.analysis for f in found} == set(BUILTIN), "each analysis finds something"
    for f in found:
        assert f.evidence and set(f.evidence) <= ids, f
        assert f.theme in THEMES and f.criterion in THEMES[f.theme]
        assert 0 <= f.severity <= 3 and f.sentence.endswith((".", "?", ")"))
