"""Finding the persons' names in many texts at once: what PersonMatcher.mentions finds with
one regex call per text (~10 µs), found in blocks of texts with numpy (reconstruct.case)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

SCAN_BLOCK = 1 << 16
"""Texts scanned together: a joined block of ~10 MB keeps the numpy temporaries small."""

_PUNCTUATION = "\u2014\u2013\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u2022\u20ac"
"""Characters outside Latin-1 common in Dutch dossier text (dashes, quotes, ellipsis, bullet,
euro); a scan reads each as '?' once build() has checked it is no word character and matches
no name character."""


@dataclass
class MentionScan:
    """Finds what PersonMatcher._mention finds, in a block of texts at once.

    The texts are joined by NUL (no word character, in no name), encoded as Latin-1 bytes and
    folded to lower case; the regex's rules are then array operations: a match starts where
    no word character precedes, the alternatives (longest first) are tried in order at each
    position, a match is not followed by a word character, and scanning resumes after a
    match. This reads exactly as the regex only when every character reads the same, which
    build() checks once for all of Latin-1 (a character matches a name character under
    re.IGNORECASE exactly when their folded bytes are equal, folding keeps word characters,
    a matched text casefolds to the name) and keys() checks per block for the rest: the
    characters outside Latin-1 (read as '?') must all be known punctuation."""

    names: list[bytes]  # folded, in alternation order
    pseudo_of: list[int]  # per name: its pseudonym's number, 1-based
    pseudonyms: list[str]
    fold_array: np.ndarray  # per Latin-1 byte: its folded byte
    word: np.ndarray  # per Latin-1 byte: a word character
    flags: bytes  # translation table: 1 a byte folding to a name's first byte, 2 no word
    # character, 4 a byte folding to a name's second byte (names have two characters or more)
    pairs: np.ndarray  # per two folded bytes (first << 8 | second): some name starts so
    punctuation: str

    @classmethod
    def build(cls, names: list[str], by_name: dict[str, str]) -> MentionScan | None:
        if not names or any(len(n) < 2 or "\x00" in n or "?" in n for n in names):
            return None
        try:
            raw = [n.encode("latin-1") for n in names]
        except UnicodeEncodeError:
            return None
        latin = [chr(i) for i in range(256)]
        folded = [c.lower() if len(c.lower()) == 1 and ord(c.lower()) < 256 else c for c in latin]
        is_word = [re.match(r"\w", c) is not None for c in latin]
        if any(is_word[ord(f)] != w for f, w in zip(folded, is_word, strict=True)):
            return None
        chars = []
        for p in sorted(set("".join(names))):
            rx = re.compile(re.escape(p), re.IGNORECASE)
            chars.append(rx)
            for c in latin:
                hit = rx.fullmatch(c) is not None
                if hit != (folded[ord(c)] == folded[ord(p)]) or (hit and c.casefold() != p):
                    return None
        punctuation = "".join(
            c
            for c in _PUNCTUATION
            if re.match(r"\w", c) is None and not any(rx.fullmatch(c) for rx in chars)
        )
        fold = bytes(ord(f) for f in folded)
        pseudonyms = list(dict.fromkeys(by_name[n] for n in names))
        folded_names = [r.translate(fold) for r in raw]
        firsts, seconds = {n[0] for n in folded_names}, {n[1] for n in folded_names}
        return cls(
            names=folded_names,
            pseudo_of=[pseudonyms.index(by_name[n]) + 1 for n in names],
            pseudonyms=pseudonyms,
            fold_array=np.frombuffer(fold, dtype=np.uint8),
            word=np.array(is_word, dtype=bool),
            flags=bytes(
                int(f in firsts) | 2 * (not w) | 4 * (f in seconds)
                for f, w in zip(fold, is_word, strict=True)
            ),
            pairs=np.isin(np.arange(1 << 16), [n[0] << 8 | n[1] for n in folded_names]),
            punctuation=punctuation,
        )

    def decode(self, key: int) -> list[str]:
        """The pseudonyms a key stands for (keys() writes them as digits, first one lowest)."""
        out, base = [], len(self.pseudonyms) + 1
        while key:
            key, digit = divmod(key, base)
            out.append(self.pseudonyms[digit - 1])
        return out

    def keys(self, texts: list) -> np.ndarray | None:
        """Per text a number for its mentions (0: none), or None when this block cannot be
        read exactly."""
        base = len(self.pseudonyms) + 1
        if base ** len(self.pseudonyms) >= 1 << 62:
            return None
        keep = np.flatnonzero(np.fromiter(map(bool, texts), dtype=bool, count=len(texts)))
        strs = [texts[i] for i in keep.tolist()]
        try:
            joined = "\x00".join(strs)  # refuses what is not text
        except TypeError:
            return None
        out = np.zeros(len(texts), dtype=np.int64)
        if not strs:
            return out
        try:
            data = joined.encode("latin-1")
        except UnicodeEncodeError:
            data = joined.encode("latin-1", "replace")
            replaced = data.count(b"?") - joined.count("?")
            for c in self.punctuation:
                if replaced <= 0:
                    break
                replaced -= joined.count(c)
            if replaced:
                return None
        del joined
        # where a name can start: its first byte, and no word character before it; bytes are
        # folded only where looked at (a whole-block numpy gather costs more than the scan)
        raw = np.frombuffer(data, dtype=np.uint8)
        flags = np.frombuffer(data.translate(self.flags), dtype=np.uint8)
        if len(flags) < 2:
            return out
        cand = np.flatnonzero(flags[1:-1] & (flags[:-2] >> 1) & (flags[2:] >> 2) & 1) + 1
        if flags[0] & 1 and flags[1] & 4:
            cand = np.concatenate([[0], cand])
        pos, which = self._matches(raw, cand)
        if not len(pos):
            return out
        lengths = np.array([len(n) for n in self.names])[which]
        ends = pos + lengths
        if np.any(pos[1:] < ends[:-1]):  # overlapping candidates: resume after each match
            taken, cur = [], 0
            for i, (p, e) in enumerate(zip(pos.tolist(), ends.tolist(), strict=True)):
                if p >= cur:
                    taken.append(i)
                    cur = e
            pos, which = pos[taken], which[taken]
        starts = np.zeros(len(strs), dtype=np.int64)
        np.cumsum(
            np.fromiter(map(len, strs[:-1]), dtype=np.int64, count=len(strs) - 1) + 1,
            out=starts[1:],
        )
        owner = np.searchsorted(starts, pos, side="right") - 1
        pseudo = np.array(self.pseudo_of, dtype=np.int64)[which]
        # the first mention of each pseudonym per text, in order, as digits of a number
        first = np.unique(owner * base + pseudo, return_index=True)[1]
        first.sort()
        owner, pseudo = owner[first], pseudo[first]
        rank = np.arange(len(owner)) - np.searchsorted(owner, owner, side="left")
        key = np.zeros(len(strs), dtype=np.int64)
        np.add.at(key, owner, pseudo * base**rank)
        out[keep] = key
        return out

    def _matches(self, raw, cand) -> tuple[np.ndarray, np.ndarray]:
        """(positions, name numbers) of every position where an alternative matches, the
        first alternative in order at each position, sorted by position."""
        n, fold = len(raw), self.fold_array
        # the first two (folded) bytes, as one number, narrow the candidates down at once
        cand = cand[cand + 1 < n]
        pair = fold[raw[cand]].astype(np.int64) << 8 | fold[raw[cand + 1]]
        keep = self.pairs[pair]
        cand, pair = cand[keep], pair[keep]
        by_pair: dict[int, np.ndarray] = {}
        pos, which = [], []
        for k, name in enumerate(self.names):
            key = name[0] << 8 | name[1]
            if key not in by_pair:
                by_pair[key] = cand[pair == key]
            at = by_pair[key]
            at = at[at + len(name) <= n]
            for j in range(2, len(name)):
                at = at[fold[raw[at + j]] == name[j]]
            end = at + len(name)
            at = at[(end == n) | ~self.word[raw[np.minimum(end, n - 1)]]]
            pos.append(at)
            which.append(np.full(len(at), k))
        pos_all, which_all = np.concatenate(pos), np.concatenate(which)
        # a stable sort by position keeps the alternation order among names at one position
        order = np.argsort(pos_all, kind="stable")
        pos_all, which_all = pos_all[order], which_all[order]
        first = np.ones(len(pos_all), dtype=bool)
        first[1:] = pos_all[1:] != pos_all[:-1]
        return pos_all[first], which_all[first]
