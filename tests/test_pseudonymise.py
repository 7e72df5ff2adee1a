"""Pseudonymisation: names to pseudonyms and roles, free text hidden, dates coarsened, and no
name of the demo family left in any pseudonymised export."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from functools import cache

import openpyxl
import pandas as pd
import pytest
import yaml

from reconstruct.case import CaseError, Person, load_case
from reconstruct.export import EXPORT_FORMATS, export_case
from reconstruct.ingest import ingest_case, write_result
from reconstruct.pseudonymise import (
    HIDDEN,
    Professional,
    Pseudonymiser,
    load_pseudonyms,
    name_parts,
)
from tests.conftest import DEMO


def demo_names() -> list[str]:
    """Every name of the demo family as case.yaml writes it (full names, aliases with a
    capital), each word of them (first names, surnames), and the professionals of
    pseudonyms.yaml: built here from the files, independently of the pseudonymiser."""
    persons = yaml.safe_load((DEMO / "case.yaml").read_text("utf-8"))["persons"]
    extra = yaml.safe_load((DEMO / "pseudonyms.yaml").read_text("utf-8")) or {}
    spellings = [s for p in persons for s in (p["name"], *p.get("aliases", []))]
    spellings += [s for p in extra.get("professionals") or [] for s in (p["name"], p["role"])]
    names = set()
    for s in spellings:
        words = [w for w in re.findall(r"[\w'-]+\.?", s) if w[:1].isupper() and w[-1] != "."]
        names.update(w for w in words if len(w) > 1)
    return sorted(names)


@cache
def _names_pattern() -> re.Pattern:
    names = "|".join(re.escape(n) for n in sorted(demo_names(), key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])({names})(?:['’]?s)?(?![^\W_])", re.IGNORECASE)


def leaks(text: str) -> list[str]:
    """The demo names found in `text` (whole words, any case, possessive 's allowed)."""
    return sorted({m.group(1) for m in _names_pattern().finditer(text)})


def test_demo_name_list_is_the_family():
    names = demo_names()
    for n in ("Sanne", "Veldhoen", "Jesse", "Lotte", "Milan", "Noa", "Bosma", "Dennis"):
        assert n in names
    assert "Kloosterman" in names and "Erwin" in names
    assert not {"Moeder", "Kind"} & set(names)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo case ingested into a private copy (derived/ with the report)."""
    root = tmp_path_factory.mktemp("pseud") / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("derived"))
    case = load_case(root)
    result = ingest_case(case)
    write_result(case, result)
    return case, result.events


PERSONS = [
    Person("Sanne Veldhoen", "Moeder", "moeder", aliases=("Sanne", "mw. Veldhoen", "moeder")),
    Person("Jesse Veldhoen", "Kind A", "kind", aliases=("Jesse", "Jes")),
    Person("Noa Bosma", "Kind D", "kind", aliases=("Noa",)),
    Person("Erwin Bosma", "Partner", "partner", aliases=("Erwin", "dhr. Bosma", "stiefvader")),
    Person("Dennis Kloosterman", "Vader Kind A", aliases=("vader van Jesse",)),
]
PROFESSIONALS = (
    Professional("J. de Vries", "GGZ-verpleegkundige"),
    Professional("P. Jansen", "wijkagent", aliases=("Piet Jansen",)),
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sanne Veldhoen belt", "Moeder belt"),
        ("sanne belt", "Moeder belt"),
        ("Sannes zoon", "Moeders zoon"),
        ("Noa's fiets", "Kind D's fiets"),
        ("Jesse en Jes", "Kind A en Kind A"),
        ("mw. Veldhoen, dhr. Bosma", "Moeder, Partner"),
        ("D. Kloosterman en vader van Jesse", "Vader Kind A en Vader Kind A"),
        ("Kloosterman komt", "Vader Kind A komt"),
        ("de vader van Noa", "de vader van Kind D"),  # 'vader van Jesse' only as a whole
        ("de fiets van Jesse", "de fiets van Kind A"),
        ("gezin Veldhoen", "gezin [familienaam]"),  # a surname several persons share
        ("Bosma", "[familienaam]"),
        ("stiefvader en moeder", "stiefvader en moeder"),  # roles, not names
        ("mw. De Vries belde", "GGZ-verpleegkundige belde"),
        ("mevrouw de Vries", "GGZ-verpleegkundige"),
        ("J. de Vries", "GGZ-verpleegkundige"),
        ("Piet Jansen en dhr. Jansen", "wijkagent en wijkagent"),
        ("dhr. Pietersen", "[naam]"),  # a title betrays a name nobody listed
        ("overleg met mw. Van den Berg", "overleg met [naam]"),
        ("brief van K.L. Smit", "brief van [naam]"),
        ("A.M.K. Groningen", "A.M.K. Groningen"),
        ("dossier_Veldhoen.xlsx", "dossier_[familienaam].xlsx"),
        ("Sanneke", "Sanneke"),  # another word; see the report on diminutives
        ("", ""),
        (None, None),
    ],
)
def test_text(raw, expected):
    ps = Pseudonymiser(PERSONS, PROFESSIONALS)
    assert ps.text(raw) == expected


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Sanne Veldhoen", ("Sanne", "Veldhoen", ["Veldhoen"])),
        ("J. de Vries", (None, "de Vries", ["Vries"])),
        ("mw. Veldhoen", (None, "Veldhoen", ["Veldhoen"])),
        ("Brouwer-de Haan, M.", (None, "Brouwer-de Haan", ["Brouwer", "Haan"])),
        ("Noa", (None, "Noa", ["Noa"])),
    ],
)
def test_name_parts(name, parts):
    assert name_parts(name) == parts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("op 15-05-2014 gezien", "op mei 2014 gezien"),
        ("2014-05-15", "mei 2014"),
        ("15 mei 2014", "mei 2014"),
        ("3 okt. 2011", "oktober 2011"),
        ("1-2-03", "februari 2003"),
        ("voorjaar 2010", "voorjaar 2010"),
        ("2-3 keer", "2-3 keer"),
    ],
)
def test_coarsen_text(raw, expected):
    assert Pseudonymiser([], coarsen_dates=True).text(raw) == expected


def test_events_copy_hides_text_keeps_structure(demo):
    case, events = demo
    before = events.copy(deep=True)
    out = Pseudonymiser.from_case(case).events(events)
    pd.testing.assert_frame_equal(events, before)  # the input is never modified
    assert list(out.index) == list(events.index) and out.dtypes.equals(events.dtypes)
    for col in ("event_id", "event_type", "subtype", "date_raw", "date_start", "severity"):
        pd.testing.assert_series_equal(out[col], events[col])
    released = load_pseudonyms(case).released
    hidden = out[~out["event_id"].isin(released) & events["description"].notna()]
    assert (hidden["description"] == HIDDEN).all()
    shown = out[out["event_id"] == "ev-4e1e7285f5d820b2"]["description"].iloc[0]
    assert shown == "Partner trekt in bij Moeder en de kinderen."
    record = json.loads(out.loc[hidden.index[0], "source_text"])
    assert HIDDEN in record.values()


def test_every_column_free_of_names_when_text_is_shown(demo):
    case, events = demo
    out = Pseudonymiser.from_case(case, hide_text=False).events(events)
    found = {
        (col, v): leaks(v)
        for col in out.columns
        if col != "date_raw"
        for v in out[col].dropna().astype(str).unique()
        if leaks(v)
    }
    assert not found


def test_names_in(demo):
    case, _ = demo
    ps = Pseudonymiser.from_case(case)
    assert ps.names_in("Gesprek met Sanne en dhr. Bosma") == ["dhr. bosma", "sanne"]
    assert ps.names_in(ps.text("Gesprek met Sanne en dhr. Bosma")) == []
    assert set(demo_names()) <= set(ps.names)


def test_coarsen_dates(demo):
    case, events = demo
    out = Pseudonymiser.from_case(case, coarsen_dates=True).events(events)
    day = events["date_precision"] == "day"
    assert (out.loc[day, "date_precision"] == "month").all()
    assert (out["date_start"].dropna().dt.day == 1).all()
    assert (out["date_end"].dropna() + pd.Timedelta(days=1)).dt.day.eq(1).all()
    assert not out["date_raw"].dropna().str.contains(r"\d{1,2}-\d{1,2}-\d{4}").any()
    row = events.index[events["event_id"] == "ev-4e1e7285f5d820b2"][0]
    assert (events.at[row, "date_raw"], out.at[row, "date_raw"]) == ("1 maart 2012", "maart 2012")
    ps = Pseudonymiser.from_case(case, coarsen_dates=True)
    assert {p.birth_date.day for p in ps.persons_for_figures()} == {1}
    assert {p.name for p in ps.persons_for_figures()} == {p.pseudonym for p in case.persons}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("professionals: [{name: X}]", r"pseudonyms.yaml: professionals\[1\]: .*name en role"),
        ("released: [12]", "pseudonyms.yaml: released"),
        ("professional: []", "pseudonyms.yaml: onbekende sleutel"),
        ("[1, 2]", "pseudonyms.yaml: verwacht"),
    ],
)
def test_bad_pseudonyms_file(demo_copy, content, message):
    (demo_copy / "pseudonyms.yaml").write_text(content, "utf-8")
    with pytest.raises(CaseError, match=message):
        load_pseudonyms(load_case(demo_copy))


def _export_text(path, fmt) -> str:
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(path)
        return "\n".join(
            str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    if fmt == "svg":
        return " ".join(ET.parse(path).getroot().itertext())
    if fmt == "pdf":
        if not shutil.which("pdftotext"):
            pytest.skip(
                "pdftotext (poppler-utils) ontbreekt: de tekstlaag van de PDF is niet te lezen"
            )
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    text = path.read_text("utf-8-sig")
    if fmt == "html":  # plotly.js itself is no export of the case
        a, b = text.index("<!-- plotly.js begin -->"), text.index("<!-- plotly.js end -->")
        text = text[:a] + text[b:]
    return text


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMATS if f != "png"])
def test_pseudonymised_exports_hold_no_family_name(demo, tmp_path, fmt):
    case, events = demo
    out = tmp_path / f"demo.{'md' if fmt == 'findings' else fmt}"
    result = export_case(case, out, fmt, events=events, pseudonymise=True)
    assert result.pseudonymised
    text = _export_text(out, fmt)
    assert len(text) > 1000 and "Kloosterman" not in text
    assert leaks(text) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_plain_exports_keep_names(demo, tmp_path, fmt):
    case, events = demo
    out = tmp_path / f"demo.{fmt}"
    assert not export_case(case, out, fmt, events=events).pseudonymised
    assert "Sanne" in leaks(_export_text(out, fmt))
