"""Text cues at table speed: the analyses' regexes over a description column, exactly as Python's
`re` reads them, but only tried on the texts a fast pre-filter lets through.

Each distinct description is folded (accent-free, lower case) once. A pattern is first run by
pyarrow's RE2 engine over the distinct folded texts in one vectorised call, in a form that
matches at least every text the Python pattern matches (lookarounds dropped, `\\s` widened to
Python's ASCII whitespace); only those candidates are searched with Python's `re`. So the
answer is Python's, and the cost is one C++ pass plus the hits. A pattern whose syntax the
pre-filter cannot vouch for is searched with Python's `re` alone.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np
import pandas as pd

from reconstruct.regex_walk import group_end

_NEGATION = re.compile(r"\b(niet|geen|nooit|zonder)\b")
_SENTENCE = re.compile(r"[.;:!?]")
_PY_SPACE = r"[\t\n\x0b\x0c\r \x1c-\x1f]"
"""What Python's `\\s` matches in ASCII text (RE2's `\\s` leaves out \\v and \\x1c-\\x1f)."""
_SAFE_ESCAPES = set("bwd.-\\/[](){}|?*+^$ ,;:'\"!#&%@=<>~`_")
_REPEAT = re.compile(r"\{\d+(,\d*)?\}")


def fold(text: str) -> str:
    """Accent-free and lower case, as the cues read text ("Geëvalueerd" -> "geevalueerd")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


_group_end = functools.lru_cache(maxsize=1 << 17)(group_end)  # the same groups, many times


@functools.cache
def prefilter(pattern: str) -> str | None:
    """An RE2 pattern that matches every ASCII text `pattern` matches (maybe more), or None."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            e = pattern[i + 1 : i + 2]
            if e == "s" and not in_class:
                out.append(_PY_SPACE)
            elif e in _SAFE_ESCAPES and e and not (in_class and e == "b"):
                out.append(pattern[i : i + 2])
            else:
                return None
            i += 2
            continue
        if in_class:
            if c == "[":
                return None  # nested sets and POSIX classes mean other things to RE2
            in_class = c != "]"
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append(r"\]")
                i += 1
        elif c == "(" and pattern[i + 1 : i + 2] == "?":
            head = pattern[i : i + 4]
            if head.startswith(("(?=", "(?!", "(?<=", "(?<!")):
                end = _group_end(pattern, i)
                if end is None:
                    return None
                i = end  # a lookaround only ever removes matches: dropping it widens
                continue
            if not head.startswith(("(?:", "(?P<")):
                return None
            out.append(c)
        elif c == "$":
            return None  # Python's $ also matches before a final newline
        elif c == "{":
            m = _REPEAT.match(pattern, i)
            if m is None:
                return None
            out.append(m.group(0))
            i = m.end()
            continue
        elif c in "*+?" and pattern[i + 1 : i + 2] == "+":
            return None  # possessive
        else:
            out.append(c)
        i += 1
    return None if in_class else "".join(out)


def _may_match(folded, pattern: str) -> np.ndarray | None:
    """Which of the folded texts (a pyarrow array) may match `pattern`, by one RE2 pass;
    None when the pattern has no pre-filter (then any may)."""
    rx2 = prefilter(pattern)
    if rx2 is None:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        hits = pc.match_substring_regex(folded, rx2)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return hits.to_numpy(zero_copy_only=False)


def _cue_hit(rx: re.Pattern, folded: str, reach: int) -> bool:
    for m in rx.finditer(folded):
        before = _SENTENCE.split(folded[: m.start()])[-1].split()[-reach:]
        if not any(_NEGATION.fullmatch(w.strip(",'\"()")) for w in before):
            return True
    return False


class Texts:
    """A column of texts factorised and folded once: searched for any number of patterns, each
    pattern pre-filtered over all distinct texts in one RE2 pass and tried with Python's `re`
    once per distinct text that passes (and that the rows asked about hold)."""

    def __init__(self, texts: pd.Series) -> None:
        codes, uniques = pd.factorize(texts, use_na_sentinel=True)
        self.codes = np.asarray(codes)
        self.values = uniques.tolist() if hasattr(uniques, "tolist") else list(uniques)
        self.is_text = np.asarray([isinstance(v, str) for v in self.values], dtype=bool)
        self._folded: list[str] | None = None
        self._arrow = None
        self._found: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}

    def folded(self) -> list[str]:
        if self._folded is None:
            self._folded = [
                fold(v) if t else "" for v, t in zip(self.values, self.is_text, strict=True)
            ]
        return self._folded

    def search(self, pattern: str, reach: int | None = None, rows=None) -> np.ndarray:
        """`search(texts, pattern, reach)` for all rows, or for the rows at positions `rows`."""
        n = len(self.values)
        found, done = self._found.setdefault(
            (pattern, reach), (np.zeros(n + 1, dtype=bool), ~self.is_text)
        )
        codes = self.codes if rows is None else self.codes[rows]
        wanted = np.zeros(n, dtype=bool)
        wanted[codes[codes >= 0]] = True
        todo = wanted & ~done
        if todo.any():
            if self._arrow is None:
                import pyarrow as pa

                self._arrow = pa.array(self.folded(), type=pa.large_string())
            may = _may_match(self._arrow, pattern)
            check = np.flatnonzero(todo if may is None else todo & may)
            if len(check):
                found[check] = _verify(
                    [self.values[i] for i in check],
                    [self.folded()[i] for i in check],
                    pattern,
                    reach,
                )
            done |= todo
        return found[codes]  # code -1 (a missing text) reads the last entry: False


def _verify(values: list, folded: list[str], pattern: str, reach: int | None) -> np.ndarray:
    """What Python's `re` finds for `pattern` in each folded text (the cue rule with `reach`);
    within one `run_analyses` remembered per text, for the same texts in other columns."""
    from reconstruct.analysis.base import run_memo

    memo = run_memo()
    known = {} if memo is None else memo.setdefault(("text", pattern, reach), {})
    rx = re.compile(pattern)
    out = np.zeros(len(values), dtype=bool)
    for j, (v, f) in enumerate(zip(values, folded, strict=True)):
        hit = known.get(v)
        if hit is None:
            hit = known[v] = rx.search(f) is not None if reach is None else _cue_hit(rx, f, reach)
        out[j] = hit
    return out


def column_memo(column: pd.Series, kind: str, make):
    """`make(column)`, kept for the rest of the current `run_analyses` for this column's data:
    tables derived from one another without changing the column (a column selection, a shallow
    copy, an added column) share its Arrow array, and so the result. Made afresh outside a run
    or for a column without Arrow data. The data is held, so its id cannot be reused."""
    from reconstruct.analysis.base import run_memo

    memo = run_memo()
    data = getattr(column.array, "__arrow_array__", None)
    if memo is None or data is None:
        return make(column)
    data = data()
    key = (kind, id(data))
    hit = memo.get(key)
    if hit is None or hit[0] is not data:
        hit = memo[key] = (data, make(column))
    return hit[1]


def texts_of(column: pd.Series) -> Texts:
    """The `Texts` of a column (made once per column data within a run, see `column_memo`)."""
    return column_memo(column, "texts", Texts)


def search(texts: pd.Series, pattern: str, reach: int | None = None) -> np.ndarray:
    """For each text: does `pattern` match its folded form (and, with `reach`, does some match
    have no negation among the `reach` words before it in its sentence)? False for non-text."""
    return texts_of(texts).search(pattern, reach)
