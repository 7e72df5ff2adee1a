"""Exports of a case: Excel with Herkomst and Legenda, views, the pseudonymise default per
format, and timeline images (PNG, SVG, PDF) at projector and A3 size through kaleido."""

from __future__ import annotations

import re
import shutil
import struct
import xml.etree.ElementTree as ET

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from reconstruct import images
from reconstruct.case import load_case
from reconstruct.chapters import view_figure
from reconstruct.cli import main
from reconstruct.export import MEETING_FORMATS, export_case, read_export
from reconstruct.filters import FilterState, apply
from reconstruct.ingest import ingest_case, load_report, write_result
from reconstruct.pseudonymise import Pseudonymiser
from reconstruct.schema import DOMAIN_LABELS, EVENT_TYPE_LABELS, coerce_dtypes
from tests.browser import ARTIFACTS, chromium_path
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats") / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("derived"))
    case = load_case(root)
    result = ingest_case(case)
    write_result(case, result)
    return case, result.events


def _sheet_rows(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]


def test_xlsx_has_provenance_and_legend(demo, tmp_path):
    case, events = demo
    export_case(case, tmp_path / "e.xlsx", events=events)
    wb = openpyxl.load_workbook(tmp_path / "e.xlsx")
    assert wb.sheetnames == ["Gebeurtenissen", "Herkomst", "Legenda"]
    rows = _sheet_rows(wb["Herkomst"])
    header = rows[1]
    assert header[:6] == (
        "Bestand",
        "Lezer",
        "Profiel",
        "Rijen gelezen",
        "Rijen behouden",
        "Rijen afgewezen",
    )
    report = load_report(case)
    by_file = {r[0]: r for r in rows[2 : 2 + len(report["files"])]}
    for f in report["files"]:
        r = by_file[f["file"]]
        expected = (f["reader"], f["profile"], f["rows_read"], f["rows_kept"], f["rows_rejected"])
        assert r[1:6] == expected
    total = rows[2 + len(report["files"])]
    assert total[0] == "totaal" and total[3] == sum(f["rows_read"] for f in report["files"])
    assert total[3] == total[4] + total[5]
    rejected = [r for r in rows if r[0] == "betrokkenheid_overzicht.csv" and r[2] == 42]
    assert rejected and "veld" in rejected[0][3]
    legend = {v for r in _sheet_rows(wb["Legenda"]) for v in r if v}
    assert set(EVENT_TYPE_LABELS.values()) <= legend and set(DOMAIN_LABELS.values()) <= legend
    assert {"event_id", "date_precision", "source_text", "Gepseudonimiseerd"} <= legend
    assert "nee: bevat persoonsgegevens" in legend and "alle gebeurtenissen" in legend


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_round_trips_to_the_event_table(demo, tmp_path, fmt):
    case, events = demo
    out = tmp_path / f"e.{fmt}"
    result = export_case(case, out, events=events)
    assert not result.pseudonymised and result.events == len(events)
    pd.testing.assert_frame_equal(read_export(out), coerce_dtypes(events))


def test_view_exports_the_filtered_events(demo, tmp_path):
    case, events = demo
    view = "van=2005&tot=2012&domein=veiligheid&soort=signal"
    result = export_case(case, tmp_path / "v.xlsx", events=events, view=view)
    expected = apply(events, FilterState.from_query(view)).reset_index(drop=True)
    back = read_export(tmp_path / "v.xlsx")
    assert 0 < result.events == len(back) < len(events)
    pd.testing.assert_frame_equal(back, coerce_dtypes(expected))
    sheet = openpyxl.load_workbook(tmp_path / "v.xlsx")["Legenda"]
    legend = {v for r in _sheet_rows(sheet) for v in r}
    assert view in legend


@pytest.mark.parametrize(
    ("args", "pseudonymised", "said"),
    [
        ([], False, "Niet gepseudonimiseerd (standaard voor dit formaat)"),
        (["--pseudonymise"], True, "Gepseudonimiseerd: namen vervangen door rollen"),
        (["--no-pseudonymise"], False, "Niet gepseudonimiseerd: de export bevat"),
        (["--pseudonymise", "--coarsen-dates"], True, "Gepseudonimiseerd"),
    ],
)
def test_cli_says_which_was_used(demo, tmp_path, capsys, args, pseudonymised, said):
    case, _ = demo
    out = tmp_path / "e.csv"
    assert main(["export", str(case.root), "--out", str(out), *args]) == 0
    printed = capsys.readouterr().out
    assert said in printed and "gebeurtenissen" in printed
    text = out.read_text("utf-8-sig")
    assert ("Sanne" in text) is not pseudonymised
    if "--coarsen-dates" in args:
        assert "1 maart 2012" not in text and "maart 2012" in text


def test_cli_rejects_a_bad_view(demo, tmp_path, capsys):
    case, _ = demo
    code = main(["export", str(case.root), "--out", str(tmp_path / "e.csv"), "--view", "x=1"])
    assert code == 2
    assert "--view: onbekende of ongeldige filter(s) x" in capsys.readouterr().err


def test_cli_without_browser_says_why(demo, tmp_path, capsys, monkeypatch):
    case, _ = demo
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "geen-chromium"))
    assert main(["export", str(case.root), "--out", str(tmp_path / "t.png")]) == 1
    assert "geen Chromium gevonden" in capsys.readouterr().err
    assert not (tmp_path / "t.png").exists()


def test_meeting_formats_are_pseudonymised_by_default():
    assert set(MEETING_FORMATS) == {"html", "png", "svg", "pdf", "findings"}


@pytest.fixture(scope="module")
def rendered(demo, tmp_path_factory):
    """The demo timeline (pseudonymised) in every image format at both sizes, one browser."""
    chromium_path()  # a clear failure when Chromium is missing
    case, events = demo
    fig = view_figure(case, events, FilterState(), Pseudonymiser.from_case(case))
    folder = tmp_path_factory.mktemp("images")
    with images.session():
        paths = {
            (size, fmt): images.write_image(fig, folder / f"tijdlijn-{size}.{fmt}", size)
            for size in images.SIZES
            for fmt in images.IMAGE_FORMATS
        }
    ARTIFACTS.mkdir(exist_ok=True)
    for size in images.SIZES:
        shutil.copy(paths[size, "png"], ARTIFACTS / f"export-tijdlijn-{size}.png")
    return paths


def _png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def _pdf_page(path) -> tuple[float, float]:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) == 1, "one page"
    return float(boxes[0][0]), float(boxes[0][1])


@pytest.mark.parametrize(
    ("size", "png", "svg", "pdf_pt"),
    [
        ("projector", (1920, 1080), (1920, 1080), (1440, 810)),  # 1920 x 1080 px at 96 dpi
        ("a3", (4961, 3508), (1587.52, 1122.56), (1190.55, 841.89)),  # 420 x 297 mm
    ],
)
def test_image_sizes(rendered, size, png, svg, pdf_pt):
    assert _png_size(rendered[size, "png"]) == png
    root = ET.parse(rendered[size, "svg"]).getroot()
    assert (float(root.get("width")), float(root.get("height"))) == pytest.approx(svg, abs=0.5)
    assert "Kind A geboren" in " ".join(root.itertext())
    assert _pdf_page(rendered[size, "pdf"]) == pytest.approx(pdf_pt, abs=1.0)


def test_images_are_vector_where_they_can_be(rendered):
    svg = rendered["projector", "svg"].read_text("utf-8")
    assert "<image" not in svg  # markers drawn as SVG, not a WebGL bitmap
    assert svg.count('class="point"') > 100


@pytest.mark.parametrize(("fmt", "size"), [("gif", "projector"), ("png", "a4")])
def test_unknown_format_or_size(fmt, size):
    with pytest.raises(ValueError, match="onbekend"):
        images.render(go.Figure(), fmt, size)
