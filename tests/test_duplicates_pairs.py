"""The pieces the duplicate linking's speed rests on give what the plain versions give."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.duplicate_texts import _runs, _word_pairs
from reconstruct.duplicates import _spans, _words
from reconstruct.merge import _mapped


def test_spans_pairs_each_position_with_the_values_after_it_up_to_its_end():
    rng = np.random.default_rng(7)
    values = np.sort(rng.choice(200, size=60, replace=False))
    pos = np.sort(rng.choice(200, size=40, replace=False))
    end = pos + rng.integers(0, 30, size=len(pos))
    x, y = _spans(pos, end, values, lookup=True)
    expected = [(p, v) for p, e in zip(pos, end, strict=True) for v in values if p < v <= e]
    assert list(zip(x.tolist(), y.tolist(), strict=True)) == expected


def test_spans_by_index_pairs_with_the_entries_before_the_end():
    values = np.array([3, 5, 8, 9, 12])
    x, y = _spans(np.array([0, 2]), np.array([3, 5]), values)
    assert list(zip(x.tolist(), y.tolist(), strict=True)) == [(3, 5), (3, 8), (8, 9), (8, 12)]


def test_mapped_is_series_map_with_missing_and_empty_values():
    column = pd.Series(
        ["b.csv", None, "a.csv", "x.csv", "b.csv"], dtype="str", index=[4, 3, 2, 1, 0]
    )
    mapping = {"a.csv": 0, "b.csv": 1}
    pd.testing.assert_series_equal(_mapped(column, mapping), column.map(mapping).astype(float))


def test_word_pairs_are_the_words_of_each_text():
    texts = [
        "",
        "Ab",
        "abc",
        "Melding HUISELIJK geweld",
        "abc\x00de abcd",
        "",
        "één café",
        "ﬁle 12",
    ]
    texts += ["wordsrun", "intotext", "x" * 3, "de het een", "a1b2c3 9999 kind-kind"]
    for chunk in (texts, [t for t in texts if t.isascii()]):
        parent, word, vocab = _word_pairs(chunk)
        found = [set() for _ in chunk]
        for p, w in zip(parent.tolist(), word.tolist(), strict=True):
            found[p].add(vocab[w])
        assert found == [set(_words(t)) for t in chunk]


def test_runs_stop_where_a_text_ends_and_leave_out_short_ones():
    member = np.array([1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1], dtype=bool)
    offsets = np.array([0, 2, 2, 7, 12])
    owner, starts, ends, inside = _runs(member, offsets, min_len=2)
    assert list(zip(owner.tolist(), starts.tolist(), ends.tolist(), strict=True)) == [
        (0, 0, 2),
        (2, 2, 4),
        (2, 5, 7),
        (3, 7, 10),
    ]
    assert inside.tolist() == [1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0]
