"""The analysis extension point: a registered module per pattern, producing findings with evidence.

An analysis reads the event table (and its dependencies' findings) and returns findings; it
never modifies events. Built-in analyses use the same `register` as any outside one.
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

import pandas as pd

THEMES: dict[str, tuple[str, ...]] = {
    "Toeleiding": ("De aanpak is op tijd in gang gezet",),
    "Gezin centraal": (
        "Het gezin is bij elke stap van de aanpak betrokken",
        "De eigen kracht van het gezin wordt benut",
        "Het sociale netwerk van het gezin wordt benut",
    ),
    "De aanpak": ("De aanpak is samenhangend", "De aanpak is vasthoudend"),
    "Samenwerking": (
        "Eén regisseur",
        "Benodigde partijen werken mee aan aanpak",
        "Toereikende informatie",
    ),
    "Continuïteit": (
        "De duur van de aanpak is toereikend",
        "De aanpak is flexibel",
        "De aanpak krijgt indien nodig een vervolg",
    ),
}
"""The toetsingskader GGSR on case level: theme -> criteria (the report's own wording)."""


@dataclass
class Finding:
    """One pattern found, with the events that prove it."""

    analysis: str
    period_start: pd.Timestamp | None
    period_end: pd.Timestamp | None
    sentence: str  # Dutch, as an inspector would write it
    theme: str
    criterion: str
    severity: int  # 0-3
    evidence: list[str]  # event ids
    organisations: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    kind: str = ""  # a sub-label within the analysis (e.g. "episode", "pattern")
    finding_id: str = ""

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ValueError(f"unknown theme {self.theme!r}")
        if self.criterion not in THEMES[self.theme]:
            raise ValueError(f"{self.criterion!r} is not a criterion of {self.theme!r}")
        if not self.finding_id:
            # Stable across re-analysis while the evidence stays the same.
            key = "\x1f".join([self.analysis, self.kind, *sorted(self.evidence)])
            self.finding_id = "fi-" + hashlib.blake2b(key.encode(), digest_size=6).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        # asdict() deep-copies field by field; the lists here hold only strings.
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        for k in ("evidence", "organisations", "persons"):
            d[k] = list(d[k])
        for k in ("period_start", "period_end"):
            v = d[k]
            d[k] = None if v is None or pd.isna(v) else pd.Timestamp(v).date().isoformat()
        return d


@dataclass(frozen=True)
class Analysis:
    """A registered analysis: its name, what it looks for, its parameters and dependencies."""

    name: str
    description: str  # Dutch, one or two sentences for the inspector
    parameters: dict[str, Any]
    dependencies: tuple[str, ...]
    run: Callable[..., list[Finding]]  # run(events, params, context) -> findings
    module: str = ""


_REGISTRY: dict[str, Analysis] = {}


def register(
    name: str,
    description: str,
    parameters: dict[str, Any] | None = None,
    dependencies: Iterable[str] = (),
):
    """Decorator for `run(events, params, context) -> list[Finding]`.

    `params` holds the defaults updated with the caller's values; `context` maps each
    dependency's name to its findings.
    """

    def wrap(fn):
        if name in _REGISTRY:
            raise ValueError(f"an analysis named {name!r} is already registered")
        _REGISTRY[name] = Analysis(
            name, description, dict(parameters or {}), tuple(dependencies), fn, fn.__module__
        )
        return fn

    return wrap


def analyses() -> dict[str, Analysis]:
    """Every registered analysis by name (importing reconstruct.analysis registers built-ins)."""
    return dict(_REGISTRY)


def _order(names: Iterable[str]) -> list[str]:
    done: list[str] = []

    def visit(n: str, stack: tuple[str, ...] = ()) -> None:
        if n in done:
            return
        if n in stack:
            raise ValueError(f"circular analysis dependencies: {' -> '.join((*stack, n))}")
        if n not in _REGISTRY:
            raise KeyError(f"unknown analysis {n!r} (known: {', '.join(sorted(_REGISTRY))})")
        for dep in _REGISTRY[n].dependencies:
            visit(dep, (*stack, n))
        done.append(n)

    for n in names:
        visit(n)
    return done


def run_analyses(
    events: pd.DataFrame,
    only: Iterable[str] | None = None,
    params: dict[str, dict[str, Any]] | None = None,
) -> list[Finding]:
    """Run the chosen analyses (all by default) with their dependencies, in dependency order.

    Returns the findings of the chosen analyses (dependencies run but are not returned unless
    chosen). Events are passed read-only: a copy, so no analysis can change the caller's table.
    """
    chosen = list(only) if only else sorted(_REGISTRY)
    context: dict[str, list[Finding]] = {}
    frozen = events.copy()
    token = _RUN.set(_Run(frozen))
    try:
        for name in _order(chosen):
            a = _REGISTRY[name]
            p = {**a.parameters, **(params or {}).get(name, {})}
            context[name] = a.run(frozen, p, {d: context[d] for d in a.dependencies})
    finally:
        _RUN.reset(token)
    return [f for n in chosen for f in context[n]]


@dataclass
class _Run:
    table: pd.DataFrame
    memo: dict = field(default_factory=dict)


_RUN: contextvars.ContextVar[_Run | None] = contextvars.ContextVar("analysis_run", default=None)


def run_memo() -> dict | None:
    """A scratch dict that lives as long as the current `run_analyses` call (None outside one),
    for results that depend only on values, such as what a pattern finds in a given text."""
    run = _RUN.get()
    return None if run is None else run.memo


def shared(events: pd.DataFrame, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, computed once per `run_analyses` call when `events` is the table that run
    hands to every analysis (what several analyses derive from it, such as the involvement
    periods, is then derived once). Outside a run, or for another table, simply `compute()`.
    Callers must not modify what it returns (return a copy when that could happen)."""
    run = _RUN.get()
    if run is None or run.table is not events:
        return compute()
    if key not in run.memo:
        run.memo[key] = compute()
    return run.memo[key]


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a table (one row each; lists kept as lists)."""
    cols = [
        "finding_id",
        "analysis",
        "kind",
        "period_start",
        "period_end",
        "organisations",
        "persons",
        "sentence",
        "severity",
        "theme",
        "criterion",
        "evidence",
    ]
    return pd.DataFrame([f.as_dict() for f in findings], columns=cols)
