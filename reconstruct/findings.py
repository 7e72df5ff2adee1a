"""Findings of a case: running the analyses, storing results and the inspector's review.

The review (confirmed / rejected / open, with a note) is the inspector's work and lives in the
case folder (`findings_review.json`), not in derived/: re-analysis never loses it. A finding
keeps its review while its id (analysis + evidence) is unchanged; when the evidence changed a
little (a re-import added an event), the review carries over to the finding of the same
analysis with the most overlapping evidence, marked as carried over.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from reconstruct.analysis.base import Finding, findings_frame, run_analyses
from reconstruct.analysis.builtin import load_builtins
from reconstruct.case import Case

REVIEW_FILE = "findings_review.json"
FINDINGS_FILE = "findings.json"
STATES = ("open", "confirmed", "rejected")
STATE_LABELS = {"open": "open", "confirmed": "bevestigd", "rejected": "verworpen"}
CARRY_OVER = 0.5
"""Minimum evidence overlap (Jaccard) for a review to follow a finding whose evidence changed."""


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, default=str)
    os.replace(tmp, path)


def load_review(case: Case) -> dict[str, dict]:
    path = case.root / REVIEW_FILE
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def set_review(case: Case, finding: Finding | dict, state: str, note: str = "") -> dict:
    """Record the inspector's judgement of a finding; returns the stored entry."""
    if state not in STATES:
        raise ValueError(f"onbekende status '{state}' (kies {', '.join(STATES)})")
    f = finding.as_dict() if isinstance(finding, Finding) else finding
    review = load_review(case)
    entry = {
        "state": state,
        "note": note,
        "analysis": f["analysis"],
        "kind": f.get("kind", ""),
        "evidence": list(f["evidence"]),
        "sentence": f["sentence"],
        "updated": dt.datetime.now().isoformat(timespec="seconds"),
    }
    review[f["finding_id"]] = entry
    _write_json(case.root / REVIEW_FILE, review)
    return entry


def _jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def attach_review(frame: pd.DataFrame, review: dict[str, dict]) -> pd.DataFrame:
    """Add columns state, note, carried_over to a findings frame."""
    states, notes, carried = [], [], []
    used: set[str] = set()
    for f in frame.itertuples():
        entry = review.get(f.finding_id)
        moved = False
        if entry is None:
            best, score = None, CARRY_OVER
            for fid, e in review.items():
                if fid in used or e["analysis"] != f.analysis or e.get("kind", "") != f.kind:
                    continue
                s = _jaccard(e["evidence"], f.evidence)
                if s >= score and fid not in frame["finding_id"].values:
                    best, score = fid, s
            if best:
                entry, moved = review[best], True
                used.add(best)
        states.append(entry["state"] if entry else "open")
        notes.append(entry.get("note", "") if entry else "")
        carried.append(moved)
    return frame.assign(state=states, note=notes, carried_over=carried)


def analyse_case(case: Case, events: pd.DataFrame, only=None, params=None) -> pd.DataFrame:
    """Run the analyses on `events`, store the results in derived/, and return them with the
    inspector's review attached."""
    load_builtins()
    found = run_analyses(events, only=only, params={**case_parameters(case), **(params or {})})
    frame = attach_review(findings_frame(found), load_review(case))
    if not only:
        _write_json(case.derived_dir / FINDINGS_FILE, frame.to_dict(orient="records"))
    return frame


def case_parameters(case: Case) -> dict[str, dict]:
    """What the case knows that the analyses' defaults cannot: its own coordinating
    organisations, which persons are children, and the end of the period under review."""
    children = [p.pseudonym for p in case.persons if (p.role or "").lower().startswith("kind")]
    params: dict[str, dict] = {"no_coordinator": {"coordinators": _coordinating(case)}}
    if children:
        params["child_not_seen"] = {"children": children}
    if case.period[1]:
        params["source_coverage"] = {"case_end": pd.Timestamp(case.period[1])}
    return params


def _coordinating(case: Case) -> list[str]:
    """The organisations that may coordinate, by the registry with the case's own file (read
    again only when that file changes)."""
    path = Path(case.organisations_file)
    stamp = path.stat().st_mtime_ns if path.is_file() else None
    return list(_coordinating_in(str(path), stamp))


@functools.lru_cache(maxsize=16)
def _coordinating_in(path: str, stamp: int | None) -> tuple[str, ...]:
    from reconstruct.organisations import OrganisationRegistry

    return tuple(sorted(OrganisationRegistry.load(path).coordinating()))


def orphaned_reviews(case: Case, frame: pd.DataFrame) -> dict[str, dict]:
    """Reviews whose finding no longer appears (its evidence disappeared): never dropped
    silently, listed for the inspector."""
    review = load_review(case)
    matched = set(frame["finding_id"])
    # Carried-over reviews are matched too.
    for f in frame[frame["carried_over"]].itertuples():
        for fid, e in review.items():
            if e["analysis"] == f.analysis and _jaccard(e["evidence"], f.evidence) >= CARRY_OVER:
                matched.add(fid)
    return {fid: e for fid, e in review.items() if fid not in matched and e["state"] != "open"}
