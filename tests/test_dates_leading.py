"""leading_date against its earlier form, which tried every stretch of the line and asked
_could_be_date about the part past the first word that no date holds: that part always holds
the word, so the question always said no, and leading_date now skips those stretches outright."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from reconstruct import dates
from reconstruct.dates import leading_date

_BOUNDARY = re.compile(r"(?=[\s:;,])|$")


def _earlier(line: str) -> tuple[str, str] | None:
    """leading_date as it was, the check past the first non-date word included."""
    text = line.lstrip()
    scan = dates._LEADING_SCAN
    ends = sorted({m.start() for m in _BOUNDARY.finditer(text[:scan])}, reverse=True)
    if len(text) > scan:
        ends = [e for e in ends if e < scan]
    possible = len(text)
    for m in dates._PIECE.finditer(text[:scan]):
        if not dates._could_be_date(m.group()):
            possible = m.start()
            break
    for end in ends:
        if end > possible and not dates._could_be_date(text[possible:end]):
            continue
        candidate = text[:end].rstrip(dates._DATE_TRAIL)
        if not candidate:
            continue
        rest = text[len(candidate) :]
        if dates._BARE_NUMBER.fullmatch(candidate) and not (
            re.fullmatch(r"\d{4}|'\d{2}", candidate) and dates._AFTER_BARE_YEAR.match(rest)
        ):
            continue
        if dates._parse_text(candidate, 30).precision != "unknown":
            return candidate, rest.lstrip(dates._DATE_TRAIL)
    return None


WORDS = ["Huisbezoek", "bij", "moeder", "Gesprek", "mei", "2014", "15-05-2014", "begin", "rond",
         "tot", "van", "t/m", "ma", "do.", "Q3", "winter", "jaren", "'90", "2", "kinderen", "-",
         ":", "–", "okt.", "3", "ca.", "vanaf", "heden", "eind", "Zij", "Café", "ÉÉN", "ﬁets",
         "straße", "İstanbul", "jan,", "feb;", "2014:", "(mei)", "1993", "2003", "tussen", "en",
         "12-03-2008", "2014-05-15", "13:45", "voorjaar", "2010/2011", "Ｑ３",
         "x" * 90]  # fmt: skip
GAPS = [" ", " ", ": ", " - ", ", ", "\t", "\u00a0", "\u3000", ";", ":", "  ", "\u2028"]


def _lines(n: int, seed: int) -> list[str]:
    r = random.Random(seed)
    out = []
    for _ in range(n):
        words = [r.choice(WORDS) for _ in range(r.randint(0, 16))]
        line = r.choice(["", " ", "\t"]) + "".join(w + r.choice(GAPS) for w in words)
        out.append(line[: r.choice([len(line), len(line) - 1, 79, 80, 81])])
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_leading_date_as_before_on_random_lines(seed):
    for line in _lines(5_000, seed):
        assert leading_date(line) == _earlier(line), repr(line)


def test_leading_date_as_before_on_the_test_journal():
    folder = Path(__file__).parent
    journals = [p for p in folder.rglob("*.txt") if "journ" in p.name.lower()]
    lines = [line for p in journals for line in p.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        assert leading_date(line) == _earlier(line), repr(line)


def test_leading_date_at_the_scan_limit():
    for pad in range(70, 90):
        for tail in ("", " Huisbezoek", ": tekst", " 2014", " mei"):
            line = "15-05-2014" + " " * (pad - 10) + tail
            assert leading_date(line) == _earlier(line), repr(line)
            line = "van 1995 tot " + "2005 " * (pad // 5) + tail
            assert leading_date(line) == _earlier(line), repr(line)
            line = "15" + " " * (pad - 10) + "mei 2014" + tail  # spaces fold: "15 mei 2014"
            assert leading_date(line) == _earlier(line), repr(line)
