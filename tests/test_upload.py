"""Uploading extracts (reconstruct.upload, upload_checks, upload_import, upload_wizard): safe
names, size limits, every kind of bad file refused with a Dutch message and nothing stored,
profiles found by file name or header, the wizard's profile reused, re-imports that keep the
inspector's work, and all-or-nothing imports. Callbacks of the page are called as functions."""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reconstruct.case import load_case
from reconstruct.ingest import ingest_case, write_result
from reconstruct.store import open_store
from reconstruct.upload import (
    READY,
    REFUSED,
    WIZARD,
    UploadError,
    decode_content,
    inspect_upload,
    match_by_header,
    pending_upload,
    sanitise_filename,
    unique_name,
)
from reconstruct.upload_import import import_uploads, job_status, start_job, upload_work, wait
from reconstruct.upload_wizard import (
    initial_form,
    mapped_preview,
    plan_profile,
    profile_from_form,
)
from tests.conftest import DATA

WIJKTEAM = DATA / "uploads" / "wijkteam_noord_export.csv"
JGZ = "jgz_contactmomenten.csv"


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("sent", "safe"),
    [
        ("jgz_contactmomenten.csv", "jgz_contactmomenten.csv"),
        ("JGZ export 2020.CSV", "JGZ_export_2020.csv"),
        ("C:\\Users\\inspecteur\\Bureaublad\\export.xlsx", "export.xlsx"),
        ("../../etc/passwd.csv", "passwd.csv"),
        ("map/submap/Café ‘Noord’ (2).tsv", "Cafe_Noord_2.tsv"),
        (".verborgen.csv", "verborgen.csv"),
        ("regel\nbreuk\x00\x1b.csv", "regelbreuk.csv"),
        ("CON.csv", "bestand_CON.csv"),
        ("....csv", "bestand.csv"),
        ("Гость.json", "bestand.json"),
        ("a" * 300 + ".xlsx", "a" * 95 + ".xlsx"),
        ("zonder extensie", "zonder_extensie"),
        ("rapport.tar.gz", "rapport.tar.gz"),
        ("spaties   en---streepjes__.csv", "spaties_en-streepjes.csv"),
    ],
)
def test_sanitise_filename(sent, safe):
    assert sanitise_filename(sent) == safe


def test_unique_name_ignores_case():
    assert unique_name("a.csv", ["b.csv"]) == "a.csv"
    assert unique_name("a.csv", ["A.CSV"]) == "a-2.csv"
    assert unique_name("a.csv", ["a.csv", "a-2.csv"]) == "a-3.csv"
    assert unique_name("zonder", ["zonder"]) == "zonder-2"


def test_decode_content_checks_the_size_before_decoding():
    data = b"Datum;Omschrijving\n1-1-2010;tekst\n"
    content = "data:text/csv;base64," + base64.b64encode(data).decode()
    assert decode_content("a.csv", content) == data
    with pytest.raises(UploadError, match=r"a.csv: het bestand is 0 MB; de grens is 0 MB"):
        decode_content("a.csv", content, limit=10)
    # Too large is refused from the length alone: this is not even valid base64.
    with pytest.raises(UploadError, match="grens is 50 MB"):
        decode_content("groot.csv", "data:text/csv;base64," + "!" * (70 * 2**20))
    with pytest.raises(UploadError, match="onvolledig"):
        decode_content("a.csv", "data:text/csv;base64,abc!")


# --------------------------------------------------------------------------- bad uploads


@pytest.fixture
def case(demo_copy):
    case = load_case(demo_copy)
    assert write_result(case, ingest_case(case), user="importeur")
    return case


@pytest.fixture
def store(case):
    with open_store(case) as s:
        yield s


def _folder(path: Path) -> dict[str, str]:
    if not path.is_dir():
        return {}
    return {
        p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def _state(case, store) -> dict:
    """Everything an upload must leave alone: the store, sources/, profiles/, derived/."""
    events = store.events()
    return {
        "revision": store.revision(),
        "events": events["event_id"].tolist(),
        "edits": events.to_json(date_format="iso"),
        "sources": _folder(case.sources_dir),
        "profiles": _folder(case.profiles_dir),
        "derived": _folder(case.derived_dir),
    }


def _xlsx(rows, sheet="Blad1") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _declared_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with `member`'s uncompressed size forged in its local and central headers."""
    raw = bytearray(data)
    name = member.encode()
    local = raw.find(b"PK\x03\x04")
    while local != -1:
        n = struct.unpack_from("<H", raw, local + 26)[0]
        if raw[local + 30 : local + 30 + n] == name:
            struct.pack_into("<I", raw, local + 22, size)
        local = raw.find(b"PK\x03\x04", local + 4)
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        n = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46 : central + 46 + n] == name:
            struct.pack_into("<I", raw, central + 24, size)
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def _zip_bomb() -> bytes:
    """A workbook-shaped zip whose sheet says it unpacks to 4 GB (the bytes inside are few)."""
    members = {
        "[Content_Types].xml": b"<?xml version='1.0'?><Types/>",
        "xl/workbook.xml": b"<?xml version='1.0'?><workbook/>",
        "xl/worksheets/sheet1.xml": b"<sheetData>" + b"<row/>" * 1000 + b"</sheetData>",
    }
    return _declared_size(_zip(members), "xl/worksheets/sheet1.xml", 4 * 2**30 - 1)


def _zeros_bomb() -> bytes:
    """A real high-ratio member: 20 MB of the same byte compresses a thousandfold."""
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b" " * (20 * 2**20),
        }
    )


def _cp1252_with_accent() -> bytes:
    return (
        "Instelling,Begindatum,Einddatum,Betreft,Toelichting\nCJG,2010,,Jesse,Coördinatie\n".encode(
            "cp1252"
        )
    )


BAD = [
    ("leeg.csv", lambda: b"", "leeg.csv: het bestand is leeg (0 bytes)"),
    ("groot.csv", lambda: b"a" * (200 * 2**20), "groot.csv: het bestand is 200 MB; de grens is 50"),
    ("kapot.xlsx", lambda: b"PK\x03\x04" + bytes(200), "kapot.xlsx: beschadigde Excel-werkmap"),
    (
        "afgekapt.xlsx",
        lambda: _xlsx([["Datum", "Omschrijving"], ["1-1-2010", "x"]])[:-300],
        "afgekapt.xlsx: beschadigde Excel-werkmap",
    ),
    ("zipbom.xlsx", _zip_bomb, "zipbom.xlsx: de werkmap zou uitgepakt 4.096 MB worden"),
    ("nullen.xlsx", _zeros_bomb, "nullen.xlsx: onderdeel xl/worksheets/sheet1.xml pakt"),
    (
        "entiteiten.xlsx",
        lambda: _zip(
            {
                "[Content_Types].xml": b"<Types/>",
                "xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]>',
            }
        ),
        "entiteiten.xlsx: onderdeel xl/workbook.xml bevat een DOCTYPE",
    ),
    ("tekst.xlsx", lambda: b"Datum;Omschrijving\n", "tekst.xlsx: geen geldige Excel-werkmap; het"),
    ("geen_werkmap.xlsx", lambda: _zip({"a.txt": b"x"}), "geen Excel-werkmap (xl/workbook.xml"),
    ("oud.xls", lambda: b"\xd0\xcf\x11\xe0" + bytes(100), "oud.xls: oude Excel-indeling (.xls)"),
    ("programma.exe", lambda: b"MZ" + bytes(100), "programma.exe: bestanden met extensie '.exe'"),
    ("binair.csv", lambda: bytes(range(256)) * 4, "binair.csv, regel 1: bevat NUL-bytes"),
    ("foto.csv", lambda: b"\x89PNG\r\n\x1a\n" + bytes(50), "foto.csv: geen tekstbestand maar een"),
    ("werkmap.csv", lambda: _xlsx([["a", "b"]]), "werkmap.csv: geen tekstbestand maar een ZIP"),
    (
        "utf16.csv",
        lambda: "Datum;Omschrijving\n1-1-2010;x\n".encode("utf-16-le"),
        "utf16.csv, regel 1: bevat NUL-bytes: een binair bestand of UTF-16 zonder BOM",
    ),
    (
        "stuurteken.csv",
        lambda: b"Datum;Omschrijving\n1-1-2010;caf\x81\n",
        "stuurteken.csv, regel 2: bevat een stuurteken (U+0081): verkeerde codering",
    ),
    (
        # betrokkenheid_*.csv has a profile that says UTF-8; this one is Windows-1252.
        "betrokkenheid_2020.csv",
        _cp1252_with_accent,
        "betrokkenheid_2020.csv, regel 2: geen geldige utf-8-tekst (byte 0xF6)",
    ),
    (
        # jgz_*.csv has a profile that says cp1252; this one is UTF-8.
        "jgz_2020.csv",
        lambda: (
            "Datum contact;Soort contact;Betreft;Verslag\n1-1-2010;Consult;Jesse;Coördinatie\n"
            "".encode()
        ),
        "jgz_2020.csv, regel 2: het bestand is UTF-8 ('ö'), maar het profiel zegt cp1252",
    ),
    (
        "kapot.json",
        lambda: b'[{"datum": "2010-01-01", "tekst": "x"',
        "kapot.json, regel 1: ongeldige JSON",
    ),
    ("alleen_kop.csv", lambda: b"Datum;Omschrijving\n", "alleen_kop.csv: geen gegevensrijen"),
]


@pytest.fixture(scope="module")
def shared_case(tmp_path_factory):
    """One ingested demo copy for the bad uploads: each test checks it stays as it was."""
    import shutil

    from tests.conftest import DEMO

    root = tmp_path_factory.mktemp("bad") / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("derived"))
    case = load_case(root)
    assert write_result(case, ingest_case(case), user="importeur")
    with open_store(case) as s:
        yield case, s


@pytest.mark.parametrize(("name", "make", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_upload_is_refused_and_changes_nothing(shared_case, name, make, message):
    case, store = shared_case
    before = _state(case, store)
    up = inspect_upload(case, name, make())
    assert up.status == REFUSED
    assert message in up.message, up.message
    assert up.token is None
    assert _state(case, store) == before
    assert not any((case.root / ".uploads").glob("*/*"))  # nothing staged either


# --------------------------------------------------------------------------- profiles


def test_profile_found_by_file_name_and_by_header(case):
    data = (case.sources_dir / JGZ).read_bytes()
    same = inspect_upload(case, JGZ, data)
    assert (same.status, same.matched_by, same.profile) == (READY, "bestandsnaam", "jgz.yaml")
    assert same.replaces == JGZ and same.target == JGZ
    other = inspect_upload(case, "export consultatiebureau.csv", data)
    assert (other.status, other.matched_by, other.profile) == (READY, "kolomkoppen", "jgz.yaml")
    assert other.target == JGZ  # the new version of the one file that profile reads
    kept = inspect_upload(case, "export consultatiebureau.csv", data, replace=False)
    assert kept.target == "export_consultatiebureau.csv" and kept.replaces is None
    assert kept.add_match  # the profile will be told to read this name too


def test_journals_are_never_matched_by_their_fixed_columns(case):
    from reconstruct.profiles import load_profiles

    profiles = load_profiles(case.profiles_dir)
    assert match_by_header(["datum", "tekst"], "journal", profiles) == []
    up = inspect_upload(case, "notities_wijkteam.txt", b"12-03-2015: Huisbezoek.\n")
    assert up.status == WIZARD and "organisatie" in up.message


def test_headers_recognised_with_an_organisation_column_are_ready(case):
    up = inspect_upload(case, "schuldhulp.csv", b"Datum;Organisatie;Omschrijving\n1-2-2010;GGD;x\n")
    assert (up.status, up.matched_by) == (READY, "kolomkoppen herkend")


# --------------------------------------------------------------------------- the wizard


def _wizard_form(case, up):
    form = initial_form(case, up)
    assert form["date"] == "Registratiedag" and form["description"] == ["Verslaglegging"]
    assert form["event_type"] == "Code activiteit" and form["header_row"] == 1
    assert form["encoding"] == "cp1252" and form["separator"] == ";"
    form["organisation_fixed"] = "Wijkteam Noord"
    form["domain"] = "gezin"
    form["persons"] = "Wie"
    form["type_map"] = [
        {"HB": "contact", "NV": "care_avoidance", "OV": "consultation", "ZS": "signal"}[v]
        for v in form["type_values"]
    ]
    form["subtype_map"] = [{"NV": "no_show"}.get(v, "") for v in form["type_values"]]
    return form


def test_wizard_saves_a_profile_that_the_next_extract_reuses(case, store):
    data = WIJKTEAM.read_bytes()
    up = inspect_upload(case, "Wijkteam Noord export.csv", data)
    assert up.status == WIZARD
    assert "geen kolom voor datum, organisatie, omschrijving" in up.message
    form = _wizard_form(case, up)
    events, summary = mapped_preview(case, up, form)
    assert summary["events"] == 9 and summary["rejected"] == 1
    assert summary["precision"] == {"day": 5, "month": 1, "season": 1, "year": 1, "unknown": 1}
    assert set(events["event_type"]) == {"contact", "care_avoidance", "consultation", "signal"}
    assert (events["domain"] == "gezin").all()

    planned, file_name, text = plan_profile(case, up, form, replace=True)
    assert file_name == "wijkteam_noord_export.yaml"
    outcome = import_uploads(case, store, [planned], user="anna", new_profiles={file_name: text})
    assert outcome.ok, outcome.message
    assert outcome.files[0]["new"] == 9 and outcome.files[0]["rows_rejected"] == 1
    assert outcome.rejected == [
        {"file": "Wijkteam_Noord_export.csv", "sheet": None, "row": 6, "reason": "lege rij"}
    ]
    saved = (case.profiles_dir / file_name).read_text("utf-8")
    assert "header:" in saved and "Registratiedag" in saved and "ZS: signal" in saved
    assert len(store.events()) == 426 + 9
    assert not any((case.root / ".uploads").iterdir())

    # Edit an event of the new source; the next extract (another name, one row changed)
    # is recognised by its header, replaces the file and keeps the edit.
    ev = store.events()
    mine = ev[ev["source_file"] == "Wijkteam_Noord_export.csv"].sort_values("source_row")
    kept_id, gone_id = mine["event_id"].iloc[1], mine["event_id"].iloc[0]
    store.edit(kept_id, {"severity": 2}, user="anna", expect_version=0)
    store.tag(gone_id, "nagaan", user="anna")
    changed = data.replace(b"Eerste huisbezoek wijkteam", b"Eerste bezoek wijkteam")
    nxt = inspect_upload(case, "wijkteam juni 2017.csv", changed)
    assert (nxt.status, nxt.matched_by, nxt.profile) == (READY, "kolomkoppen", file_name)
    assert nxt.target == nxt.replaces == "Wijkteam_Noord_export.csv"
    outcome = import_uploads(case, store, [nxt], user="anna")
    assert outcome.ok, outcome.message
    assert (outcome.files[0]["new"], outcome.files[0]["kept"], outcome.files[0]["gone"]) == (
        1,
        8,
        1,
    )
    after = store.events().set_index("event_id")
    assert after.loc[kept_id, "severity"] == 2
    assert [v["event_id"] for v in outcome.vanished] == [gone_id]


def test_profile_from_form_refuses_what_cannot_be_used(case):
    from reconstruct.profiles import ProfileError

    up = inspect_upload(case, "wijkteam.csv", WIJKTEAM.read_bytes())
    form = _wizard_form(case, up)
    columns = up.columns
    with pytest.raises(ProfileError, match="naam van de organisatie"):
        profile_from_form({**form, "organisation_fixed": " "}, up, columns)
    with pytest.raises(ProfileError, match="datumkolom of een omschrijving"):
        profile_from_form({**form, "date": None, "description": []}, up, columns)
    with pytest.raises(ProfileError, match="geef het profiel een naam"):
        profile_from_form({**form, "name": ""}, up, columns)
    with pytest.raises(ProfileError, match="bronsleutel 'jgz' is al in gebruik"):
        plan_profile(case, up, {**form, "source": "jgz"}, replace=True)


# --------------------------------------------------------------------------- re-import


def _changed_jgz(case) -> bytes:
    lines = (case.sources_dir / JGZ).read_bytes().decode("cp1252").split("\n")
    assert "Consult 2 maanden" in lines[2]
    lines[2] = lines[2].replace("Consult 2 maanden", "Consult op 2 maanden")
    del lines[3]
    return "\n".join(lines).encode("cp1252")


def test_reupload_of_a_changed_extract_keeps_the_work(case, store):
    ev = store.events()
    jgz = ev[ev["source_file"] == JGZ].set_index("source_row")["event_id"]
    changed, gone, kept = jgz[3], jgz[4], jgz[6]
    for eid in (changed, gone, kept):
        store.edit(eid, {"severity": 3}, user="anna", expect_version=0)
        store.annotate(eid, "nagaan bij de JGZ", user="anna")
    new = _changed_jgz(case)
    up = inspect_upload(case, "JGZ contactmomenten (nieuw).csv", new)
    assert up.status == READY and up.replaces == JGZ
    outcome = import_uploads(case, store, [up], user="anna")
    assert outcome.ok, outcome.message
    f = outcome.files[0]
    assert (f["new"], f["gone"], f["kept"]) == (1, 2, len(jgz) - 2)
    after = store.events().set_index("event_id")
    assert after.loc[kept, "severity"] == 3
    assert {v["event_id"] for v in outcome.vanished} == {changed, gone}
    assert {v["event_id"] for v in store.unresolved()} == {changed, gone}
    assert (case.sources_dir / JGZ).read_bytes() == new


# --------------------------------------------------------------------------- atomic


def test_a_failing_import_leaves_everything_as_it_was(case, store, monkeypatch):
    up = inspect_upload(case, JGZ, _changed_jgz(case))
    planned_up = inspect_upload(case, "wijkteam.csv", WIJKTEAM.read_bytes())
    planned, file_name, text = plan_profile(case, planned_up, _wizard_form(case, planned_up), True)
    before = _state(case, store)

    def refuse(*_a, **_k):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(store, "import_result", refuse)
    outcome = import_uploads(
        case, store, [up, planned], user="anna", new_profiles={file_name: text}
    )
    assert not outcome.ok
    assert outcome.message == "Niets ingelezen of veranderd: RuntimeError: schijf vol"
    assert _state(case, store) == before
    # The uploads are still staged, so the inspector can try again.
    assert (case.root / ".uploads" / up.token).is_dir()


def test_paths_from_outside_are_never_used(case, store):
    with pytest.raises(UploadError, match="onbekende upload"):
        pending_upload(case, "../../sources")
    up = inspect_upload(case, JGZ, _changed_jgz(case))
    before = _state(case, store)
    for target in ("../case.yaml", "/etc/passwd", ".verborgen.csv", "a/../../b.csv"):
        up.target = target
        outcome = import_uploads(case, store, [up], user="anna")
        assert not outcome.ok and "ongeldige bestandsnaam" in outcome.message
    assert _state(case, store) == before


def test_an_import_refused_by_the_access_list_changes_nothing(case, store):
    store.add_user("beheerder", "geheim-wachtwoord", "admin", user="beheerder")
    up = inspect_upload(case, JGZ, _changed_jgz(case))
    before = _state(case, store)
    outcome = import_uploads(case, store, [up], user="gast")
    assert not outcome.ok and "'gast' staat niet op de toegangslijst" in outcome.message
    assert _state(case, store) == before


def test_a_known_name_with_changed_columns_goes_to_the_wizard(case):
    up = inspect_upload(case, "oggz_meldingen_2.xlsx", _xlsx([["Datum", "Tekst"], ["1-1-10", "x"]]))
    # oggz_*.xlsx has a profile (sheet "Meldingen", column Soort...): the columns changed.
    assert up.status == WIZARD and "past bij profiel oggz.yaml" in up.message


# --------------------------------------------------------------------------- jobs and pages


def test_upload_work_reports_progress_and_results(case, store):
    files = [
        ("leeg.csv", b""),
        ("wijkteam.csv", WIJKTEAM.read_bytes()),
        ("kredietbank_2.csv", b"Datum;Organisatie;Omschrijving\n2-3-2012;Kredietbank;Plan\n"),
    ]
    job = start_job(upload_work(case, store, files, user="anna"))
    status = wait(job)
    assert status["progress"]["done"] and status["progress"]["files"] == 3
    assert status["progress"]["rows"] == 10 + 1
    result = status["result"]
    assert [u["status"] for u in result["uploads"]] == [REFUSED, WIZARD, READY]
    assert result["outcome"]["ok"] and result["outcome"]["files"][0]["new"] == 1
    assert job_status("onbekend") is None


@pytest.fixture
def app(case):
    from app import create_app

    return create_app(case.root)


def test_callbacks_upload_poll_and_wizard(app, case):
    from reconstruct import app_state
    from reconstruct.pages.upload_panel import poll, start_upload
    from reconstruct.pages.wizard import preview, save
    from reconstruct.pages.wizard_layout import FIELDS

    content = "data:text/csv;base64," + base64.b64encode(WIJKTEAM.read_bytes()).decode()
    data = {
        "files": [{"name": "wijkteam.csv", "content": content}],
        "refused": [{"name": "groot.xlsx", "size": 200 * 2**20}],
    }
    job, disabled, _bar, _results, emptied = start_upload(data, ["replace"])
    assert disabled is False and emptied is None
    wait(job["id"])
    _bar, disabled, results, pending = poll(1, job)
    assert disabled is True
    text = str(results)
    assert "groot.xlsx: het bestand is 200 MB; de grens is 50 MB" in text
    assert "Kolommen koppelen" in text
    (item,) = pending
    assert item["name"] == "wijkteam.csv"

    up = pending_upload(case, item["token"])
    assert up.to_dict() == item
    form = _wizard_form(case, up)
    values = [form[key] for key, _id in FIELDS]
    maps = (form["type_values"], form["type_map"], form["subtype_map"])
    wizard_store = {"token": up.token}
    grid, summary, yaml_text = preview(*values, *maps, wizard_store)
    assert summary.startswith("Uit 9 rijen: 9 gebeurtenissen, 8 met een datum")
    assert "Wijkteam Noord" in yaml_text
    before = len(app_state.events())
    job, disabled, message, panel, _results = save(1, *values, *maps, wizard_store, ["replace"])
    assert panel == [] and message == "Profiel wijkteam.yaml wordt opgeslagen…"
    wait(job["id"])
    _bar, _disabled, results, pending = poll(2, job)
    assert "9 nieuwe gebeurtenissen" in str(results) and pending == []
    assert len(app_state.events()) == before + 9


def test_wizard_on_a_workbook_with_title_rows(case, store):
    import datetime as dt

    rows = [
        ["Export activiteiten Jeugdteam Oost"],
        [],
        ["Moment", "Handeling", "Toelichting medewerker", "Kind"],
        [dt.datetime(2012, 3, 4), "Gesprek", "Gesprek met moeder over de weekenden.", "Lotte"],
        [dt.datetime(2012, 5, 9), "Afgezegd", "Moeder zegt de afspraak af.", "Lotte"],
        ["zomer 2013", "Gesprek", "Huisbezoek, kinderen niet thuis.", "Milan"],
    ]
    up = inspect_upload(case, "jeugdteam oost.xlsx", _xlsx(rows, sheet="Activiteiten"))
    assert up.status == WIZARD and up.reader == "xlsx" and up.rows == 3
    form = initial_form(case, up)
    assert form["sheets"] == ["Activiteiten"] and form["header_row"] == ""
    form.update(
        date="Moment",
        description=["Handeling", "Toelichting medewerker"],
        persons="Kind",
        organisation_fixed="Jeugdteam Oost",
        domain="gezin",
    )
    events, summary = mapped_preview(case, up, form)
    assert summary["precision"] == {"day": 2, "season": 1}
    assert events["persons"].tolist() == ["Kind B; Moeder", "Kind B; Moeder", "Kind C"]
    assert events["description"].iloc[1] == "Afgezegd — Moeder zegt de afspraak af."
    planned, file_name, text = plan_profile(case, up, form, replace=True)
    assert "sheets:\n  - Activiteiten" in text and "format: xlsx" in text
    outcome = import_uploads(case, store, [planned], user="anna", new_profiles={file_name: text})
    assert outcome.ok and outcome.files[0]["new"] == 3


def test_a_second_file_of_a_known_source_is_added_to_its_profile(case, store):
    lines = (case.sources_dir / JGZ).read_bytes().decode("cp1252").split("\n")
    extra = [lines[0], "02-02-2019;Huisbezoek;Noa;wijkverpleegkundige;Noa slaapt slecht."]
    data = "\n".join(extra).encode("cp1252")
    up = inspect_upload(case, "export consultatiebureau 2019.csv", data, replace=False)
    assert (up.status, up.matched_by, up.add_match) == (READY, "kolomkoppen", True)
    outcome = import_uploads(case, store, [up], user="anna")
    assert outcome.ok, outcome.message
    assert outcome.files[0]["new"] == 1 and (case.sources_dir / JGZ).exists()
    text = (case.profiles_dir / "jgz.yaml").read_text("utf-8")
    assert text.startswith("# JGZ (consultatiebureau en GGD)")  # its comments kept
    assert "export_consultatiebureau_2019.csv" in text and "jgz_*.csv" in text
