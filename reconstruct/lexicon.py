"""Suggested event types from Dutch dossier text, with the vocabulary of resources/lexicon_nl.yaml.

`suggest("HB: deur bleef dicht, blauwe plek bij Jesse gezien")` ->
`Suggestion("signal", "injury", 2, ("deur bleef dicht", "blauwe plek"))`: entry types are ranked
by the lexicon's `priority`; negated terms ("geen blauwe plekken") and history ("vroeger") count
for nothing. A suggestion stands beside what a source said; it never replaces it.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import astuple, dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import yaml

from reconstruct.parallel import fork_map, worker_count
from reconstruct.regex_walk import alternatives
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
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII = bytes(range(128))  # deleted from UTF-8, leaves the other characters' bytes
_BATCH = 4096  # texts folded and scanned together
_KEY = 3  # letters of the text at a found term's start that choose the regex to identify it
_SERIAL_MAX = 20_000  # distinct texts that one process handles; more are shared out (fork)


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
        buckets, self._branch, self._named = defaultdict(list), [], []
        for pattern, entry, where in branches:  # entry -1: an ignored phrase
            for key, alt, body in self._alternatives(pattern, where):
                regex = self._regex(alt, where)
                self._named.append((_literal_prefix(regex), f"(?P<b{len(self._branch)}>{regex})"))
                buckets[key].append(body)
                self._branch.append((entry, key[0]))
        self._buckets = buckets  # compiled into `_finder` and `_scans` when first needed
        self._identify: dict[str, re.Pattern] = {}  # see `_identifier`

    @cached_property
    def _finder(self) -> re.Pattern:
        """The finder of `suggest` (one text). Compiled on first use, as `_scans` is: each is a
        large alternation (half a second or more), and a run may need only one of them."""
        return re.compile(_finder(self._buckets))

    @cached_property
    def _scans(self) -> _Scans:
        """The finders of `suggest_batch` (many texts at once)."""
        return _scans(self._buckets)

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
        found = self._read(text, norm, offsets, self._positions(norm))
        return Suggestion() if found is None else Suggestion(*found)

    def _positions(self, norm: str):
        """Every position at which the finder matches, in order."""
        m = self._finder.search(norm)
        while m:
            yield m.start()
            m = self._finder.search(norm, m.start() + 1)

    def suggest_batch(self, texts: list[str]) -> list[tuple | None]:
        """`suggest` for many texts at once, as (event type, subtype, severity, terms) tuples,
        None where nothing is suggested. The texts are folded and scanned for the finder's
        positions in chunks joined by NUL (`_scans`), so that most lines of a real case, where
        the finder finds nothing, cost no Python work of their own."""
        out: list[tuple | None] = []
        for i in range(0, len(texts), _BATCH):
            chunk = texts[i : i + _BATCH]
            joined, norms = _fold_joined(chunk)
            if joined is None:  # a text holds NUL: one at a time
                found = [(k, list(self._positions(n))) for k, n in enumerate(norms)]
            else:
                found = self._scan(joined, [len(n) for n in norms])
            done = len(out)
            out += [None] * len(chunk)
            for k, positions in found:
                if not positions:
                    continue
                text, norm = chunk[k], norms[k]
                offsets = None if len(norm) == len(text) else fold(text)[1]
                out[done + k] = self._read(text, norm, offsets, positions)
        return out

    def _scan(self, joined: str, lengths: list[int]) -> list[tuple[int, list[int]]]:
        """(text number, the finder's positions in it) for the texts of `joined` (texts of
        `lengths` joined by NUL) where the finder matches: what `_positions` gives per text."""
        starts = list(itertools.accumulate((n + 1 for n in lengths), initial=0))
        text = "\0" + joined  # a position p of `joined` is p + 1 here
        loose = self._scans.loose
        found = {m.start() for m in loose.finditer(text)} if loose else set()  # at the term
        found.update(q + 1 for q in self._scans.word_starts(text))  # before the term
        by_text = defaultdict(list)
        for p in sorted(p - 1 for p in found):
            k = bisect.bisect_right(starts, p) - 1
            by_text[k].append(p - starts[k])
        return list(by_text.items())

    def _identifier(self, key: str) -> re.Pattern:
        """The regex that tells which branch matches where the text goes on with `key`: one
        named group per branch that can (its leading letters agree with `key`), in branch order,
        so that the first that matches, the longest pattern, wins."""
        named = [r for prefix, r in self._named if prefix.startswith(key) or key.startswith(prefix)]
        rx = self._identify[key] = re.compile("|".join(named) or "(?!)")
        return rx

    def _read(self, text: str, norm: str, offsets: list[int] | None, positions) -> tuple | None:
        """(event type, subtype, severity, terms) of `text`, folded to `norm`, or None; the
        finder matches `norm` at `positions`."""
        spans = []  # (start, end, entry)
        for p in positions:
            key = norm[p : p + _KEY]
            identify = self._identify.get(key) or self._identifier(key)
            if hit := identify.match(norm, p):
                entry, unanchored = self._branch[int(hit.lastgroup[1:])]
                spans.append(
                    (_WORD_TAIL.search(norm, 0, p).start() if unanchored else p, hit.end(), entry)
                )
        if not spans:
            return None
        ignored = [s for s in spans if s[2] < 0]
        if ignored:
            spans = [s for s in spans if s[2] >= 0 and not any(_hides(i, s) for i in ignored)]
        if len(spans) > 1:
            spans = [a for a in spans if not any(_contains(b, a) for b in spans)]
        if not (kept := self._not_cancelled(norm, spans)):
            return None
        best = self.entries[min((i for _, _, i in kept), key=self._rank.__getitem__)]
        terms = []
        for s, e, _ in sorted(kept):
            term = text[s:e] if offsets is None else text[offsets[s] : offsets[e - 1] + 1]
            if (term := " ".join(term.split())) not in terms:
                terms.append(term)
        return best.event_type, best.subtype, best.severity, tuple(terms)

    def _not_cancelled(self, norm: str, spans: list) -> list:
        """The spans that no cue takes back: a negation cue before them (at most `scope_words`
        words, same clause) or right after them (words and spaces only, no punctuation between),
        or a history cue before them in the same sentence."""
        if not spans:
            return []
        last = max(s for s, _, _ in spans)  # a cue or end past the last span's start is unused
        before = _cues(self._before, norm, last, spans)
        history = _cues(self._history, norm, last, spans)
        clause_ends = [m.end() for m in _upto(self._clause_end, norm, last)] if before else []
        sentence_ends = [m.end() for m in _upto(_SENTENCE_END, norm, last)] if history else []
        kept = []
        for span in spans:
            start, end, _ = span
            if before and self._negated(norm, spans, start, before, clause_ends):
                continue
            if self._after.match(norm, end):
                continue
            sentence = _last_before(sentence_ends, start) if history else 0
            if not any(sentence <= s and e <= start for s, e in history):
                kept.append(span)
        return kept

    def _negated(self, norm: str, spans: list, start: int, before: list, clause_ends: list):
        """Whether a negation cue stands at most `scope_words` words before `start`, in its
        clause."""
        clause = _last_before(clause_ends, start)
        cue_end = max((e for s, e in before if clause <= s and e <= start), default=None)
        if cue_end is None:
            return False
        words = len(_WORD.findall(norm, cue_end, start))
        for s, e, _ in spans:  # another matched term in between counts as one word
            if cue_end <= s and e <= start:
                words -= len(_WORD.findall(norm, s, e)) - 1
        return words <= self.scope_words


def _upto(regex: re.Pattern, text: str, last: int):
    """`regex.finditer(text)` up to the first match that ends after `last`: the same matches
    (non-empty, so their ends increase), without scanning the rest of the text."""
    for m in regex.finditer(text):
        if m.end() > last:
            return
        yield m


def _cues(regex: re.Pattern, norm: str, last: int, spans) -> list:
    """The spans of the cues of `regex` in `norm` that end by `last`, outside `spans`. A text
    cut after `last` (one character on, for a `\\b`) still holds every such cue (it may hold one
    more, that is cut off), so where the cut text holds none, nothing else is scanned."""
    if not regex.search(norm, 0, last + 1):
        return []
    return [m.span() for m in _upto(regex, norm, last) if not _inside(m.span(), spans)]


def _literal_prefix(regex: str) -> str:
    r"""The letters and digits that every match of `regex` starts with: `\bab?c|abd` -> "a"."""
    prefixes = []
    for alt in alternatives(regex):
        alt, i = alt.removeprefix(r"\b"), 0
        while i < len(alt) and alt[i].isalnum() and alt[i + 1 : i + 2] not in ("*", "+", "?", "{"):
            i += 1
        prefixes.append(alt[:i])
    return os.path.commonprefix(prefixes)


class _Scans(NamedTuple):
    r"""Regexes whose matches, over texts joined by NUL after a NUL, start exactly where the
    finder matches (`loose`) or one character before (`space`, `nul`, `other`: at the `\W`
    before a word). Each match takes a character or two and looks ahead for the rest, so no
    position is skipped. `re` looks for a literal first character (space, NUL) far faster than
    for one of a set (`\W`), so the other characters before a word are found apart."""

    space: re.Pattern  # anchored branches after a space
    nul: re.Pattern  # after NUL: the start of a text
    other: re.Pattern  # after any other non-word character
    loose: re.Pattern | None  # unanchored branches (a leading `*`), those with no first letter

    def word_starts(self, text: str):
        """The positions before the matches of the anchored branches in `text`."""
        yield from (m.start() for m in self.space.finditer(text))
        yield from (m.start() for m in self.nul.finditer(text))
        if not text.isascii():
            yield from (m.start() for m in self.other.finditer(text))
            return
        marks = text.encode().translate(_MARKS)  # 1: a non-word character, then a word's start
        i = marks.find(b"\1a")
        while i >= 0:
            if self.other.match(text, i):
                yield i
            i = marks.find(b"\1a", i + 1)


# ASCII bytes: a word character -> "a", space and NUL -> " ", any other -> 1 (see `_Scans`)
_MARKS = bytes(
    97 if chr(c).isalnum() or c == 95 else 32 if c in (0, 32) else 1 for c in range(128)
) + bytes(1 for _ in range(128, 256))


def _scans(buckets: dict) -> _Scans:
    """The `_Scans` of the finder over `buckets` (see `_finder`)."""
    anchored, loose = [], []
    for (unanchored, first), regexes in sorted(buckets.items()):
        body = _trie([alt for r in regexes for alt in alternatives(r)])
        if not first:
            loose.append(f"(?=(?:{body}))" if unanchored else rf"(?=\b(?:{body}))")
        else:
            (loose if unanchored else anchored).append(f"{re.escape(first)}(?=(?:{body}))")
    words = f"(?:{'|'.join(anchored) or '(?!)'})"
    return _Scans(
        re.compile(" " + words),
        re.compile("\0" + words),
        re.compile(r"[^\w \0]" + words),
        re.compile("|".join(loose)) if loose else None,
    )


def _fold_joined(texts: list[str]) -> tuple[str | None, list[str]]:
    """The folded texts (as `fold` makes them) and, when they could be folded as one string, that
    string: the texts joined by NUL. ASCII letters are lowered per byte, and each distinct other
    character is replaced by its folded form, which is what `fold` does character by character."""
    try:
        raw = "\0".join(texts).encode().lower().replace(b"`", b"'")
    except UnicodeError:  # a lone surrogate
        raw = low = None
    else:
        low = raw.decode()
    if low is not None and not low.isascii():
        table = {c: _FOLD[ord(c)] for c in set(raw.translate(None, _ASCII).decode())}
        if any(c in table for folded in table.values() for c in folded):  # folds into another
            low = _NON_ASCII.sub(lambda m: table[m.group()], low)
        else:
            for c, folded in table.items():
                low = low.replace(c, folded)
    norms = low.split("\0") if low is not None else []
    if len(norms) != len(texts):  # a text holds NUL (or could not be encoded)
        return None, [fold(t)[0] for t in texts]
    return low, norms


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
        body = _trie([alt for r in regexes for alt in alternatives(r)])
        if not first:
            other.append(f"(?:{body})" if unanchored else rf"\b(?:{body})")
        else:
            (loose if unanchored else anchored).append(f"{re.escape(first)}(?:{body})")
    parts = [rf"(?<!\w)(?:{'|'.join(anchored)})"] if anchored else []
    parts += [f"(?:{'|'.join(loose)})"] if loose else []
    return "|".join(parts + other)


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
    `suggested_terms` (joined by "; "); None where nothing is suggested. Many distinct texts
    go through `Lexicon.suggest_batch`, over forked worker processes where that is safe."""
    lex = lexicon or load_lexicon()
    if not isinstance(texts.dtype, pd.StringDtype):  # text or missing, but 7 is no text
        texts = texts.map(lambda v: v if isinstance(v, str) else None)
    codes, uniques = pd.factorize(texts)
    if len(uniques) < _BATCH:
        found = [lex.suggest(t) for t in uniques.tolist()]
        parts = [_columns([None if s.event_type is None else astuple(s) for s in found])]
    else:
        parts = _shared(lex, uniques)

    def column(i, dtype=object):
        values = np.array([v for part in parts for v in part[i]] + [None], dtype=object)
        return pd.Series(values[codes], index=texts.index, dtype=dtype)  # code -1: the None

    return pd.DataFrame(
        {
            "suggested_event_type": column(0),
            "suggested_subtype": column(1),
            "suggested_severity": column(2, "Int8"),
            "suggested_terms": column(3),
        },
        index=texts.index,
    )


def _columns(rows: list[tuple | None]) -> tuple[list, ...]:
    """Event types, subtypes, severities and joined terms of `Lexicon.suggest_batch` rows."""
    empty = (None, None, None, None)
    rows = [empty if r is None else (*r[:3], TERM_SEPARATOR.join(r[3]) or None) for r in rows]
    return tuple(map(list, zip(*rows, strict=True))) if rows else ([], [], [], [])


def _shared(lex: Lexicon, uniques: pd.Index) -> list[tuple[list, ...]]:
    """`_columns` of `lex.suggest_batch` over `uniques`, in slices, shared out over forked
    worker processes when there are many texts and forking is safe (reconstruct.parallel). The
    workers inherit `uniques` and the compiled lexicon; they return plain lists."""
    workers = min(worker_count(), -(-len(uniques) // _SERIAL_MAX))
    if workers < 2:
        return [_columns(lex.suggest_batch(uniques.tolist()))]
    global _WORK
    _WORK = (lex, uniques)
    bounds = np.linspace(0, len(uniques), 4 * workers + 1).astype(int).tolist()
    try:
        return fork_map(_slice_columns, list(zip(bounds[:-1], bounds[1:], strict=True)), workers)
    finally:
        _WORK = None


_WORK: tuple[Lexicon, pd.Index] | None = None  # what the forked `_slice_columns` read


def _slice_columns(bounds: tuple[int, int]) -> tuple[list, ...]:
    lex, uniques = _WORK
    return _columns(lex.suggest_batch(uniques[bounds[0] : bounds[1]].tolist()))
