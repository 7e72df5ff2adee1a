"""Tests for the batch path of reconstruct.lexicon (`Lexicon.suggest_batch`, and `suggest_many`
on many distinct texts, over forked workers): it must give exactly what `Lexicon.suggest` gives
one text at a time, however the texts are folded, joined and scanned."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from reconstruct import lexicon, parallel
from reconstruct.lexicon import fold, load_lexicon, suggest_many

LABELLED = Path(__file__).parent / "data" / "lexicon_labelled.csv"

# Characters that fold in every way: to nothing, to two, to another non-ASCII one, across a
# word's start; and texts the joined scan must not be fooled by (NUL, a lone surrogate).
ODD = [
    "Straße 1: Blauwe\n  plekken",
    "Hulp beëindigd: voortijdig beëindigd",
    "ﬁets gestolen; blauwe plek",
    "İnloop — moeder sloeg partner",
    "ℌuiselijk geweld, Ω en ω",
    "e\u0301e\u0301n blauwe plek",
    "`geen` blauwe plekken, ‘vroeger’ mishandeld",
    "\u00a0blauwe\u202fplek\u2014gezien",
    "(blauwe plek) /mishandeling/ 'zorgmelding' -huiselijk geweld-",
    "1 gezin 1 plan; 1g1p; zorg gestopt",
    "blauwe plek\0geen blauwe plek",
    "\ud800 blauwe plek",
    "😀 Zorgmelding i.v.m. blauwe plekken",
    "",
    " ",
    "geen",
    "blauwe plek",
]


def _texts(size: int, seed: int = 3) -> list[str]:
    """Distinct dossier-like lines: labelled lines joined, cut, cased and punctuated at random."""
    lines = pd.read_csv(LABELLED, sep=";", dtype=str, keep_default_na=False)["text"].tolist()
    rng = random.Random(seed)
    marks = ["", " ", ", ", ": ", " — ", "(", ") ", "/", "\n", "'", "-", ". "]
    out = set()
    while len(out) < size:
        a, b = rng.choice(lines), rng.choice(lines + ODD)
        text = a + rng.choice(marks) + b[: rng.randint(0, len(b))]
        out.add(text.upper() if rng.random() < 0.05 else text)
    return sorted(out)


def _one_by_one(lex, texts):
    found = [lex.suggest(t) for t in texts]
    return [None if s.event_type is None else lexicon.astuple(s) for s in found]


def test_fold_joined_folds_as_fold_does():
    texts = [t for t in ODD if "\0" not in t and "\ud800" not in t]
    joined, norms = lexicon._fold_joined(texts)
    assert norms == [fold(t)[0] for t in texts]
    assert joined == "\0".join(norms)
    ascii_only = ["Blauwe PLEK `x`", "geen"]
    assert lexicon._fold_joined(ascii_only)[1] == [fold(t)[0] for t in ascii_only]


@pytest.mark.parametrize("texts", [["blauwe plek\0x", "geen"], ["\ud800 blauwe plek", "geen"]])
def test_fold_joined_gives_up_on_what_cannot_be_joined(texts):
    joined, norms = lexicon._fold_joined(texts)
    assert joined is None and norms == [fold(t)[0] for t in texts]


def test_scan_finds_what_the_finder_finds():
    lex = load_lexicon()
    texts = [t for t in _texts(1500) + ODD if "\0" not in t and "\ud800" not in t]
    for part in (texts, [t for t in texts if t.isascii()]):  # a chunk with and without non-ASCII
        joined, norms = lexicon._fold_joined(part)
        got = dict(lex._scan(joined, [len(n) for n in norms]))
        want = {k: list(lex._positions(n)) for k, n in enumerate(norms)}
        assert got == {k: p for k, p in want.items() if p}


def test_suggest_batch_equals_suggest():
    lex = load_lexicon()
    texts = _texts(3000) + ODD
    assert lex.suggest_batch(texts) == _one_by_one(lex, texts)
    assert lex.suggest_batch([]) == []


def test_suggest_batch_with_a_case_lexicon(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "entries:\n"
        "  poli_refused:\n"
        "    event_type: care_avoidance\n"
        "    patterns: [weigert ... controle* (bij|op) de poli, '*poli-angst']\n",
        encoding="utf-8",
    )
    lex = load_lexicon(path)
    texts = _texts(500) + ["Moeder weigert de controles op de poli", "kinderpoli-angst", "poli"]
    assert lex.suggest_batch(texts) == _one_by_one(lex, texts)


@pytest.mark.parametrize("serial_max", [1_000, 1_000_000])  # shared out over workers, or not
def test_suggest_many_on_many_texts_equals_suggest(monkeypatch, serial_max):
    monkeypatch.setattr(lexicon, "_SERIAL_MAX", serial_max)
    # workers even where an earlier test left a thread running (the test server's)
    monkeypatch.setattr(parallel, "may_fork", lambda: True)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    pools = []
    real_context = parallel.multiprocessing.get_context
    monkeypatch.setattr(
        parallel.multiprocessing, "get_context", lambda m: pools.append(m) or real_context(m)
    )
    lex = load_lexicon()
    texts = [t for t in _texts(lexicon._BATCH + 500) if "\ud800" not in t]  # Arrow refuses it
    column = pd.Series(
        texts + [None, texts[0], float("nan"), 7], index=range(100, 100 + len(texts) + 4)
    )
    out = suggest_many(column, lex)
    found = [lex.suggest(t if isinstance(t, str) else None) for t in column]
    rows = [(s.event_type, s.subtype, s.severity, "; ".join(s.terms) or None) for s in found]
    want = pd.DataFrame(
        {
            name: pd.Series(values, index=column.index, dtype=dtype)
            for name, values, dtype in zip(
                out.columns, zip(*rows, strict=True), [object, object, "Int8", object], strict=True
            )
        }
    )
    pd.testing.assert_frame_equal(out, want)
    arrow = suggest_many(
        column.where(column.map(lambda v: isinstance(v, str))).astype("string[pyarrow]"), lex
    )
    pd.testing.assert_frame_equal(arrow, want)
    assert pools == (["fork", "fork"] if serial_max < len(texts) else [])
