"""Findings store and reports: reviews survive re-analysis, summaries show the evidence."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from reconstruct.analysis.base import Finding, findings_frame, register, run_analyses
from reconstruct.case import init_case
from reconstruct.findings import attach_review, load_review, orphaned_reviews, set_review
from reconstruct.findings_report import as_markdown, as_table, write
from reconstruct.schema import coerce_dtypes


def _finding(evidence, analysis="escalation_not_made", kind=""):
    return Finding(
        analysis=analysis,
        period_start=pd.Timestamp("2004-03-01"),
        period_end=pd.Timestamp("2004-09-30"),
        sentence="Raadsmelding overwogen in maart 2004, niet gedaan.",
        theme="Toeleiding",
        criterion="De aanpak is op tijd in gang gezet",
        severity=3,
        evidence=list(evidence),
        organisations=["AMK"],
        kind=kind,
    )


@pytest.fixture
def case(tmp_path):
    return init_case(tmp_path / "c", "Test")


def test_finding_ids_are_stable_and_themes_are_checked():
    a, b = _finding(["ev-1", "ev-2"]), _finding(["ev-2", "ev-1"])
    assert a.finding_id == b.finding_id and a.finding_id.startswith("fi-")
    assert _finding(["ev-3"]).finding_id != a.finding_id
    with pytest.raises(ValueError, match="not a criterion"):
        Finding("x", None, None, "s", "Toeleiding", "Eén regisseur", 1, ["ev-1"])
    with pytest.raises(ValueError, match="unknown theme"):
        Finding("x", None, None, "s", "Veiligheid", "x", 1, ["ev-1"])


def test_review_survives_reanalysis_and_follows_changed_evidence(case):
    f = _finding(["ev-1", "ev-2", "ev-3"])
    set_review(case, f, "confirmed", "klopt, zie dossier AMK")
    same = attach_review(findings_frame([_finding(["ev-1", "ev-2", "ev-3"])]), load_review(case))
    assert same.iloc[0]["state"] == "confirmed" and not same.iloc[0]["carried_over"]
    grown = attach_review(
        findings_frame([_finding(["ev-1", "ev-2", "ev-3", "ev-4"])]), load_review(case)
    )
    assert grown.iloc[0]["state"] == "confirmed" and grown.iloc[0]["carried_over"]
    assert grown.iloc[0]["note"] == "klopt, zie dossier AMK"
    other = findings_frame([_finding(["ev-9"])])
    assert attach_review(other, load_review(case)).iloc[0]["state"] == "open"
    lost = orphaned_reviews(case, attach_review(other, load_review(case)))
    assert list(lost) == [f.finding_id]
    stored = json.loads((case.root / "findings_review.json").read_text("utf-8"))
    assert stored[f.finding_id]["state"] == "confirmed"


def test_bad_state_is_refused(case):
    with pytest.raises(ValueError, match="onbekende status"):
        set_review(case, _finding(["ev-1"]), "misschien")


@pytest.fixture
def scratch_registry():
    """Analyses registered by a test are removed again, so they never leak into other runs."""
    from reconstruct.analysis import base

    before = dict(base._REGISTRY)
    yield
    base._REGISTRY.clear()
    base._REGISTRY.update(before)


def test_runner_orders_dependencies_and_never_changes_events(scratch_registry):
    calls = []

    @register("test_base_a", "test", {"n": 1})
    def a(events, params, context):
        calls.append(("a", params["n"]))
        events.loc[:, "description"] = "veranderd"  # must not reach the caller's table
        return [_finding(["ev-1"], analysis="test_base_a")]

    @register("test_base_b", "test", dependencies=("test_base_a",))
    def b(events, params, context):
        calls.append(("b", len(context["test_base_a"])))
        return []

    events = coerce_dtypes(pd.DataFrame({"description": ["origineel"]}))
    found = run_analyses(events, only=["test_base_b"], params={"test_base_a": {"n": 5}})
    assert calls == [("a", 5), ("b", 1)] and found == []
    assert events["description"].iloc[0] == "origineel"
    with pytest.raises(KeyError, match="unknown analysis"):
        run_analyses(events, only=["nope"])


def test_reports_group_by_theme_and_show_evidence(tmp_path):
    events = coerce_dtypes(
        pd.DataFrame(
            [
                {
                    "event_id": "ev-1",
                    "date_raw": "12-03-2004",
                    "organisation": "AMK",
                    "event_type": "consultation",
                    "description": "Raadsmelding overwogen | niet gedaan",
                    "source_file": "amk.jsonl",
                    "source_row": 3,
                    "date_precision": "day",
                },
            ]
        )
    )
    frame = findings_frame([_finding(["ev-1", "ev-gone"])]).assign(state="confirmed", note="ok")
    md = as_markdown(frame, events, "Demo")
    assert "## Toeleiding" in md and "### Raadsmelding overwogen" in md
    assert "| 12-03-2004 | AMK | Overleg | Raadsmelding overwogen / niet gedaan |" in md
    assert "ev-gone niet meer in de tabel" in md and "status: bevestigd" in md
    assert "[bevestigd]" in as_table(frame)
    for fmt in ("csv", "json", "md", "html"):
        path = write(frame, events, tmp_path / f"f.{fmt}", "Demo")
        assert path.stat().st_size > 100
    assert "<h2>Toeleiding</h2>" in (tmp_path / "f.html").read_text("utf-8")
