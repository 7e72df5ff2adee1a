"""Suggested event types from Dutch dossier text, with the vocabulary of resources/lexicon_nl.yaml.

`suggest("HB: deur bleef dicht, blauwe plek bij Jesse gezien")` ->
`Suggestion("signal", "injury", 2, ("deur bleef dicht", "blauwe plek"))`: entry types are ranked
by the lexicon's `priority`; negated terms ("geen blauwe plekken") and history ("vroeger") count
for nothing. A suggestion stands beside what a source said; it never replaces it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import yaml

from reconstruct.schema import EVENT_TYPES

LEXICON_FILE = Path(__file__).parent / "resources" / "lexicon_nl.yaml"
TERM_SEPARATOR = "; "

_CHARS = str.maketrans(
    "\u2018\u2019\u00b4`\u00a0\u202f\u2010\u2011\u2012\u2013\u2014", "'" * 4 + "  " + "-" * 5
)
_KEYS = {"gap_words", "priority", "negation", "groups", "ignore", "entries"}
_ENTRY_KEYS = {"event_type", "subtype", "severity", "patterns"}
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOKEN = re.compile(r"\s*\.\.\.\s*|\{(\w+)\}|\s+|[()|?*.\-]|[^\s()|?*.\-{}]+")
_SYNTAX = {"*": r"\w*", "(": "(?:", ")": ")", "|": "|", "?": "?", ".": r"\.?", "-": r"[\s-]?"}
_SEP = r"[\s-]+"
_WORD = re.compile(r"[\w']+")
_WORD_TAIL = re.compile(r"\w*\Z")
# A clause ends at , : ; ! ? and at a dot after a word of two letters or more ("n.v." goes on).
_CLAUSE_END = r"[,:;!?]|\.(?=\s|$)(?<=\w\w\.)"
_SENTENCE_END = re.compile(r"[;!?]|\.(?=\s|$)(?<=\w\w\.)")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Suggestion:
    """What a text suggests; `terms` are the matched phrases as written, to show why."""

    event_type: str | None = None
    subtype: str | None = None
    severity: int | None = None
    terms: tuple[str, ...] = ()


class Entry(NamedTuple):
    name: str
    event_type: str
    subtype: str | None
    severity: int | None


@cache
def _fold_char(c: str) -> str:
    decomposed = unicodedata.normalize("NFKD", c.casefold())
    return "".join(x for x in decomposed if not unicodedata.combining(x))


class _FoldTable(dict):
    """str.translate table: each character to its folded form, filled in as characters come."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code).translate(_CHARS))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> tuple[str, list[int] | None]:
    """Text folded for matching (lower case, no accents, straight quotes, '-' for dashes) and,
    when folding changed its length, the original index of every folded character."""
    if text.isascii():
        return text.lower().replace("`", "'"), None
    folded = text.translate(_FOLD)
    if len(folded) == len(text):
        return folded, None
    parts = [_fold_char(c) for c in text.translate(_CHARS)]
    folded = "".join(parts)
    return folded, None if len(folded) == len(text) else [i for i, p in enumerate(parts) for _ in p]


def _words(value, where: str) -> list[str]:
    items = value.split("|") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
        raise LexiconError(f"{where}: expected a list of words")
    return [fold(x.strip())[0] for x in items]


def _bracket(text: str) -> tuple[list[str], str]:
    """`(a|(b)c)?d` -> (["a", "(b)c"], "?d"): the leading bracket's alternatives, and the rest."""
    parts, depth, start = [], 0, 1
    for i, c in enumerate(text):
        depth += (c == "(") - (c == ")")
        if depth == 0 or (depth == 1 and c == "|"):
            parts.append(text[start:i])
            start = i + 1
            if depth == 0:
                break
    return parts, text[start:]


class Lexicon:
    """The compiled vocabulary. A finder regex whose branches are grouped by first letter (so
    `re` dispatches on it fast) locates candidate terms; then, at each, a regex with one named
    group per branch of that letter tells which entry matched."""

    def __init__(self, data: dict, sources: tuple[Path, ...]):
        self.sources = sources
        self._groups = {k: _words(v, f"groups.{k}") for k, v in data["groups"].items()}
        neg = data["negation"]
        self.scope_words = int(neg.get("scope_words", 4))
        after, after_words = self._alternation(neg, "after"), int(neg.get("after_words", 2))
        self._after = re.compile(rf"[\s:]*(?:[\w']+[\s-]+){{0,{after_words}}}{after}")
        self._before = re.compile(self._alternation(neg, "before"))
        self._history = re.compile(self._alternation(neg, "history"))
        stops = self._alternation(neg, "stop")
        self._clause_end = re.compile(f"{_CLAUSE_END}|{stops}")
        gap_word = rf"{_SEP}(?!{self._before.pattern}|{stops})[\w']+"
        self._gap = f"(?:{gap_word}){{0,{int(data['gap_words'])}}}{_SEP}"
        rank = {t: i for i, t in enumerate(data["priority"])}
        self.entries, self._rank, branches = [], [], [(p, -1, "ignore") for p in data["ignore"]]
        for order, (name, spec) in enumerate(data["entries"].items()):
            entry = Entry(name, spec["event_type"], spec.get("subtype"), spec.get("severity"))
            self.entries.append(entry)  # the winner: first type in `priority`, most severe, first
            severity = -1 if entry.severity is None else entry.severity
            self._rank.append((rank[entry.event_type], -severity, order))
            branches += [(p, order, f"entry '{name}'") for p in spec["patterns"]]
        branches.sort(key=lambda b: -len(b[0]))  # at one position the longest pattern goes first
        named, buckets, self._branch = defaultdict(list), defaultdict(list), []
        for pattern, entry, where in branches:  # entry -1: an ignored phrase
            for key, alt, body in self._alternatives(pattern, where):
                named[key].append(f"(?P<b{len(self._branch)}>{self._regex(alt, where)})")
                buckets[key].append(body)
                self._branch.append((entry, key[0]))
        self._finder = re.compile(_finder(buckets))
        self._identify = defaultdict(tuple)  # first letter -> the regexes to try there
        for (_, first), regexes in sorted(named.items()):
            for c in [first] if first else {first for _, first in named} | {""}:
                self._identify[c] += (re.compile("|".join(regexes)),)

    def _alternatives(self, pattern: str, where: str):
        """Per alternative of `pattern` after `_expand`: its bucket key (starts with `*`, first
        letter), the alternative, and its regex after that letter."""
        self._regex(pattern, where)  # a bad pattern is reported as written
        for alt in self._expand(fold(pattern.strip())[0]):
            bare = alt.lstrip("*")
            key = (bare != alt, bare[0] if bare[:1].isalnum() else "")
            yield key, alt, self._regex(bare[1:] if key[1] else bare, where, start=False)

    def _alternation(self, negation: dict, key: str) -> str:
        buckets, where = defaultdict(list), f"negation.{key}"
        for pattern in sorted(_words(negation.get(key, []), where), key=len, reverse=True):
            for bucket, _, body in self._alternatives(pattern, where):
                buckets[bucket].append(body)
        return f"(?:{_dispatch(buckets)})" if buckets else "(?!)"

    def _expand(self, text: str) -> list[str]:
        """The pattern as alternatives that each start with a letter or `*`: a leading `(a|b)`,
        `(a)?` or `{group}` is multiplied out."""
        star, body = ("*", text[1:]) if text.startswith("*") else ("", text)
        if body.startswith("{") and "}" in body:
            name, rest = body[1:].split("}", 1)
            alts = self._groups.get(name, [])
        elif body.startswith("("):
            alts, rest = _bracket(body)
            alts, rest = (alts + [""], rest[1:]) if rest.startswith("?") else (alts, rest)
        else:
            return [text]
        return [star + x for a in alts for x in self._expand(a + rest) if x.strip("* ")]

    def _regex(self, pattern: str, where: str, anchor: bool = True, start: bool = True) -> str:
        """The regex of one pattern in the lexicon's syntax (see the YAML's header). `anchor`
        adds the word boundary at the end (and an optional final dot), `start` the one at the
        start, where a leading `*` drops it."""
        text = fold(pattern.strip() if start else pattern)[0]
        end = r"\b\.?" if text.endswith(".") else r"\b"
        text, start = (text.rstrip(".") if anchor else text), anchor and start
        out = [r"\b" if start and not text.startswith("*") else ""]
        for m in _TOKEN.finditer(text.lstrip("*") if start else text):
            tok = m.group()
            if tok.strip() == "...":
                out.append(self._gap)
            elif m.group(1):
                if m.group(1) not in self._groups:
                    raise LexiconError(f"{where}: pattern {pattern!r} uses unknown group {tok}")
                words = sorted(self._groups[m.group(1)], key=len, reverse=True)
                alternatives = "|".join(self._regex(w, where, anchor=False) for w in words)
                out.append(f"(?:{alternatives})")
            else:
                out.append(_SEP if tok.isspace() else _SYNTAX.get(tok, re.escape(tok)))
        regex = "".join(out) + (end if anchor and not text.endswith("*") else "")
        try:
            re.compile(regex)
        except re.error as exc:
            raise LexiconError(f"{where}: pattern {pattern!r} is not valid: {exc}") from None
        return regex

    def suggest(self, text: str | None) -> Suggestion:
        """The suggestion for one text (blank or None: an empty suggestion)."""
        if not isinstance(text, str):
            return Suggestion()
        norm, offsets = fold(text)
        spans, m = [], self._finder.search(norm)  # spans: (start, end, entry)
        while m:
            p = m.start()
            hits = [rx.match(norm, p) for rx in self._identify.get(norm[p], self._identify[""])]
            if hit := min(filter(None, hits), key=lambda h: int(h.lastgroup[1:]), default=None):
                entry, unanchored = self._branch[int(hit.lastgroup[1:])]
                spans.append(
                    (_WORD_TAIL.search(norm, 0, p).start() if unanchored else p, hit.end(), entry)
                )
            m = self._finder.search(norm, p + 1)
        ignored = [s for s in spans if s[2] < 0]
        spans = [s for s in spans if s[2] >= 0 and not any(_hides(i, s) for i in ignored)]
        spans = [a for a in spans if not any(_contains(b, a) for b in spans)]
        if not (kept := self._not_cancelled(norm, spans)):
            return Suggestion()
        best = self.entries[min((i for _, _, i in kept), key=self._rank.__getitem__)]
        terms = []
        for s, e, _ in sorted(kept):
            term = text[s:e] if offsets is None else text[offsets[s] : offsets[e - 1] + 1]
            terms += [" ".join(term.split())] if " ".join(term.split()) not in terms else []
        return Suggestion(best.event_type, best.subtype, best.severity, tuple(terms))

    def _not_cancelled(self, norm: str, spans: list) -> list:
        """The spans that no cue takes back: a negation cue before them (at most `scope_words`
        words, same clause) or right after them (words and spaces only, no punctuation between),
        or a history cue before them in the same sentence."""
        before = [m.span() for m in self._before.finditer(norm) if not _inside(m.span(), spans)]
        history = [m.span() for m in self._history.finditer(norm) if not _inside(m.span(), spans)]
        clause_ends = [m.end() for m in self._clause_end.finditer(norm)] if before else []
        sentence_ends = [m.end() for m in _SENTENCE_END.finditer(norm)] if history else []
        kept = []
        for span in spans:
            start, end, _ = span
            clause = _last_before(clause_ends, start)
            cue_end = max((e for s, e in before if clause <= s and e <= start), default=None)
            if cue_end is not None:
                words = len(_WORD.findall(norm, cue_end, start))
                for s, e, _ in spans:  # another matched term in between counts as one word
                    if cue_end <= s and e <= start:
                        words -= len(_WORD.findall(norm, s, e)) - 1
                if words <= self.scope_words:
                    continue
            sentence = _last_before(sentence_ends, start)
            if not self._after.match(norm, end) and not any(
                sentence <= s and e <= start for s, e in history
            ):
                kept.append(span)
        return kept


def _dispatch(buckets: dict) -> str:
    r"""One alternation of the bucketed branches in which each top-level branch starts with its
    letter, so that `re` dispatches on it fast; `(?<!\w\w)` after the letter is `\b` before it.
    Branch order is kept: which branch matches first decides a cue's extent."""
    by_first = defaultdict(list)
    for (unanchored, first), regexes in sorted(buckets.items()):
        body = "(?:" + "|".join(regexes) + ")"
        by_first[first].append(body if unanchored else (r"(?<!\w\w)" if first else r"\b") + body)
    return "|".join(re.escape(c) + "(?:" + "|".join(b) + ")" for c, b in by_first.items())


def _finder(buckets: dict) -> str:
    r"""A regex that matches at exactly the positions where some branch of `_dispatch(buckets)`
    does (the finder uses only where matches start, so branch order is free): branches anchored
    at a word start are tried only there, `(?<!\w)` first, and common leading letters are
    factored out (`_trie`), so that `re` tries a few branches per position, not hundreds."""
    anchored, loose, other = [], [], []
    for (unanchored, first), regexes in sorted(buckets.items()):
        body = _trie([alt for r in regexes for alt in _alternatives_of(r)])
        if not first:
            other.append(f"(?:{body})" if unanchored else rf"\b(?:{body})")
        else:
            (loose if unanchored else anchored).append(f"{re.escape(first)}(?:{body})")
    parts = [rf"(?<!\w)(?:{'|'.join(anchored)})"] if anchored else []
    parts += [f"(?:{'|'.join(loose)})"] if loose else []
    return "|".join(parts + other)


def _alternatives_of(regex: str) -> list[str]:
    """A regex split at its top-level `|` (outside groups and character classes)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if regex[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(regex[start:i])
            start = i + 1
        i += 1
    return out + [regex[start:]]


def _trie(regexes: list[str], depth: int = 0) -> str:
    """The alternation of `regexes` with common leading letters factored out, so that `re`
    tries a few branches at each position instead of hundreds. It matches at exactly the
    positions the plain alternation matches at (the finder uses only where a match starts)."""
    if depth >= 6 or len(regexes) < 3:
        return "|".join(regexes)
    groups: dict[str, list[str]] = defaultdict(list)
    other = []
    for r in regexes:
        if r[:1].isascii() and r[:1].isalnum() and r[1:2] not in ("*", "+", "?", "{"):
            groups[r[0]].append(r[1:])
        else:
            other.append(r)
    parts = [
        c + (rest[0] if len(rest) == 1 else "(?:" + _trie(rest, depth + 1) + ")")
        for c, rest in groups.items()
    ]
    return "|".join(parts + other)


def _last_before(ends: list[int], start: int) -> int:
    """The last clause or sentence end at or before `start` (0: none)."""
    i = bisect.bisect_right(ends, start)
    return ends[i - 1] if i else 0


def _contains(outer, inner) -> bool:
    """Whether span `outer` strictly contains span `inner` (equal spans both stay)."""
    return outer[0] <= inner[0] and inner[1] <= outer[1] and outer[:2] != inner[:2]


def _hides(ignored, span) -> bool:
    """Whether an ignored phrase covers part of `span`: "slaat" in "slaat een klas over". A
    span that holds the whole phrase stays ("melding bij veilig thuis")."""
    overlap = ignored[0] < span[1] and span[0] < ignored[1]
    return overlap and not _contains(span, ignored) and ignored[:2] != span[:2]


def _inside(span, spans) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e, _ in spans)


def _entry_problem(spec) -> str | None:
    if not isinstance(spec, dict) or set(spec) - _ENTRY_KEYS:
        return f"expected a mapping with the keys {sorted(_ENTRY_KEYS)}, got {spec!r}"
    if spec.get("event_type") not in EVENT_TYPES:
        expected = ", ".join(EVENT_TYPES)
        return f"unknown event_type {spec.get('event_type')!r}; expected one of {expected}"
    if spec.get("subtype") is not None and not _SNAKE.match(str(spec["subtype"])):
        return f"subtype {spec['subtype']!r} is not snake_case"
    if (sev := spec.get("severity")) is not None and (type(sev) is not int or not 0 <= sev <= 3):
        return f"severity {sev!r} is not a whole number 0-3"
    patterns = spec.get("patterns")
    if (
        not isinstance(patterns, list)
        or not patterns
        or not all(isinstance(p, str) and p.strip() for p in patterns)
    ):
        return "`patterns` must be a non-empty list of text"
    return None


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(data, dict) or set(data) - _KEYS:
        unknown = sorted(set(data) - _KEYS) if isinstance(data, dict) else "not a mapping"
        raise LexiconError(f"{path}: unknown section(s) {unknown}; expected {sorted(_KEYS)}")
    if not isinstance(data.get("entries") or {}, dict):
        raise LexiconError(f"{path}: `entries` must map entry names to entries")
    for name, spec in (data.get("entries") or {}).items():
        if problem := _entry_problem(spec):
            raise LexiconError(f"{path}: entry '{name}': {problem}")
    if "priority" in data and sorted(data["priority"] or []) != sorted(EVENT_TYPES):
        raise LexiconError(f"{path}: `priority` must list every event type once: {EVENT_TYPES}")
    return data


@cache
def _load(paths: tuple[Path, ...], _mtimes: tuple[int, ...]) -> Lexicon:
    merged = {"gap_words": 3, "priority": list(EVENT_TYPES), "negation": {}}
    merged |= {"groups": {}, "ignore": [], "entries": {}}
    for path in paths:
        data = _read(path)
        for key in ("gap_words", "priority"):
            merged[key] = data.get(key, merged[key])
        for key, value in (data.get("negation") or {}).items():
            old = merged["negation"].get(key)
            both = isinstance(old, list) and isinstance(value, list)
            merged["negation"][key] = old + value if both else value
        merged["groups"].update(data.get("groups") or {})
        merged["ignore"] += data.get("ignore") or []
        merged["entries"].update(data.get("entries") or {})
    try:
        return Lexicon(merged, paths)
    except LexiconError as exc:  # a pattern's problem: say which file(s) it came from
        raise LexiconError(f"{', '.join(map(str, paths))}: {exc}") from None


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The shipped lexicon, extended by a case's own YAML at `path` (its entries add to the
    shipped ones; one with a shipped entry's name replaces it). Loaded once per file version."""
    paths = (LEXICON_FILE,) + ((Path(path).resolve(),) if path is not None else ())
    try:
        mtimes = tuple(p.stat().st_mtime_ns for p in paths)
    except OSError as exc:
        raise LexiconError(f"{exc.filename}: cannot be read: {exc.strerror}") from None
    return _load(paths, mtimes)


def suggest(text: str | None, lexicon: Lexicon | None = None) -> Suggestion:
    """The event type, subtype and severity one text suggests, with the terms that did it."""
    return (lexicon or load_lexicon()).suggest(text)


def suggest_many(texts: pd.Series, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Suggestions for a column of texts, each distinct text analysed once: a frame on the same
    index with `suggested_event_type`, `suggested_subtype`, `suggested_severity` (Int8) and
    `suggested_terms` (joined by "; "); None where nothing is suggested."""
    lex = lexicon or load_lexicon()
    codes, uniques = pd.factorize(texts.map(lambda v: v if isinstance(v, str) else None))
    found = [lex.suggest(t) for t in uniques] + [Suggestion()]  # code -1 (no text) takes the last

    def column(values, dtype=object):
        return pd.Series(np.asarray(values, dtype=object)[codes], index=texts.index, dtype=dtype)

    return pd.DataFrame(
        {
            "suggested_event_type": column([s.event_type for s in found]),
            "suggested_subtype": column([s.subtype for s in found]),
            "suggested_severity": column([s.severity for s in found], "Int8"),
            "suggested_terms": column([TERM_SEPARATOR.join(s.terms) or None for s in found]),
        },
        index=texts.index,
    )
