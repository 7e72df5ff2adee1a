"""What the duplicate rule (reconstruct.duplicates) needs of every distinct description, for
all of them at once: its distinctive words with their weights (the frequent ones as bits), the
length and character counts of its token set. Worked out on bytes and Arrow arrays, a chunk of
texts at a time, not text by text: at 10^6 descriptions that is the difference."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from reconstruct.parallel import fork_map, worker_count

FREQUENT_WORDS = 64
"""Words kept as a bit set per text instead of being joined (one 64-bit word)."""
_STOP = frozenset(
    (
        "de het een en van in op met voor aan bij door naar over is zijn was waren wordt werd "
        "heeft hebben had dat die deze dit er niet ook als om te tot uit nog wel maar of zij ze "
        "hij haar hem ons wij we zich the and to"
    ).split()
)
_FINE_BINS = 96  # printable ASCII (32..126), then everything else
_GROUPS = [" ", "eE", "nN", "aA", "rR", "tToO", "iIdD", "sSlL", "gGkKhH", "mMuUvV", "bBjJwWpP"]
_GROUPS += ["cCzZfFyYxXqQ", ".,;:", "0123456789", "-'()/", ""]  # the last: everything else
_COARSE = np.full(_FINE_BINS, len(_GROUPS) - 1)
for _i, _group in enumerate(_GROUPS):
    for _c in _group:
        _COARSE[ord(_c) - 32] = _i


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SEPARATORS = re.compile(r"[\x1c-\x1f]")


@cache
def _odd_char(c: str) -> bool:
    return c.isspace() or len(unicodedata.normalize("NFKD", c).encode("ascii", "ignore")) > 1


def _irregular(text: str) -> bool:
    """Whether a character's ASCII form is longer than one letter ("ﬁ", "½"), or a whitespace
    character str.split and rapidfuzz might treat differently: such texts skip the bounds."""
    if _SEPARATORS.search(text):
        return True
    return not text.isascii() and any(_odd_char(c) for c in set(_NON_ASCII.findall(text)))


class TextFeatures:
    """What the bounds need per distinct description: its distinctive words (frequent ones as
    bits, the others as ids with their weight and length), and its token set's joined length
    and character counts (the quantities rapidfuzz's token-set ratio works on)."""

    def __init__(self, texts: list[str], rows_per_text: np.ndarray, n_rows: int):
        self.texts = texts
        u = len(texts)
        parent, word, vocab = _word_pairs(texts)
        # document frequency over rows (an event counts each of its words once), as before
        df = np.bincount(word, weights=rows_per_text[parent], minlength=len(vocab))
        self.df = df.astype(np.int64)
        self.idf_dict = {  # stop words stay in the vocabulary with no rows
            w: math.log(n_rows / int(c)) if c else 0.0 for w, c in zip(vocab, self.df, strict=True)
        }
        idf = np.array([self.idf_dict[w] for w in vocab])
        lens = np.array([len(w) for w in vocab], dtype=np.int64)
        self.weight = np.bincount(parent, weights=idf[word], minlength=u)
        self.wlen = np.bincount(parent, weights=lens[word], minlength=u)
        self.nwords = np.bincount(parent, minlength=u)
        frequent = np.argsort(-self.df, kind="stable")[:FREQUENT_WORDS]
        bit = np.full(len(vocab), -1, dtype=np.int64)
        bit[frequent] = np.arange(len(frequent))
        is_f = bit[word] >= 0
        self.fbits = np.zeros(u, dtype=np.uint64)
        one = np.uint64(1)
        np.add.at(self.fbits, parent[is_f], np.left_shift(one, bit[word[is_f]].astype(np.uint64)))
        self.fweight = np.bincount(parent[is_f], weights=idf[word[is_f]], minlength=u)
        self.fcount = np.bincount(parent[is_f], minlength=u)
        self.fletters = np.bincount(parent[is_f], weights=lens[word[is_f]], minlength=u)
        # byte tables: the weight and letters of the frequent words set in each byte of the bits
        self.idf_table = np.zeros((8, 256))
        self.len_table = np.zeros((8, 256))
        values = np.arange(256)
        for j, w in enumerate(frequent):
            byte, b = divmod(j, 8)
            on = (values >> b) & 1 == 1
            self.idf_table[byte, on] += idf[w]
            self.len_table[byte, on] += lens[w]
        # the other words, by text, for the join
        rare = ~is_f
        self.rare_parent, self.rare_word = parent[rare], word[rare]
        self.rare_idf, self.rare_len = idf, lens
        self.rare_letters = np.bincount(self.rare_parent, weights=lens[self.rare_word], minlength=u)
        self.tlen = _token_lengths(texts)
        self.has_tokens = self.tlen > 0
        self.irregular = _irregular_texts(texts)
        self.fine = np.zeros((u, _FINE_BINS), dtype=np.uint8)
        self.coarse = np.zeros((u, len(_GROUPS)), dtype=np.int16)
        self._counted = np.zeros(u, dtype=bool)

    def shared(self, ux, uy, rare_cnt, rare_idf, rare_len):
        """(count, weight, letters) of the words two texts share."""
        both = self.fbits[ux] & self.fbits[uy]
        count = rare_cnt + np.bitwise_count(both).astype(np.int64)
        weight = rare_idf.astype(float)  # a copy; an empty bincount may come back as ints
        letters = rare_len.astype(float)
        for byte in range(8):
            part = ((both >> np.uint64(8 * byte)) & np.uint64(255)).astype(np.intp)
            weight += self.idf_table[byte, part]
            letters += self.len_table[byte, part]
        return count, weight, letters

    def count(self, which: np.ndarray) -> None:
        """Fill in the character counts of these texts (when not done yet)."""
        todo = np.unique(which[~self._counted[which]])
        if len(todo):
            fine = _histograms([self.texts[i] for i in todo])
            self.fine[todo] = fine
            for b in range(len(_GROUPS)):
                self.coarse[todo, b] = fine[:, b == _COARSE].sum(axis=1, dtype=np.int16)
            self._counted[todo] = True


_TEXT_CHUNK = 65536


def _utf8(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts' UTF-8 bytes in one array, and where each text starts (n + 1 offsets)."""
    arr = pa.array(texts, type=pa.large_string())
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[: len(texts) + 1]
    data = arr.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return raw[offsets[0] : offsets[-1]], offsets - offsets[0]


def _runs(member: np.ndarray, offsets: np.ndarray, min_len: int = 1):
    """Maximal runs of member bytes within each text: (owner, start, end), and a mask of the
    bytes in the runs kept."""
    step = np.diff(member.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(step == 1), np.flatnonzero(step == -1)
    # a run going on into the next text is cut where that one begins
    inner = offsets[(offsets > 0) & (offsets < len(member))]
    cut = np.unique(inner[member[inner] & member[inner - 1]])
    if len(cut):
        starts = np.insert(starts, np.searchsorted(starts, cut), cut)
        ends = np.insert(ends, np.searchsorted(ends, cut), cut)
    keep = ends - starts >= min_len
    # the runs left out are shorter than min_len: their bytes are cleared one offset at a time
    inside = member.copy()
    short, length = starts[~keep], (ends - starts)[~keep]
    for j in range(min_len - 1):
        inside[short[length > j] + j] = False
    starts, ends = starts[keep], ends[keep]
    per_text = np.diff(np.searchsorted(starts, offsets))
    owner = np.repeat(np.arange(len(per_text)), per_text)
    return owner, starts, ends, inside


def _strings(starts: np.ndarray, ends: np.ndarray, kept: np.ndarray) -> pa.Array:
    """The runs as an Arrow string array (their bytes, `kept`, copied together)."""
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(ends - starts, out=offsets[1:])
    buf = pa.py_buffer(kept.tobytes())
    return pa.LargeStringArray.from_buffers(len(starts), pa.py_buffer(offsets.tobytes()), buf)


def _alnum(data: np.ndarray) -> np.ndarray:
    """Lower-case ASCII letters and digits (uint8 arithmetic wraps below the range)."""
    return ((data - np.uint8(97)) < 26) | ((data - np.uint8(48)) < 10)


def _lower(data: np.ndarray) -> np.ndarray:
    """ASCII upper case to lower case, other bytes kept."""
    return data + (((data - np.uint8(65)) < 26).view(np.uint8) << np.uint8(5))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _word_pairs(texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(text index, word id) for every distinctive word of every text (each once), and the
    words by id: `_words` on bytes, a chunk of texts normalised at once."""
    ids: dict[str, int] = {}
    parents, words = [], []
    for i0 in range(0, len(texts), _TEXT_CHUNK):
        part = texts[i0 : i0 + _TEXT_CHUNK]
        data, offsets = _folded(part)
        owner, starts, ends, inside = _runs(_alnum(data), offsets, min_len=3)
        if not len(owner):
            continue
        encoded = pc.dictionary_encode(_strings(starts, ends, data[inside]))
        chunk_vocab = encoded.dictionary.to_pylist()
        local = np.array([ids.setdefault(w, len(ids)) for w in chunk_vocab], dtype=np.int64)
        stop = np.array([w in _STOP for w in chunk_vocab], dtype=bool)
        word = encoded.indices.to_numpy().astype(np.int64)
        owner, word = owner[~stop[word]], word[~stop[word]]
        # each word once per text (sorting beats numpy's hash-based unique here)
        code = np.sort(owner * max(1, len(chunk_vocab)) + word)
        code = code[np.concatenate([[True], code[1:] != code[:-1]])] if len(code) else code
        parents.append(code // max(1, len(chunk_vocab)) + i0)
        words.append(local[code % max(1, len(chunk_vocab))])
    if not parents:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), []
    return np.concatenate(parents), np.concatenate(words), list(ids)


def _folded(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts as `_words` folds them (NFKD, ASCII only, lower case), as bytes with offsets."""
    if all(t.isascii() for t in texts) or any("\x00" in t for t in texts):
        data, offsets = _utf8([t if t.isascii() else _ascii(t) for t in texts])
        return _lower(data), offsets
    # one normalisation for the chunk: NUL (kept by NFKD and by ASCII) separates the texts
    joined = _ascii("\x00".join(texts)).encode("ascii")
    data = _lower(np.frombuffer(joined, dtype=np.uint8))
    nul = np.flatnonzero(data == 0)
    offsets = np.concatenate([[0], nul + 1, [len(data) + 1]])
    keep = np.ones(len(data), dtype=bool)
    keep[nul] = False
    return data[keep], offsets - np.arange(len(offsets))


def _token_lengths(texts: list[str]) -> np.ndarray:
    """Per text, the length of its distinct whitespace-separated tokens joined by spaces: the
    string rapidfuzz's token-set ratio compares. Plain Python per text (4 s at 10^6 texts), so
    shared out over forked workers where that is safe (reconstruct.parallel)."""
    workers = min(worker_count(), len(texts) // 100_000)
    if workers < 2:
        return _lengths_of(texts)
    global _TEXTS
    _TEXTS = texts
    bounds = np.linspace(0, len(texts), 4 * workers + 1).astype(int).tolist()
    try:
        parts = fork_map(_lengths_between, list(zip(bounds[:-1], bounds[1:], strict=True)), workers)
    finally:
        _TEXTS = None
    return np.concatenate(parts)


_TEXTS: list[str] | None = None  # what the forked `_lengths_between` reads


def _lengths_between(bounds: tuple[int, int]) -> np.ndarray:
    return _lengths_of(_TEXTS[bounds[0] : bounds[1]])


def _lengths_of(texts: list[str]) -> np.ndarray:
    return np.fromiter((len(" ".join(set(t.split()))) for t in texts), np.int64, len(texts))


def _histograms(texts: list[str]) -> np.ndarray:
    """Character counts of each text's distinct tokens joined by spaces: printable ASCII each
    its own bin, anything else the last (uint8, clipped at 255)."""
    out = np.zeros((len(texts), _FINE_BINS), dtype=np.uint8)
    for i0 in range(0, len(texts), _TEXT_CHUNK):
        joined = [" ".join(set(t.split())) for t in texts[i0 : i0 + _TEXT_CHUNK]]
        codes = np.frombuffer("".join(joined).encode("utf-32-le"), dtype=np.uint32)
        bins = np.where((codes >= 32) & (codes < 127), codes - 32, _FINE_BINS - 1)
        owner = np.repeat(np.arange(len(joined)), [len(j) for j in joined])
        counts = np.bincount(owner * _FINE_BINS + bins, minlength=len(joined) * _FINE_BINS)
        out[i0 : i0 + len(joined)] = np.minimum(counts, 255).reshape(-1, _FINE_BINS)
    return out


def _irregular_texts(texts: list[str]) -> np.ndarray:
    """`_irregular` for each text: the distinct non-ASCII characters of a chunk are looked at
    once, and only texts holding an odd one are marked."""
    out = np.zeros(len(texts), dtype=bool)
    for i0 in range(0, len(texts), _TEXT_CHUNK):
        part = texts[i0 : i0 + _TEXT_CHUNK]
        codes = np.frombuffer("".join(part).encode("utf-32-le"), dtype=np.uint32)
        odd = np.array(
            [c for c in np.unique(codes[codes >= 0x80]).tolist() if _odd_char(chr(c))]
            + list(range(0x1C, 0x20)),
            dtype=np.uint32,
        )
        hit = np.flatnonzero(np.isin(codes, odd))
        if len(hit):
            ends = np.cumsum([len(t) for t in part])
            out[i0 + np.unique(np.searchsorted(ends, hit, side="right"))] = True
    return out
