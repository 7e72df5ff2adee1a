"""Tests for the organisations registry: shipped data, resolving, lineage, case files, errors."""

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reconstruct.organisations import (
    SHIPPED_PATH,
    Organisation,
    OrganisationRegistry,
    RegistryError,
    Resolution,
    normalise,
)
from reconstruct.schema import DOMAINS

CASE_FILE = Path(__file__).parent / "data" / "organisations_case.yaml"


@pytest.fixture(scope="module")
def registry() -> OrganisationRegistry:
    return OrganisationRegistry.load()


@pytest.fixture(scope="module")
def case_registry() -> OrganisationRegistry:
    return OrganisationRegistry.load(CASE_FILE)


# --- normalisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A.M.K.", "amk"),
        ("  AMK  ", "amk"),
        ("Advies- en Meldpunt Kindermishandeling", "advies en meldpunt kindermishandeling"),
        ("Centrum voor Jeugd & Gezin", "centrum voor jeugd en gezin"),
        ("Stichting MEE", "mee"),
        ("De Kredietbank B.V.", "kredietbank"),
        ("Het Groene Kruis", "groene kruis"),
        ("Veilig Thuïs", "veilig thuis"),
        ("Blijf van m'n lijf huis", "blijf van mn lijf huis"),
        ("Politie Noord-Nederland", "politie noord nederland"),
        ("De", "de"),
        ("-", ""),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


# --- resolving ----------------------------------------------------------------------------------

RESOLVED = [
    # canonical names and abbreviations, any casing or dots
    ("AMK", "AMK", "exact"),
    ("amk", "AMK", "exact"),
    ("A.M.K.", "AMK", "exact"),
    ("Amk", "AMK", "exact"),
    ("BVA", "BVA", "exact"),
    ("B.V.A.", "BVA", "exact"),
    ("Veilig Thuis", "Veilig Thuis", "exact"),
    ("VEILIG THUIS", "Veilig Thuis", "exact"),
    ("Veilig Thuïs", "Veilig Thuis", "exact"),
    ("S.P.D.", "SPD", "exact"),
    ("Stichting MEE", "MEE", "exact"),
    ("G.G.D.", "GGD", "exact"),
    ("jeugd-ggz", "Jeugd-GGZ", "exact"),
    ("OGGZ", "OGGZ", "exact"),
    ("UWV", "UWV", "exact"),
    ("De Kredietbank", "Kredietbank", "exact"),
    # full names and aliases
    ("Advies- en Meldpunt Kindermishandeling", "AMK", "alias"),
    ("Advies en Meldpunt Kindermishandeling", "AMK", "alias"),
    ("ADVIES- & MELDPUNT KINDERMISHANDELING", "AMK", "alias"),
    ("Bureau Vertrouwensartsen", "BVA", "alias"),
    ("Sociaal Pedagogische Dienst", "SPD", "alias"),
    ("Sociaal-Pedagogische Dienst", "SPD", "alias"),
    ("Child Protection Board", "Raad voor de Kinderbescherming", "alias"),
    ("RvdK", "Raad voor de Kinderbescherming", "alias"),
    ("R.v.d.K.", "Raad voor de Kinderbescherming", "alias"),
    ("Gespecialiseerde Gezinsverzorging", "GGV", "alias"),
    ("Centrum voor Jeugd & Gezin", "CJG", "alias"),
    ("kinder- en jeugdpsychiatrie", "Jeugd-GGZ", "alias"),
    ("jeugdggz", "Jeugd-GGZ", "alias"),
    ("wijkagent", "Politie", "alias"),
    ("Zedenpolitie", "Politie", "alias"),
    ("Verslavingsreclassering SVG", "Verslavingsreclassering", "alias"),
    ("Reclassering Leger des Heils", "Leger des Heils Reclassering", "alias"),
    ("Exodushuis", "Exodus", "alias"),
    ("Woningbouwcorporatie", "Woningcorporatie", "alias"),
    ("school voor zmlk", "Speciaal onderwijs", "alias"),
    ("Basiszorg in de Buurt", "MJD", "alias"),
    ("budgetbeheer", "Kredietbank", "alias"),
    ("Gecertificeerde Instelling", "Jeugdbescherming (GI)", "alias"),
    ("Stichting Bureau Jeugdzorg", "Bureau Jeugdzorg", "exact"),
    ("Het Groene Kruis", "Groene Kruis", "exact"),
    ("Consultatiebureau voor Alcohol en Drugs", "CAD", "alias"),
    # known name plus a place or a local brand
    ("AMK Groningen", "AMK", "fuzzy"),
    ("Amk Groningen", "AMK", "fuzzy"),
    ("Politie Noord-Nederland", "Politie", "fuzzy"),
    ("Veilig Thuis Groningen", "Veilig Thuis", "fuzzy"),
    ("Bureau Jeugdzorg Drenthe", "Bureau Jeugdzorg", "fuzzy"),
    ("MEE Groningen", "MEE", "fuzzy"),
    ("GGD Hollands Noorden", "GGD", "fuzzy"),
    ("Huisartsenpraktijk De Vries", "Huisarts", "fuzzy"),
    ("Kredietbank Groningen B.V.", "Kredietbank", "fuzzy"),
    ("Groningse Kredietbank", "Kredietbank", "fuzzy"),
    ("Accare kinder- en jeugdpsychiatrie", "Jeugd-GGZ", "fuzzy"),
    ("Centrum voor Jeugd en Gezin Assen", "CJG", "fuzzy"),
    ("Leger des Heils Reclassering Groningen", "Leger des Heils Reclassering", "fuzzy"),
    ("Politie (zedenpolitie)", "Politie", "fuzzy"),
    # typos
    ("Veilig Thius", "Veilig Thuis", "fuzzy"),
    ("Raad voor de Kinderbeschermnig", "Raad voor de Kinderbescherming", "fuzzy"),
    ("Reclasering Nederland", "Reclassering Nederland", "fuzzy"),
    ("Consultatiebureu", "Consultatiebureau", "fuzzy"),
    ("Jeugdgezondheidzorg", "JGZ", "fuzzy"),
    ("Advies en Meldpunt Kindermishandelin", "AMK", "fuzzy"),
    ("Consultatiebureau voor Alcohol en Drugz", "CAD", "fuzzy"),
    ("Veilig Thius Groningen", "Veilig Thuis", "fuzzy"),
]


@pytest.mark.parametrize(("raw", "canonical", "method"), RESOLVED)
def test_resolve(registry, raw, canonical, method):
    result = registry.resolve(raw)
    assert (result.organisation, result.method) == (canonical, method)
    assert result.raw == raw
    organisation = registry.get(canonical)
    assert (result.domain, result.sector) == (organisation.domain, organisation.sector)
    if method == "fuzzy":
        assert result.warning.startswith(f"organisatie '{raw}' herkend als '{canonical}'")
        assert 0 < result.score <= 100
    else:
        assert result.warning is None
        assert result.score == 100


@pytest.mark.parametrize(
    "raw",
    [
        "Bakkerij Jansen",
        "Stichting Foo",
        "Lentis",
        "De Zijlen",
        "De Trans",
        "school",
        "Raad",
        "OGG",  # too short to match fuzzily
        "Martini Ziekenhuis Groningen",  # a known name in the middle is not enough
        "Vrienden van de Politie",
        "Reclassering en Lentis",
        "AMK / Bureau Jeugdzorg",
        "Huisarts en GGZ",
    ],
)
def test_unresolved_names_are_kept_and_warned(registry, raw):
    result = registry.resolve(raw)
    assert (result.organisation, result.domain, result.method) == (None, None, "unresolved")
    assert result.warning.startswith(f"organisatie '{raw}' staat niet in het register")


def test_unresolved_warning_names_each_organisation_mentioned(registry):
    warning = registry.resolve("AMK / Bureau Jeugdzorg").warning
    assert "'AMK'" in warning and "'Bureau Jeugdzorg'" in warning
    assert "Jeugdhulpaanbieder" not in warning  # 'jeugdzorg' lies inside 'bureau jeugdzorg'


def test_fuzzy_refuses_a_close_call_between_two_organisations(registry):
    result = registry.resolve("school voor zlmk")  # as near to 'zmlk' as to 'mlk'
    assert result.organisation is None
    assert "lijkt evenveel op" in result.warning


def test_warning_text(registry):
    assert registry.resolve("Amk Groningen").warning == (
        "organisatie 'Amk Groningen' herkend als 'AMK' (toevoeging 'Groningen' genegeerd)"
    )
    assert registry.resolve("Veilig Thius").warning == (
        "organisatie 'Veilig Thius' herkend als 'Veilig Thuis' (gelijkenis 92%)"
    )
    assert registry.resolve("Stichting Foo").warning == (
        "organisatie 'Stichting Foo' staat niet in het register"
    )


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan"), pd.NA, "-", "..."])
def test_empty(registry, raw):
    result = registry.resolve(raw)
    assert (result.organisation, result.method, result.warning) == (None, "empty", None)


def test_resolution_is_a_frozen_record(registry):
    result = registry.resolve("AMK")
    assert isinstance(result, Resolution)
    with pytest.raises(AttributeError):
        result.organisation = "BVA"


# --- lineage and coordinators ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        ("BVA", ["BVA", "AMK", "Veilig Thuis"]),
        ("AMK", ["BVA", "AMK", "Veilig Thuis"]),
        ("Veilig Thuis", ["BVA", "AMK", "Veilig Thuis"]),
        ("Steunpunt Huiselijk Geweld", ["Steunpunt Huiselijk Geweld", "Veilig Thuis"]),
        ("SPD", ["SPD", "MEE"]),
        ("MEE", ["SPD", "MEE"]),
        (
            "Bureau Jeugdzorg",
            ["Gezinsvoogdijinstelling", "Bureau Jeugdzorg", "Jeugdbescherming (GI)"],
        ),
        ("UWV", ["Arbeidsbureau", "CWI", "UWV"]),
        ("RIAGG", ["RIAGG", "GGZ"]),
        ("Politie", ["Politie"]),
        ("Bakkerij Jansen", []),
    ],
)
def test_lineage(registry, canonical, expected):
    assert registry.lineage(canonical) == expected


def test_coordinating(registry):
    coordinators = registry.coordinating()
    assert {"SPD", "MEE", "CJG", "Wijkteam", "Bureau Jeugdzorg", "Gezinscoach"} <= coordinators
    assert not {"AMK", "Politie", "Huisarts", "Woningcorporatie"} & coordinators


# --- the shipped registry -------------------------------------------------------------------------


def test_shipped_registry_size_and_fields(registry):
    assert len(registry) >= 45
    for organisation in registry:
        assert isinstance(organisation, Organisation)
        assert isinstance(organisation.aliases, tuple)
        assert isinstance(organisation.coordinating, bool)
        assert organisation.domain in DOMAINS, organisation.canonical
        assert organisation.sector, organisation.canonical
        assert organisation.description, organisation.canonical
        assert organisation.origin == str(SHIPPED_PATH)
        assert organisation.canonical in registry
        assert registry.get(organisation.canonical) is organisation


def test_shipped_registry_links_are_mutual(registry):
    for organisation in registry:
        lineage = registry.lineage(organisation.canonical)
        for linked in (organisation.predecessor, organisation.successor):
            assert linked is None or linked in lineage


@pytest.mark.parametrize(
    "kind",
    [
        "JGZ",
        "Consultatiebureau",
        "GGD",
        "Ziekenhuis (kinderarts)",
        "Academisch ziekenhuis",
        "Huisarts",
        "GGZ",
        "Jeugd-GGZ",
        "Verslavingszorg",
        "Ambulante forensische psychiatrie",
        "Gehandicaptenzorg",
        "Kinderdagcentrum",
        "Speciaal onderwijs",
        "Basisschool",
        "Leerplicht",
        "Algemeen maatschappelijk werk",
        "Activerende begeleiding",
        "Schuldhulpverlening",
        "Bewindvoering",
        "Exodus",
        "Verslavingsreclassering",
        "Vrouwenopvang",
        "Voedselbank",
        "Jongerenwerk",
        "Kinderopvang",
        "Peuterspeelzaal",
        "Openbaar Ministerie",
        "Rechtbank (kinderrechter)",
        "Sociale dienst",
    ],
)
def test_shipped_registry_covers_the_field(registry, kind):
    assert kind in registry


def test_shipped_registry_has_no_regional_institutions(registry):
    regional = ("groningen", "lentis", "accare", "martini", "zijlen", "amsterdam", "rotterdam")
    for organisation in registry:
        for name in (organisation.canonical, organisation.full_name, *organisation.aliases):
            assert not any(word in normalise(name or "") for word in regional), name


# --- case additions -------------------------------------------------------------------------------


def test_case_file_adds_organisations(registry, case_registry):
    assert len(case_registry) == len(registry) + 4
    hospital = case_registry.get("Ziekenhuis Noorderhaven")
    assert hospital.origin == str(CASE_FILE)
    assert hospital.domain == "gezondheid"
    assert case_registry.get("De Vuurtoren").domain == "gezin"  # label 'Gezin' accepted
    assert case_registry.lineage("GGZ Kustland") == ["RIAGG Kustland", "GGZ Kustland"]


@pytest.mark.parametrize(
    ("raw", "canonical", "method"),
    [
        ("Ziekenhuis Noorderhaven", "Ziekenhuis Noorderhaven", "exact"),
        ("ZNH", "Ziekenhuis Noorderhaven", "alias"),
        ("kinderarts Noorderhaven", "Ziekenhuis Noorderhaven", "alias"),
        ("Stichting De Vuurtoren", "De Vuurtoren", "exact"),
        ("Kustland GGZ", "GGZ Kustland", "alias"),
        ("Meldpunt Kustland", "AMK", "alias"),
        ("KDC De Zeester", "Kinderdagcentrum", "alias"),
        ("AMK", "AMK", "exact"),
    ],
)
def test_case_file_names_resolve(case_registry, raw, canonical, method):
    result = case_registry.resolve(raw)
    assert (result.organisation, result.method) == (canonical, method)


def test_case_file_extends_and_overrides(registry, case_registry):
    amk = case_registry.get("AMK")
    assert set(registry.get("AMK").aliases) < set(amk.aliases)
    assert "Meldpunt Kustland" in amk.aliases
    assert (amk.domain, amk.successor, amk.origin) == ("veiligheid", "Veilig Thuis", str(CASE_FILE))
    centre = case_registry.get("Kinderdagcentrum")
    assert (centre.domain, centre.sector) == ("gezondheid", "gehandicaptenzorg")
    assert centre.description == "In deze casus vooral dagbehandeling."
    assert case_registry.resolve("KDC").domain == "gezondheid"
    assert registry.get("Kinderdagcentrum").domain == "onderwijs"  # shipped one untouched


def test_without_case_file_a_local_hospital_is_only_a_generic_one(registry):
    result = registry.resolve("Ziekenhuis Noorderhaven")
    assert (result.organisation, result.method) == ("Ziekenhuis (kinderarts)", "fuzzy")
    assert "Noorderhaven" in result.warning


def test_missing_case_file_is_ignored(registry, tmp_path):
    loaded = OrganisationRegistry.load(tmp_path / "organisations.yaml", tmp_path / "nope.yaml")
    assert len(loaded) == len(registry)


def test_case_folder_is_accepted(case_registry, tmp_path):
    (tmp_path / "organisations.yaml").write_text(CASE_FILE.read_text(encoding="utf-8"))
    assert len(OrganisationRegistry.load(tmp_path)) == len(case_registry)


def test_empty_case_file(registry, tmp_path):
    (tmp_path / "organisations.yaml").write_text("# nog niets\n")
    assert len(OrganisationRegistry.load(tmp_path)) == len(registry)


# --- validation -----------------------------------------------------------------------------------

BASE = {"canonical": "Foo", "domain": "gezin", "sector": "welzijn"}


@pytest.mark.parametrize(
    ("entries", "fragments"),
    [
        ([BASE, {"domain": "gezin"}], ["vermelding 2", "zonder canonical", "'canonical'"]),
        ([BASE, {"canonical": "  "}], ["vermelding 2", "'canonical' ontbreekt"]),
        (["Foo"], ["vermelding 1", "'canonical' ontbreekt"]),
        ([BASE | {"domain": "sport"}], ["vermelding 1", "'Foo'", "onbekend leefgebied 'sport'"]),
        ([BASE | {"aliases": "F.O.O."}], ["vermelding 1", "'Foo'", "'aliases' moet een lijst"]),
        ([BASE | {"aliases": ["Fo", 3]}], ["vermelding 1", "'Foo'", "alias"]),
        ([BASE | {"alias": ["Fo"]}], ["vermelding 1", "'Foo'", "onbekende sleutel(s) alias"]),
        ([BASE | {"coordinating": "ja"}], ["vermelding 1", "'Foo'", "'coordinating'"]),
        (
            [BASE | {"aliases": ["Bar"]}, {"canonical": "Baz", "aliases": ["B.A.R."]}],
            ["vermelding 2", "'Baz'", "'B.A.R.'", "'Foo'"],
        ),
        ([BASE, {"canonical": "F.O.O"}, {"canonical": "Bar", "aliases": ["foo"]}], ["'Bar'"]),
        ([BASE | {"aliases": ["..."]}], ["vermelding 1", "'...'", "leeg"]),
        ([BASE | {"predecessor": "Qux"}], ["vermelding 1", "'Foo'", "voorganger 'Qux'"]),
        ([BASE | {"successor": "Qux"}], ["vermelding 1", "'Foo'", "opvolger 'Qux'"]),
        ([BASE | {"successor": "Foo"}], ["vermelding 1", "'Foo'", "opvolger 'Foo'"]),
        (
            [BASE | {"successor": "Bar"}, {"canonical": "Bar", "successor": "Foo"}],
            ["'Foo'", "kring"],
        ),
    ],
)
def test_registry_errors_name_file_entry_and_reason(entries, fragments):
    with pytest.raises(RegistryError) as caught:
        OrganisationRegistry.from_entries(entries, origin="case.yaml")
    message = str(caught.value)
    assert message.startswith("case.yaml: ")
    for fragment in fragments:
        assert fragment in message


def test_registry_error_from_a_case_file_names_the_file(tmp_path):
    path = tmp_path / "organisations.yaml"
    path.write_text(
        "organisations:\n"
        "  - canonical: Ziekenhuis Zuiderhaven\n"
        "    domain: gezondheid\n"
        "  - canonical: Wijkteam Zuid\n"
        "    aliases: [AMK]\n"
    )
    with pytest.raises(
        RegistryError, match=r"organisations\.yaml: vermelding 2 \('Wijkteam Zuid'\)"
    ):
        OrganisationRegistry.load(path)
    path.write_text("organisations: [canonical: [\n")
    with pytest.raises(RegistryError, match="geen geldige YAML"):
        OrganisationRegistry.load(path)
    path.write_text("organisations: AMK\n")
    with pytest.raises(RegistryError, match="moet een lijst"):
        OrganisationRegistry.load(path)


def test_from_entries_merges_repeated_canonical():
    registry = OrganisationRegistry.from_entries(
        [BASE | {"aliases": ["Fo"]}, {"canonical": "foo", "aliases": ["Foe"], "domain": "wonen"}]
    )
    (foo,) = list(registry)
    assert (foo.canonical, foo.aliases, foo.domain, foo.sector) == (
        "Foo",
        ("Fo", "foo", "Foe"),
        "wonen",
        "welzijn",
    )
    assert foo.origin == "<memory>"
    assert foo.coordinating is False


# --- resolve_many ---------------------------------------------------------------------------------


def test_resolve_many_keeps_index_and_order(registry):
    values = pd.Series(
        ["AMK", None, "Amk Groningen", "Bakkerij Jansen", "AMK", np.nan, "Veilig Thius"],
        index=[10, 11, 12, 13, 14, 15, 16],
    )
    frame = registry.resolve_many(values)
    assert list(frame.columns) == [
        "raw",
        "organisation",
        "domain",
        "sector",
        "method",
        "score",
        "warning",
    ]
    assert list(frame.index) == [10, 11, 12, 13, 14, 15, 16]
    assert frame["method"].tolist() == [
        "exact",
        "empty",
        "fuzzy",
        "unresolved",
        "exact",
        "empty",
        "fuzzy",
    ]
    assert frame.loc[14, "organisation"] == "AMK"
    assert frame.loc[12, "organisation"] == "AMK"
    assert frame.loc[16, "domain"] == "veiligheid"
    assert frame.loc[13, "organisation"] is None  # object columns hold None, not NaN
    assert frame.loc[10, "warning"] is None
    assert frame.loc[13, "raw"] == "Bakkerij Jansen"
    assert frame["warning"].notna().tolist() == [False, False, True, True, False, False, True]
    assert frame["score"].tolist() == [
        registry.resolve(v).score if isinstance(v, str) else 0.0 for v in values
    ]


def test_resolve_many_matches_resolve(registry):
    values = [raw for raw, _, _ in RESOLVED] + ["Bakkerij Jansen", None]
    frame = registry.resolve_many(values)
    assert list(frame.index) == list(range(len(values)))
    for position, value in enumerate(values):
        expected = registry.resolve(value)
        row = frame.iloc[position]
        assert row["method"] == expected.method
        assert (None if pd.isna(row["organisation"]) else row["organisation"]) == (
            expected.organisation
        )


def test_resolve_many_resolves_each_distinct_value_once(monkeypatch):
    registry = OrganisationRegistry.load()
    calls = []
    original = registry._resolve
    monkeypatch.setattr(registry, "_resolve", lambda raw: calls.append(raw) or original(raw))
    registry.resolve_many(["AMK", "SPD", "AMK", None, "SPD", "Foo"] * 1000)
    assert sorted(calls) == ["AMK", "Foo", "SPD"]
    registry.resolve_many(["AMK", "Foo"])
    assert len(calls) == 3  # cached


def test_resolve_many_is_fast_on_a_million_rows():
    registry = OrganisationRegistry.load()
    names = [o.canonical for o in registry] + [f"Stichting Onbekend {i}" for i in range(200)]
    rng = np.random.default_rng(1)
    values = pd.Series(np.array(names, dtype=object)[rng.integers(0, len(names), 1_000_000)])
    start = time.perf_counter()
    frame = registry.resolve_many(values)
    elapsed = time.perf_counter() - start
    assert len(frame) == 1_000_000
    assert elapsed < 3.0  # typically about 0.3 s; the bound leaves room for a busy machine
