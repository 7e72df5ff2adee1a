"""Shared fixtures: paths to committed synthetic test data and the demo case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SOURCES = DATA / "sources"
DEMO = ROOT / "data" / "demo"


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A private copy of the demo case (without derived data) that a test may change."""
    dst = tmp_path / "demo"
    shutil.copytree(DEMO, dst, ignore=shutil.ignore_patterns("derived"))
    return dst
