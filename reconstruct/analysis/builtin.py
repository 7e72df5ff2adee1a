"""The built-in analyses, registered through the same `register` any outside analysis uses."""

from __future__ import annotations

import importlib

MODULES = (
    "involvement",
    "care_avoidance",
    "signals",
    "escalation",
    "coordinator",
    "agreements",
    "risk_assessment",
    "start_again",
    "child_not_seen",
    "parallel_tracks",
    "source_coverage",
)


def load_builtins() -> None:
    """Import every built-in analysis module (each registers itself on import)."""
    for name in MODULES:
        importlib.import_module(f"reconstruct.analysis.{name}")
