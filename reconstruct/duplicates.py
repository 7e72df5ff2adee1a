"""Linking duplicates: the same event recorded twice, found without comparing every pair.

The rule (what `link_duplicates` links) is unchanged from the pair-by-pair version: events are
taken in date order (involvement marks, undated events and events placed more loosely than
MAX_SPAN left out); each is compared with the next MAX_WINDOW events whose start lies within
DAY_TOLERANCE after its end. A pair from one source file matches when the records are word for
word the same; a pair from two files when their descriptions share at least MIN_SHARED_WORDS
distinctive words worth MIN_WEIGHTED_OVERLAP of the lighter text (words weighted by rarity in
the case), or score NEAR_IDENTICAL on rapidfuzz's token-set ratio. Matches chain: every event
points at the first event (in table order) of its group.

How pairs are found, so that 10^6 events cost seconds, not hours (`TextFeatures`,
`_similar_texts`):
- Words are split into the case's FREQUENT_WORDS most frequent ones, kept as bit sets per text,
  and the rest, whose occurrences are joined within the window (an inverted index): every pair
  that shares a word outside the frequent ones is counted exactly (shared words, their weight,
  their letters), in chunks of positions.
- A pair that shares no such word can only match through the frequent words or through the
  token-set ratio. Texts for which that is possible at all (the frequent words carry a quarter
  of their weight; their other words are too few or too short to stop a token-set match; short
  texts; texts with characters whose compatibility form is longer) are compared with every
  event of their window.
- Every pair found is decided by exact arithmetic on those counts where that is certain, and by
  the original comparison (`_similar`) where it is not: near the threshold, or when the
  token-set ratio could reach NEAR_IDENTICAL (its length and character-count bounds).

What is left out by construction, so the rule is exact except for: a pair of texts both longer
than NEAR_TEXT characters (their distinct tokens joined) that shares too few weighted words and
whose tokens are not nearly all among the other's, yet scores NEAR_IDENTICAL on token-set ratio
(a typing error in most of their words); and a pair of texts both longer than SHORT_TEXT, each
with more than FEW_WORDS words outside the frequent ones, that share none of those. Checking
those would mean comparing every pair again. On every case tried (the tests, the demo, the
benchmark's synthetic cases of 10^3 to 10^5 rows) the links are identical to comparing every
pair; the bounds are in `_Checker.decide`.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz

from reconstruct.duplicate_texts import _STOP, TextFeatures
from reconstruct.parallel import fork_map, worker_count

MAX_SPAN = pd.Timedelta(days=31)
"""Only events placed within a month can be matched; a year is too wide to call a match."""
DAY_TOLERANCE = pd.Timedelta(days=2)
"""Two organisations noting the same event a day or two apart still match."""
MIN_WEIGHTED_OVERLAP = 0.25
MIN_SHARED_WORDS = 3
NEAR_IDENTICAL = 88
"""Two organisations rarely use the same words for one event, so texts are compared by the
distinctive words they share (weighted by rarity in the case, so the family's names weigh
little): the shared weight over the smaller text's weight. Short, nearly identical texts
(token-set ratio >= NEAR_IDENTICAL) match too."""
MAX_WINDOW = 400
"""Candidates compared per event at most, so dense days cannot make dedupe quadratic."""

SHORT_TEXT = 64
"""Texts (their distinct tokens joined) up to this length are compared with their whole window."""
NEAR_TEXT = 120
"""Up to this length, a text is compared by the whole token-set ratio; longer pairs by its
subset branch only (see the module docstring)."""
FEW_WORDS = 3
"""Texts with at most this many words outside the frequent ones too."""
CHUNK = 8192
"""Positions per chunk of the join (memory: CHUNK * MAX_WINDOW cells)."""
_EPS = 1e-9


def _words(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return frozenset(w for w in re.findall(r"[a-z0-9]{3,}", s) if w not in _STOP)


def _similar(a: int, b: int, words, weight, idf, descs) -> bool:
    shared = words[a] & words[b]
    if len(shared) >= MIN_SHARED_WORDS:
        smaller = min(weight[a], weight[b])
        if smaller > 0 and sum(idf[w] for w in shared) / smaller >= MIN_WEIGHTED_OVERLAP:
            return True
    return fuzz.token_set_ratio(descs[a], descs[b]) >= NEAR_IDENTICAL


def _scan(f: TextFeatures) -> np.ndarray:
    """Texts that may match a text sharing none of their infrequent words."""
    few = (f.nwords - f.fcount) <= FEW_WORDS
    frequent = (f.fcount >= MIN_SHARED_WORDS) & (
        f.fweight >= MIN_WEIGHTED_OVERLAP * f.weight * (1 - _EPS)
    )
    poor = f.rare_letters <= 0.2143 * f.tlen + 1e-6
    return few | frequent | poor | (f.tlen <= SHORT_TEXT) | f.irregular


def link_duplicates(events: pd.DataFrame) -> pd.Series:
    """`duplicate_of` for an ordered table: the id of the first event each one duplicates
    (see the module docstring for the rule)."""
    dup = pd.Series([None] * len(events), index=events.index, dtype=object)
    span = events["date_end"] - events["date_start"]
    needed = ["date_start", "date_end", "source_file"]
    rows = np.flatnonzero(
        (span <= MAX_SPAN)
        & events["date_start"].notna()
        & events["description"].notna()
        & ~events["event_type"].isin(["involvement_start", "involvement_end"])
    )
    if len(rows) < 2:
        return dup
    # only the columns needed (the records' texts only where two texts are the same): at 10^6
    # events a copy counts
    rows = rows[np.argsort(events["date_start"].to_numpy()[rows], kind="stable")]
    cand = events[needed].iloc[rows]
    n = len(cand)
    starts = cand["date_start"].to_numpy()
    limit = cand["date_end"].fillna(cand["date_start"]).to_numpy() + np.timedelta64(DAY_TOLERANCE)
    file_code = pd.factorize(cand["source_file"], use_na_sentinel=False)[0]
    desc_code, texts = _factorized(events["description"], rows)
    pairs = [_same_records(file_code, desc_code, events["source_text"], rows, starts, limit)]
    pairs.append(_similar_texts(texts, desc_code, file_code, starts, limit))
    a = np.concatenate([p[0] for p in pairs])
    b = np.concatenate([p[1] for p in pairs])
    if not len(a):
        return dup
    idx = cand.index.to_numpy()
    root = _components(n, a, b, idx)
    first = np.flatnonzero(root != np.arange(n))
    ids = events["event_id"]
    dup.loc[idx[first]] = ids.loc[idx[root[first]]].to_numpy()
    return dup


def _factorized(column: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """`pd.factorize(column.iloc[rows])` for rows without missing values, as codes and the
    distinct texts as Python strings, without a copy of the column: the distinct texts are
    found by Arrow in the whole column, then numbered by first appearance among `rows`. (At
    10^6 texts pandas' factorize holds them as Python objects twice: 0.9 GB.)"""
    try:
        arrow = pa.array(column.array)
    except (TypeError, pa.ArrowException):
        arrow = None
    if arrow is None or not (
        pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type)
    ):
        codes, uniques = pd.factorize(column.iloc[rows])  # not all text: as pandas does it
        return codes, list(map(str, uniques.to_numpy(dtype=object)))
    distinct = pc.unique(arrow)
    every = pc.index_in(arrow, value_set=distinct).to_numpy(zero_copy_only=False)
    codes, first = pd.factorize(every[rows])
    return codes, distinct.take(pa.array(first)).to_pylist()


def _window_pairs(key: np.ndarray, pos: np.ndarray, starts, limit) -> tuple[np.ndarray, ...]:
    """Pairs (x < y) of positions with the same key, at most MAX_WINDOW apart and y starting
    before x's limit. `key`, `pos` must be sorted by (key, pos)."""
    span = int(pos.max()) + MAX_WINDOW + 2 if len(pos) else 1
    combined = key.astype(np.int64) * span + pos
    hi = np.searchsorted(combined, combined + MAX_WINDOW, side="right")
    count = hi - np.arange(len(combined)) - 1
    total = int(count.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    left = np.repeat(np.arange(len(combined)), count)
    step = np.arange(total) - np.repeat(np.cumsum(count) - count, count) + 1
    x, y = pos[left], pos[left + step]
    ok = starts[y] <= limit[x]
    return x[ok], y[ok]


def _same_records(file_code, desc_code, source_text: pd.Series, rows, starts, limit):
    """Pairs from one file whose records are word for word the same (so are their texts);
    `rows` are the positions in `source_text`."""
    group = pd.factorize(file_code.astype(np.int64) * (int(desc_code.max()) + 1) + desc_code)[0]
    sizes = np.bincount(group)
    pos = np.flatnonzero(sizes[group] > 1)
    if not len(pos):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    text_code = pd.factorize(source_text.iloc[rows[pos]], use_na_sentinel=False)[0]
    group = pd.factorize(group[pos].astype(np.int64) * (int(text_code.max()) + 1) + text_code)[0]
    order = np.lexsort((pos, group))
    return _window_pairs(group[order], pos[order], starts, limit)


def _similar_texts(texts, desc_code, file_code, starts, limit):
    """Pairs from two files whose descriptions match (see the module docstring)."""
    n = len(desc_code)
    rows_per_text = np.bincount(desc_code, minlength=len(texts)).astype(float)
    feat = TextFeatures(texts, rows_per_text, n)
    scan = _scan(feat)[desc_code]
    # occurrences of the infrequent words per position, in position order
    order = np.argsort(feat.rare_parent, kind="stable")
    r_parent, r_word = feat.rare_parent[order], feat.rare_word[order]
    per_text = np.bincount(r_parent, minlength=len(texts))
    first_of = np.cumsum(per_text) - per_text
    counts = per_text[desc_code]
    occ_pos = np.repeat(np.arange(n), counts)
    start = np.repeat(first_of[desc_code], counts)
    occ_word = r_word[
        start + np.arange(len(occ_pos)) - np.repeat(np.cumsum(counts) - counts, counts)
    ]
    by_word = _stable_order(occ_word)  # occ_pos is in order already
    s_word, s_pos = occ_word[by_word], occ_pos[by_word]
    # a pair's second event starts by the first one's limit, and is at most MAX_WINDOW further
    last = np.minimum(np.searchsorted(starts, limit, side="right") - 1, np.arange(n) + MAX_WINDOW)
    span = n + MAX_WINDOW + 2
    combined = s_word.astype(np.int64) * span + s_pos
    hi = np.searchsorted(combined, s_word.astype(np.int64) * span + last[s_pos], side="right")
    del combined
    where_sorted = np.empty_like(by_word)
    where_sorted[by_word] = np.arange(len(by_word))
    occ_start = np.searchsorted(occ_pos, np.arange(0, n + CHUNK, CHUNK))
    join = _Join(
        feat, (desc_code, file_code, scan, last), (s_pos, s_word, hi, where_sorted, occ_start)
    )
    found = [p for p in _chunks(join, list(range(0, n, CHUNK))) if len(p[0])]
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate([p[0] for p in found]), np.concatenate([p[1] for p in found])


def _chunks(join: _Join, starts: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """`join.chunk` of every start, in order; over forked workers when there are many chunks
    (at 10^6 events, 120 of about 0.1 s each) and forking is safe (reconstruct.parallel)."""
    workers = min(worker_count(), len(starts) // 8)
    if workers < 2:
        return list(map(join.chunk, starts))
    global _JOIN
    _JOIN = join
    blocks = np.array_split(np.array(starts), 4 * workers)
    try:
        done = fork_map(_join_block, [b.tolist() for b in blocks if len(b)], workers)
    finally:
        _JOIN = None
    return [pair for block in done for pair in block]


_JOIN: _Join | None = None  # what the forked `_join_block` reads


def _join_block(starts: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    return [_JOIN.chunk(c0) for c0 in starts]


class _Join:
    """The pairs of one chunk of positions (the first of each pair in it), decided. Pairs with
    a scanned text are listed from the scanned positions in the window, not found by marking
    every cell of the window: most of a window is neither scanned nor joined."""

    def __init__(self, feat: TextFeatures, by_position: tuple, by_occurrence: tuple):
        self.feat = feat
        self.desc_code, self.file_code, self.scan, self.last = by_position
        self.s_pos, self.s_word, self.hi, self.where_sorted, self.occ_start = by_occurrence
        self.scanned, self.unscanned = np.flatnonzero(self.scan), np.flatnonzero(~self.scan)
        self.checker = _Checker(feat)
        self.cache: dict[tuple[int, int], bool] = {}

    def chunk(self, c0: int) -> tuple[np.ndarray, np.ndarray]:
        feat, scan, last = self.feat, self.scan, self.last
        c1 = min(len(scan), c0 + CHUNK)
        reach = max(1, int((last[c0:c1] - np.arange(c0, c1)).max()))  # cells per position
        # the join: every pair sharing an infrequent word, with the first in this chunk
        i = self.where_sorted[self.occ_start[c0 // CHUNK] : self.occ_start[c0 // CHUNK + 1]]
        x, y = _spans(i, self.hi[i], self.s_pos)
        w = self.s_word[np.repeat(i, self.hi[i] - i - 1)]
        cell = (x - c0) * reach + (y - x - 1)
        size = (c1 - c0) * reach
        r_cnt = np.bincount(cell, minlength=size)
        r_idf = np.bincount(cell, weights=feat.rare_idf[w], minlength=size)
        r_len = np.bincount(cell, weights=feat.rare_len[w], minlength=size)
        # the pairs to decide: those of the join with neither text scanned, and every pair
        # with a scanned text (its second one scanned; its first one scanned, not the second)
        k = np.flatnonzero(r_cnt > 0)
        x = c0 + k // reach
        y = x + (k % reach) + 1
        keep = ~scan[x] & ~scan[y]
        x2, y2 = _spans(np.arange(c0, c1), last[c0:c1], self.scanned, lookup=True)
        first = self.scanned[(self.scanned >= c0) & (self.scanned < c1)]
        x3, y3 = _spans(first, last[first], self.unscanned, lookup=True)
        x = np.concatenate([x[keep], x2, x3])
        y = np.concatenate([y[keep], y2, y3])
        ok = self.file_code[x] != self.file_code[y]
        x, y = x[ok], y[ok]
        if not len(x):
            return x, y
        k = (x - c0) * reach + (y - x - 1)
        ux, uy = self.desc_code[x], self.desc_code[y]
        match = self.checker.decide(ux, uy, r_cnt[k], r_idf[k], r_len[k], self.cache)
        return x[match], y[match]


def _stable_order(key: np.ndarray) -> np.ndarray:
    """np.argsort(key, kind="stable") for non-negative integer keys, 16 bits at a time (numpy
    sorts 16-bit keys by radix, several times faster than wider ones)."""
    order = np.argsort((key & 0xFFFF).astype(np.uint16), kind="stable")
    top = int(key.max()) if len(key) else 0
    shift = 16
    while top >> shift:
        digit = ((key[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
    return order


def _spans(pos: np.ndarray, end: np.ndarray, values: np.ndarray, lookup: bool = False):
    """Pairs (pos[j], values[m]) for the m after pos[j] up to end[j]: indices into the sorted
    `values` (or, with lookup, the values themselves bounded: pos < value <= end)."""
    if lookup:
        lo = np.searchsorted(values, pos, side="right")
        end = np.searchsorted(values, end, side="right")
    else:
        lo = pos + 1
    cnt = np.maximum(end - lo, 0)
    total = int(cnt.sum())
    x = np.repeat(pos, cnt)
    at = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt) + np.repeat(lo, cnt)
    return (x if lookup else values[x]), values[at]


class _Checker:
    """Decides candidate pairs: exact arithmetic where certain, `_similar` where not."""

    def __init__(self, feat: TextFeatures):
        self.feat = feat
        self.words: dict[int, frozenset] = {}
        self.weights: dict[int, float] = {}
        # the first bounds per text: the shared letters that make it nearly a subset of the
        # other (wlen - most <= 0.2143 * tlen + 1e-6 as most >= wlen - that, the same test:
        # letters are whole numbers, the slack never within 1e-6 of one), and whether the
        # text is always looked at further
        self.subset = feat.wlen - (0.2143 * feat.tlen + 1e-6)
        self.always = (feat.tlen <= NEAR_TEXT) | feat.irregular

    def _exact(self, ux: int, uy: int) -> bool:
        f = self.feat
        for u in (ux, uy):
            if u not in self.words:
                self.words[u] = _words(f.texts[u])
                self.weights[u] = sum(f.idf_dict[w] for w in self.words[u])
        return _similar(ux, uy, self.words, self.weights, f.idf_dict, f.texts)

    def decide(self, ux, uy, r_cnt, r_idf, r_len, cache) -> np.ndarray:
        """Whether each pair of texts matches."""
        f = self.feat
        match = np.zeros(len(ux), dtype=bool)
        # first bounds that need no bit counting: at most every frequent word shared
        fw = np.minimum(f.fweight[ux], f.fweight[uy])
        lighter = np.minimum(f.weight[ux], f.weight[uy])
        maybe = (r_cnt + np.minimum(f.fcount[ux], f.fcount[uy]) >= MIN_SHARED_WORDS) & (
            r_idf + fw >= MIN_WEIGHTED_OVERLAP * lighter * (1 - _EPS)
        )
        most = r_len + np.minimum(f.fletters[ux], f.fletters[uy])
        maybe |= most >= np.minimum(self.subset[ux], self.subset[uy])
        maybe |= self.always[ux] | self.always[uy]
        keep = np.flatnonzero(maybe)
        match[keep] = self._decide(ux[keep], uy[keep], r_cnt[keep], r_idf[keep], r_len[keep], cache)
        return match

    def _decide(self, ux, uy, r_cnt, r_idf, r_len, cache) -> np.ndarray:
        f = self.feat
        count, weight, letters = f.shared(ux, uy, r_cnt, r_idf, r_len)
        smaller = np.minimum(f.weight[ux], f.weight[uy])
        enough = (count >= MIN_SHARED_WORDS) & (smaller > 0)
        ratio = np.divide(weight, smaller, out=np.zeros_like(weight), where=smaller > 0)
        sure = enough & (ratio >= MIN_WEIGHTED_OVERLAP + _EPS)
        near = enough & (np.abs(ratio - MIN_WEIGHTED_OVERLAP) <= _EPS)
        # token-set ratio: one text's tokens nearly all among the other's ...
        tl_x, tl_y = f.tlen[ux], f.tlen[uy]
        subset = ((f.wlen[ux] - letters) <= 0.2143 * tl_x + 1e-6) | (
            (f.wlen[uy] - letters) <= 0.2143 * tl_y + 1e-6
        )
        # ... or, for texts up to NEAR_TEXT, the two joined token sets nearly the same letters
        total = tl_x + tl_y
        close = np.abs(tl_x - tl_y) <= (1 - NEAR_IDENTICAL / 100) * total + 1e-6
        close &= np.minimum(tl_x, tl_y) <= NEAR_TEXT
        rest = np.flatnonzero(close & ~sure & ~subset)
        if len(rest):
            f.count(np.concatenate([ux[rest], uy[rest]]))
            fine, coarse = f.fine, f.coarse
            bound = (1 - NEAR_IDENTICAL / 100) * total + 1e-6
            dist = np.abs(coarse[ux[rest]] - coarse[uy[rest]]).sum(axis=1)
            close[rest] = dist <= bound[rest]
            rest = rest[dist <= bound[rest]]
            a, b = fine[ux[rest]].astype(np.int16), fine[uy[rest]].astype(np.int16)
            close[rest] = np.abs(a - b).sum(axis=1) <= bound[rest]
        tokens = f.has_tokens[ux] & f.has_tokens[uy]
        odd = f.irregular[ux] | f.irregular[uy]
        check = ~sure & (near | (tokens & (subset | close)) | odd)
        match = sure.copy()
        for i in np.flatnonzero(check):
            key = (int(ux[i]), int(uy[i]))
            hit = cache.get(key)
            if hit is None:
                if near[i] or odd[i] or enough[i] and ratio[i] >= MIN_WEIGHTED_OVERLAP - _EPS:
                    hit = self._exact(*key)
                else:  # surely no shared words enough: only the token-set ratio can match
                    hit = fuzz.token_set_ratio(f.texts[key[0]], f.texts[key[1]]) >= NEAR_IDENTICAL
                cache[key] = hit
            match[i] = hit
        return match


def _components(n: int, a: np.ndarray, b: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """For each position, the position of the member of its group first in table order."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    roots = np.array([root(i) for i in range(n)], dtype=np.int64)
    # the group's first event in table order (its smallest index), not its first position
    best = pd.Series(idx).groupby(roots).transform("min").to_numpy()
    where = pd.Series(np.arange(n), index=idx)
    return where.loc[best].to_numpy()
