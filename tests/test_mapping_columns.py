"""Column-wise mapping helpers give what the per-value functions give, cell for cell."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from reconstruct import mapping
from reconstruct.case import Person, PersonMatcher
from reconstruct.sources.base import ROW, SHEET, WARNING, is_blank

COLUMNS = {
    "text": ["a", " b ", "", "   ", "\x1c", "\u3000x\u3000", None, np.nan, "tab\t", "é"],
    "empty": [None, np.nan, None, None, None, None, None, None, None, None],
    "mixed": [1, 2.0, 2.5, " x ", [], ["a", " b"], dt.datetime(2020, 1, 2), None, True, -0.0],
    "dates": [dt.date(2020, 1, 2), None] * 5,
}  # fmt: skip


def objects(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@pytest.mark.parametrize("name", COLUMNS)
def test_blank_and_texts_per_value(name):
    arr = objects(COLUMNS[name])
    assert mapping._blank(arr).tolist() == [is_blank(v) for v in arr]
    assert mapping._texts(arr).tolist() == [mapping._text(v) for v in arr]


def frame(columns: dict) -> pd.DataFrame:
    out = pd.DataFrame({k: objects(v) for k, v in columns.items()})
    out[ROW] = objects(list(range(2, len(out) + 2)))
    out[SHEET] = None
    out[WARNING] = None
    return out.astype(object)


def test_record_texts_are_the_records_as_json():
    columns = {
        "Tekst": ["plain", 'a "quote"', "back\\slash", "new\nline", "", None, "  ", "x", "y", "z"],
        "50%": ["a", "b", "c", None, "d", "e", "f", "g", "h", "i"],
        **{k: v for k, v in COLUMNS.items() if k != "text"},
    }
    texts = mapping._record_texts(mapping._Cells(frame(columns)))
    for i, text in enumerate(texts):
        cells = {k: v[i] for k, v in columns.items() if not is_blank(v[i])}
        cells = {k: mapping._text(v) if isinstance(v, dt.date) else v for k, v in cells.items()}
        assert text == json.dumps(cells, ensure_ascii=False, default=str)


def test_record_texts_with_many_columns():
    columns = {f"c{k}": [f"v{k}" if (i + k) % 3 else "" for i in range(12)] for k in range(40)}
    texts = mapping._record_texts(mapping._Cells(frame(columns)))
    for i, text in enumerate(texts):
        assert json.loads(text) == {k: v[i] for k, v in columns.items() if v[i]}


def test_mentions_per_part_agree_with_the_joined_description():
    matcher = PersonMatcher(
        [Person("Mirjam Oosterveld", "Moeder", aliases=("Mirjam",)), Person("Daan", "Kind A")]
    )
    first = objects(["Daan", None, "Mirjam", "Daan Mirjam", "mirjam—", "x", None, "Daan"])
    second = objects(["Mirjam", "Daan", None, "daan", "Daan", "Mirjam Oosterveld", None, "Daan"])
    codes, found = mapping._mentions([first, second], matcher, len(first))
    joined = mapping._join([first, second], mapping.DESCRIPTION_JOIN)
    assert [found[c] for c in codes] == [matcher.mentions(t) for t in joined]


def test_as_str_makes_what_pandas_infers():
    for values in (["a", None], [None, None], ["a", 1], ["a", np.nan], []):
        ours = pd.DataFrame({"x": mapping._as_str(objects(values))})
        theirs = pd.DataFrame({"x": objects(values)})
        pd.testing.assert_frame_equal(ours, theirs)
