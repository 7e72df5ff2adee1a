"""Dutch date words: the vocabulary of resources/dates_nl.yaml and the grammar that reads it.

`read_text(normalize(text), pivot)` turns date text into a span (start, end, precision, note)
or None; `number_span` does the same for numbers. Forms that are recognised but cannot be a
date raise `Rejected`. The public API, with its documented ranges, is `reconstruct.dates`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).parent / "resources" / "dates_nl.yaml"

YEAR_RANGE = (1800, 2200)
"""Years outside this range are impossible; a whole number inside it is a year."""

SERIAL_RANGE = (10000, 80000)
"""Excel serial numbers accepted as dates (1927-05-18 .. 2119-01-10)."""

EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01 despite Excel's leap-year bug

Span = tuple  # (start, end, precision, note); note: the day whose written weekday was wrong

# Typographic variants pasted from Word and e-mail, folded to one spelling each: em dash,
# figure dash and bar to en dash; hyphens and minus to '-'; curly quotes, acute and
# backtick to an apostrophe; no-break spaces to a space.
_CHARS = str.maketrans(
    "\u2014\u2012\u2015\u2010\u2011\u2212\u2018\u2019\u00b4`\u00a0\u202f",
    "\u2013\u2013\u2013---''''  ",
)
_LETTER_DOT = re.compile(r"(?<=[^\W\d_])\.")
_SPACES = re.compile(r"\s+")
_EDGES = " .,;:()[]"
_RAW_SECTIONS = ("labels", "messages")  # shown to people, so kept exactly as written


class Rejected(Exception):
    """A recognised form whose values cannot be a date; `kind` names the message."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def normalize(text: str) -> str:
    """Fold `text` for matching: lower case, no accents, no dot after a letter, single spaces.

    "  Vóór 3 Okt. 2011 " -> "voor 3 okt 2011"; digits, dashes and slashes stay as written.
    """
    text = text.translate(_CHARS).casefold()
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return _SPACES.sub(" ", _LETTER_DOT.sub("", text)).strip(_EDGES)


def _normalized(node):
    if isinstance(node, dict):
        return {_normalized(k): _normalized(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_normalized(x) for x in node]
    return normalize(node) if isinstance(node, str) else node


@cache
def vocabulary(path: Path = VOCABULARY_FILE) -> dict:
    """The YAML as a dict, words normalised like input, loaded once. `parts` maps each part
    word ("eind van") to its spec; `labels` and `messages` are kept as written."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    words = {k: v if k in _RAW_SECTIONS else _normalized(v) for k, v in data.items()}
    words["parts"] = {w: spec for spec in words["parts"].values() for w in spec["words"]}
    return words


def _alt(words) -> str:
    """A regex group matching any of `words` (normalised), longest first."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", " ") for w in unique) + ")"


# ---------------------------------------------------------------- calendar


def year(text: str, pivot: int) -> int:
    """'2014', '14' or "'14" -> 2014; two digits below `pivot` are 20yy, else 19yy."""
    digits = text.lstrip("'")
    value = int(digits)
    if len(digits) == 2:
        value += 2000 if value < pivot else 1900
    if not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        raise Rejected("impossible")
    return value


def _date(y: int, m: int, d: int) -> dt.datetime:
    try:
        return dt.datetime(y, m, d)
    except ValueError:
        raise Rejected("impossible") from None


def _month_end(y: int, m: int) -> dt.datetime:
    if not 1 <= m <= 12:
        raise Rejected("impossible")
    return _date(y, m, calendar.monthrange(y, m)[1])


def _months(y: int, first: int, last: int, precision: str = "period") -> Span:
    """First day of month `first` .. last day of month `last` (of the next year if smaller)."""
    return _date(y, first, 1), _month_end(y + (last < first), last), precision, None


def add_months(day: dt.datetime, months: int) -> dt.datetime:
    """Shift by whole months; a month's last day stays the last day of the new month."""
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(y, m + 1)[1]
    at_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return day.replace(year=y, month=m + 1, day=last if at_end else min(day.day, last))


def midnight(moment: dt.datetime) -> dt.datetime:
    return dt.datetime(moment.year, moment.month, moment.day)


def _day(y: int, m: int, d: int, time: str | None) -> Span:
    start = _date(y, m, d)
    if time:
        h, mi, *s = (int(x) for x in re.split(r"[:.]", time))
        if h > 23 or mi > 59 or (s and s[0] > 59):
            raise Rejected("impossible")
        start = start.replace(hour=h, minute=mi, second=s[0] if s else 0)
    return start, midnight(start), "day", None


def number_span(number: float) -> Span | None:
    """A whole number 1800..2200 is a year; 10000..80000 an Excel serial (fraction = time)."""
    if number.is_integer() and YEAR_RANGE[0] <= number <= YEAR_RANGE[1]:
        return _months(int(number), 1, 12, "year")
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return None
    days = math.floor(number)
    start = EXCEL_EPOCH + dt.timedelta(days=days, seconds=round((number - days) * 86400))
    return start, midnight(start), "day", None


# ---------------------------------------------------------------- grammar


@cache
def _patterns() -> dict[str, re.Pattern]:
    """Every form compiled once from the vocabulary; all match normalised text."""
    v = vocabulary()
    mon, ordinal = _alt(v["months"]), _alt(v["ordinals"])
    ql, hl = _alt(v["quarter_letters"]), _alt(v["half_letters"])
    ya, y3 = r"(?P<y>\d{4}|'\d{2})", r"(?P<y3>\d{4}|'\d{2})"
    time = r"(?:(?:\s+|t)(?:om\s+)?(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?)(?:\.\d+)?(?:\s*uur|u)?z?)?"
    decade_words = rf"{_alt(v['decade_words'])}\s*(?P<dec>'?\d{{2}}|\d{{4}}|{_alt(v['decades'])})"
    ends, starts = v["open_end"], v["open_start"]
    open_ = (
        rf"(?:(?P<from>{_alt(ends['from'])})|(?P<after>{_alt(ends['after'])})"
        rf"|(?P<until>{_alt(starts['until'])})|(?P<before>{_alt(starts['before'])}))"
    )
    infix = [w for w in v["range"]["separators"] if w not in ("-", "–")]
    c = re.compile
    return {
        "iso": c(rf"(?P<y>\d{{4}})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}}){time}"),
        "dmy": c(
            rf"(?P<d>\d{{1,2}})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<y>\d{{4}}|\d{{2}}){time}"
        ),
        "d_mon_y": c(
            rf"(?P<d>\d{{1,2}})(?:e|ste|de)?[\s\-/]*(?P<mon>{mon})[\s\-/,]*"
            rf"(?P<y>\d{{4}}|'?\d{{2}}){time}"
        ),
        "no_year": c(rf"(?:\d{{1,2}}(?:e|ste|de)?[\s\-/]*)?{mon}"),
        "mon_y": c(rf"(?P<mon>{mon})[\s\-/,]*{ya}"),
        "m_y": c(r"(?P<m>\d{1,2})[-/.](?P<y>\d{4})|(?P<y2>\d{4})-(?P<m2>\d{1,2})"),
        "year": c(r"(?P<y>\d{4})(?:\.0+)?|(?P<y2>'\d{2})"),
        "serial": c(r"\d{5}(?:\.\d+)?"),
        "season": c(
            rf"(?P<season>{_alt(v['seasons'])})[\s\-]*{ya}"
            r"(?:(?:\s*/\s*|-)(?P<y2>\d{4}|'?\d{2}))?"
        ),
        "quarter": c(
            rf"{ql}(?P<n>\d)[\s\-/]*{ya}|(?P<y2>\d{{4}})[\s\-/]*{ql}(?P<n2>\d)"
            rf"|(?P<ord>{ordinal})\s*{_alt(v['quarter_words'])}\s*(?:van\s+)?{y3}"
        ),
        "half": c(
            rf"{hl}(?P<n>\d)[\s\-/]*{ya}|(?P<y2>\d{{4}})[\s\-/]*{hl}(?P<n2>\d)"
            rf"|(?P<ord>{ordinal})\s*{_alt(v['half_words'])}\s*(?:van\s+)?{y3}"
        ),
        "decade": c(rf"(?:de\s+)?{decade_words}|'?(?P<dec2>\d{{2}}|\d{{4}})s"),
        "part": c(rf"(?P<part>{_alt(v['parts'])})[\s\-]*(?:(?:het|de)\s+)?(?P<rest>.+)"),
        "weekday": c(rf"(?P<wd>{_alt(v['weekdays'])})[\s,]*(?=\d)"),
        "filler": c(rf"{_alt(v['fillers'])}\s+"),
        "approx": c(rf"{_alt(v['approximate']['words'])}\s*(?P<rest>.+)"),
        "open": c(rf"{open_}\s+(?P<rest>.+)"),
        "range_prefix": c(rf"{_alt(v['range']['prefixes'])}\s+(?P<rest>.+)"),
        "between": c(rf"{re.escape(v['range']['between'])}\s+(?P<rest>.+)"),
        "between_sep": c(rf"\s+{re.escape(v['range']['between_separator'])}\s+"),
        "separator": c(rf"\s*–\s*|\s+-\s+|\s+{_alt(infix)}\s+"),
        "tail_year": c(r"(?P<sep>[-/.])(?:\d{1,2}[-/.])?(?P<y>\d{4}|\d{2})$"),
    }


def _first(m: re.Match, *names: str) -> str | None:
    return next((m[n] for n in names if m[n] is not None), None)


def _decade(m: re.Match, pivot: int) -> int:
    text = _first(m, "dec", "dec2")
    if text in vocabulary()["decades"]:
        text = f"{vocabulary()['decades'][text]:02d}"
    digits = text.lstrip("'")
    value = int(digits) if len(digits) == 4 else year(digits, pivot)
    if value % 10 or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        raise Rejected("impossible")
    return value


def _numbered(m: re.Match, pivot: int, most: int) -> tuple[int, int]:
    """(n, year) of a quarter or half-year form; n outside 1..most is impossible."""
    n = int(_first(m, "n", "n2") or vocabulary()["ordinals"][m["ord"]])
    if not 1 <= n <= most:
        raise Rejected("impossible")
    return n, year(_first(m, "y", "y2", "y3"), pivot)


def _point_form(s: str, pivot: int) -> Span | None:
    """One date expression: no range, no open end, no approximation."""
    p, v = _patterns(), vocabulary()
    if (m := p["iso"].fullmatch(s)) or (m := p["dmy"].fullmatch(s)):
        return _day(year(m["y"], pivot), int(m["m"]), int(m["d"]), m["time"])
    if m := p["d_mon_y"].fullmatch(s):
        return _day(year(m["y"], pivot), v["months"][m["mon"]], int(m["d"]), m["time"])
    if p["no_year"].fullmatch(s):
        raise Rejected("no_year")
    if m := p["mon_y"].fullmatch(s):
        month = v["months"][m["mon"]]
        return _months(year(m["y"], pivot), month, month, "month")
    if m := p["m_y"].fullmatch(s):
        month = int(_first(m, "m", "m2"))
        return _months(year(_first(m, "y", "y2"), pivot), month, month, "month")
    if m := p["year"].fullmatch(s):
        return _months(year(_first(m, "y", "y2"), pivot), 1, 12, "year")
    if m := p["season"].fullmatch(s):
        first, last = v["seasons"][m["season"]]
        y = year(m["y"], pivot)
        if m["y2"] and (last >= first or year(m["y2"], pivot) != y + 1):
            raise Rejected("impossible")
        return _months(y, first, last, "season")
    if m := p["quarter"].fullmatch(s):
        n, y = _numbered(m, pivot, 4)
        return _months(y, 3 * n - 2, 3 * n, "quarter")
    if m := p["half"].fullmatch(s):
        n, y = _numbered(m, pivot, 2)
        return _months(y, 6 * n - 5, 6 * n)
    if m := p["decade"].fullmatch(s):
        first = _decade(m, pivot)
        return _date(first, 1, 1), _month_end(first + 9, 12), "period", None
    if m := p["part"].fullmatch(s):
        return _part(v["parts"][m["part"]], m["rest"], pivot)
    return None


def _part(part: dict, rest: str, pivot: int) -> Span | None:
    """begin / medio / eind of a decade, a year or a month."""
    if m := _patterns()["decade"].fullmatch(rest):
        decade = _decade(m, pivot)
        first, last = part["decade_years"]
        return _date(decade + first, 1, 1), _month_end(decade + last, 12), "period", None
    inner = _point_form(rest, pivot)
    if inner is None or inner[2] not in ("year", "month"):
        return None
    start = inner[0]
    if inner[2] == "year":
        return _months(start.year, *part["year_months"])
    first, last = part["month_days"]
    last = min(last, calendar.monthrange(start.year, start.month)[1])
    return start.replace(day=first), start.replace(day=last), "period", None


def _point(s: str, pivot: int) -> Span | None:
    """A point form, after a weekday that is checked against the date."""
    if not (m := _patterns()["weekday"].match(s)):
        return _point_form(s, pivot)
    span = _point_form(s[m.end() :], pivot)
    if span and span[2] == "day" and span[0].isoweekday() != vocabulary()["weekdays"][m["wd"]]:
        return (*span[:3], span[0])
    return span


def _widen(span: Span) -> Span:
    """rond / ca.: a year each side for a year or longer, a month for a month or longer, else
    a week (amounts from the vocabulary)."""
    start, end = span[0], span[1]
    w = vocabulary()["approximate"]
    length = (end - midnight(start)).days + 1
    if length >= 365:
        start, end = (
            add_months(start, -12 * w["widen_years"]),
            add_months(end, 12 * w["widen_years"]),
        )
    elif length >= 28:
        start, end = add_months(start, -w["widen_months"]), add_months(end, w["widen_months"])
    else:
        start, end = start - dt.timedelta(w["widen_days"]), end + dt.timedelta(w["widen_days"])
    return midnight(start), end, "period", span[3]


def _single(s: str, pivot: int) -> Span | None:
    """A point form, possibly approximate ("rond mei 2014"), possibly after a filler word."""
    p = _patterns()
    if m := p["filler"].match(s):
        s = s[m.end() :]
    if (m := p["approx"].fullmatch(s)) and (inner := _point(m["rest"], pivot)):
        return _widen(inner)
    return _point(s, pivot)


def _open(s: str, pivot: int) -> Span | None:
    """vanaf / sinds / na X (open end) and tot / t/m / voor X (open start)."""
    m = _patterns()["open"].fullmatch(s)
    if not m or not (inner := _single(m["rest"], pivot)):
        return None
    start, end, _, note = inner
    if m["from"]:
        return start, None, "period", note
    if m["after"]:
        return end + dt.timedelta(days=1), None, "period", note
    if m["until"]:
        return None, end, "period", note
    return None, midnight(start) - dt.timedelta(days=1), "period", note


def _complete(left: str, right: str, pivot: int) -> Span | None:
    """A first range part without a year, completed from the second: "mei - juli 2014"."""
    tokens = right.split(" ")
    tails = [" " + " ".join(tokens[k:]) for k in range(1, len(tokens))]
    if m := _patterns()["tail_year"].search(right):
        tails.append(m["sep"] + m["y"])
    for tail in tails:
        try:
            if span := _single(left + tail, pivot):
                return span
        except Rejected:
            continue
    return None


def _pair(left: str, right: str, pivot: int) -> Span | None:
    """Two range parts -> their span; the second may say the range is still going."""
    left, right = left.strip(), right.strip()
    if not left or not right:
        return None
    try:
        first = _single(left, pivot)
    except Rejected as err:
        if err.kind != "no_year":
            raise
        first = None
    if right in vocabulary()["range"]["ongoing"]:
        return (first[0], None, "period", first[3]) if first else None
    if (second := _single(right, pivot)) is None:
        return None
    if first is None and (first := _complete(left, right, pivot)) is None:
        return None
    if second[1] < midnight(first[0]):
        raise Rejected("reversed")
    return first[0], second[1], "period", first[3] or second[3]


def _range(s: str, pivot: int) -> Span | None:
    """X - Y, X t/m Y, van X tot Y, tussen X en Y, X-Y; tried at every separator."""
    p = _patterns()
    if m := p["between"].fullmatch(s):
        s, separators = m["rest"], list(p["between_sep"].finditer(m["rest"]))
    else:
        if m := p["range_prefix"].fullmatch(s):
            s = m["rest"]
        separators = [*p["separator"].finditer(s), *re.finditer("-", s)]
    rejection = None
    for sep in separators:
        try:
            if span := _pair(s[: sep.start()], s[sep.end() :], pivot):
                return span
        except Rejected as err:
            rejection = rejection or err
    if rejection:
        raise rejection
    return None


def read_text(s: str, pivot: int) -> Span | None:
    """Normalised date text -> span, or None when no form matches; may raise `Rejected`."""
    if _patterns()["serial"].fullmatch(s):  # only a whole value: "10000-20000" is no range
        return number_span(float(s))
    return _single(s, pivot) or _open(s, pivot) or _range(s, pivot)
