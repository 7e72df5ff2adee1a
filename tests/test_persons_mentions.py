"""PersonMatcher.mentions_many: the column-wise scan finds exactly what mentions() finds."""

from __future__ import annotations

import random

import pytest

from reconstruct import case as case_module
from reconstruct.case import Person, PersonMatcher

FAMILY = [
    Person("Mirjam Oosterveld", "Moeder", aliases=("Mirjam", "mw. Oosterveld")),
    Person("Daan Oosterveld", "Kind A", aliases=("Daan", "D. Oosterveld")),
    Person("Jan", "Vader", aliases=("Jan-Willem", "Jan Willem")),
    Person("Iris Kok", "Zus", aliases=("Iris", "Sis")),
]

WORDS = [
    "mirjam", "MIRJAM", "Mirjam Oosterveld", "mw. oosterveld", "mw.Oosterveld", "Daan", "daan",
    "D. Oosterveld", "Jan", "jan-willem", "Jan Willem", "Janssen", "jan_", "Iris", "IRIS",
    "Kok", "Sis", "moeder", "Moeder", "kind a", "Kind A", "vader", "zus", "grootmoeder",
    "Daantje", "met", "en", "de", ".", ",", "—", "’", "“", "...", "\n", "\t", "\x00", "(",
    ")", "-", "_", "1", "é", "ë", "ß", "\u212a", "\u0131", "\u017f", "\u0130", "\u00b5",
    "Łódź", "x",
]  # fmt: skip
"""Names in every case, next to word characters, punctuation inside and outside Latin-1,
and characters that re.IGNORECASE matches to ASCII letters (Kelvin K, dotless i, long s)."""


def random_texts(seed: int, n: int) -> list:
    rng = random.Random(seed)
    texts: list = []
    for _ in range(n):
        k = rng.randrange(0, 12)
        glue = rng.choice([" ", "", " ", "  ", "\n"])
        texts.append(glue.join(rng.choice(WORDS) for _ in range(k)))
    texts[::17] = [None] * len(texts[::17])
    texts[::23] = [""] * len(texts[::23])
    return texts


def assert_same(matcher: PersonMatcher, texts: list) -> None:
    codes, found = matcher.mentions_many(texts)
    assert len(codes) == len(texts)
    assert [found[c] for c in codes] == [matcher.mentions(t) for t in texts]


@pytest.mark.parametrize("seed", range(6))
def test_random_texts_agree_with_mentions(seed):
    assert_same(PersonMatcher(FAMILY), random_texts(seed, 400))


@pytest.mark.parametrize("seed", range(3))
def test_small_blocks_mix_scanned_and_per_text_blocks(seed, monkeypatch):
    # blocks of 7 texts: some hold only Latin-1 and known punctuation, some do not
    monkeypatch.setattr(case_module, "SCAN_BLOCK", 7)
    assert_same(PersonMatcher(FAMILY), random_texts(seed, 300))


def test_plain_latin1_texts_are_scanned():
    matcher = PersonMatcher(FAMILY)
    texts = ["Gesprek met Mirjam en Daan — moeder belt", "Jan-Willem, Jan en jan", None]
    assert_same(matcher, texts)
    assert matcher._scan  # the scan was built, the texts did not all take the slow path
    assert matcher._scan.keys(texts) is not None


def test_characters_that_fold_onto_a_name_take_the_exact_path():
    matcher = PersonMatcher(FAMILY)
    # Kelvin sign matches 'k' of "Kok" under re.IGNORECASE, long s the 's' of "Sis"
    texts = ["Iris \u212aok", "\u017fis", "Daan"]
    assert_same(matcher, texts)
    assert matcher._scan.keys(texts) is None


@pytest.mark.parametrize(
    "persons",
    [
        [Person("Łukasz Nowak", "Vader", aliases=("Łukasz",))],  # outside Latin-1
        [Person("A", "Kind A")],  # one letter
        [Person("Wie?", "Onbekend")],
        [Person("Zoë", "Kind B", aliases=("ZOË",))],
        [],
    ],
)
def test_other_name_sets_agree(persons):
    matcher = PersonMatcher(persons + FAMILY[:1])
    texts = random_texts(1, 200) + ["Łukasz en Mirjam", "A Wie? zoë ZOË", "Kind A"]
    assert_same(matcher, texts)


def test_no_texts():
    codes, found = PersonMatcher(FAMILY).mentions_many([])
    assert len(codes) == 0 and found == []


def test_a_name_written_with_a_dotless_i_is_still_the_person():
    # re.IGNORECASE matches "ı" to "i", but "ırıs".casefold() is not "iris"
    matcher = PersonMatcher(FAMILY)
    assert matcher.mentions("Gesprek met IRIS en ırıs Kok") == ["Zus"]
    assert_same(matcher, ["ırıs belt", "Mırjam Oosterveld", "niets"])
