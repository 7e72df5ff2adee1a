"""Case folders: case.yaml validation, init, and names as written -> pseudonyms."""

from __future__ import annotations

import pytest

from reconstruct.case import CaseError, Person, PersonMatcher, init_case, load_case

MATCHER = PersonMatcher(
    [
        Person("Marieke Brouwer-de Haan", "Moeder", aliases=("Brouwer-de Haan, M.", "Marieke")),
        Person("Ronald Brouwer", "Vader", aliases=("Brouwer, R.", "Ronald")),
        Person("Jesse Brouwer", "Kind A", aliases=("Jesse",)),
    ]
)


@pytest.mark.parametrize(
    ("cell", "found", "unknown"),
    [
        ("Marieke", ["Moeder"], []),
        ("Brouwer-de Haan, M.", ["Moeder"], []),
        ("Brouwer, R. / Brouwer-de Haan, M.", ["Vader", "Moeder"], []),
        ("Brouwer, R., Brouwer-de Haan, M.", ["Vader", "Moeder"], []),
        ("Marieke, Jesse en Ronald", ["Moeder", "Kind A", "Vader"], []),
        ("Jesse; oma Tineke", ["Kind A"], ["oma Tineke"]),
        (["Jesse", "Ronald"], ["Kind A", "Vader"], []),
        ("moeder", ["Moeder"], []),  # the pseudonym itself is a spelling too
        ("Jesse & Jesse", ["Kind A"], []),
        ("", [], []),
        (None, [], []),
    ],
)
def test_person_cells(cell, found, unknown):
    assert MATCHER.split(cell) == (found, unknown)


def test_mentions_in_free_text_respect_word_boundaries():
    text = "Marieke vertelt dat Jesse gevallen is. Jessica (buurvrouw) zag het."
    assert MATCHER.mentions(text) == ["Moeder", "Kind A"]
    assert MATCHER.mentions(None) == []


def test_init_creates_layout_and_refuses_to_overwrite(tmp_path):
    case = init_case(tmp_path / "c", "Gezin X")
    assert case.name == "Gezin X"
    for sub in ("sources", "profiles", "derived"):
        assert (tmp_path / "c" / sub).is_dir()
    with pytest.raises(CaseError, match="al een casus"):
        init_case(tmp_path / "c")


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("persons: [{name: A}]", r"persons\[1\]: elke persoon heeft een name en een pseudonym"),
        ("persons: [{name: A, pseudonym: X}, {name: B, pseudonym: X}]", "komt twee keer voor"),
        ("persons: [{name: A, pseudonym: X, birth_date: gisteren}]", "birth_date.*geen datum"),
        ("period: {start: 2001-13-01}", "ongeldige YAML.*month"),
        ("name: [unclosed", "ongeldige YAML"),
    ],
)
def test_case_yaml_errors_name_file_and_key(tmp_path, yaml_text, message):
    (tmp_path / "case.yaml").write_text(yaml_text, "utf-8")
    with pytest.raises(CaseError, match=message) as err:
        load_case(tmp_path)
    assert "case.yaml" in str(err.value)


def test_missing_case_yaml(tmp_path):
    with pytest.raises(CaseError, match="geen case.yaml"):
        load_case(tmp_path)
