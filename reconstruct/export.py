"""Exporting a case: the event table as CSV, Excel or JSON; the timeline as HTML, PNG, SVG, PDF.

CSV and Excel cells that start with = + - @ (or a tab or carriage return) are prefixed with an
apostrophe so a spreadsheet shows them as text instead of running them as formulas;
`read_export` undoes exactly that, so an export round-trips. Excel also gets a sheet
"Herkomst" (per source file what was read, kept and rejected) and a "Legenda" (the columns,
event types, domains and date precisions in Dutch). `export_case` does every export of a case:
the whole table or a view (the app's URL query), pseudonymised or not; the formats for
meetings (html, png, svg, pdf) are pseudonymised unless the inspector says otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl.styles import Font

from reconstruct.case import Case
from reconstruct.schema import (
    COLUMNS,
    DATE_PRECISIONS,
    DOMAIN_LABELS,
    EVENT_TYPE_LABELS,
    NUMERIC_COLUMNS,
    coerce_dtypes,
)

FORMATS = ("csv", "xlsx", "json")
"""Formats of the event table itself (`export_events`)."""
MEETING_FORMATS = ("html", "png", "svg", "pdf", "findings")
"""Formats for meetings: pseudonymised unless asked otherwise. `findings` is the findings
summary per theme of the toetsingskader, as Markdown or HTML (by the suffix of the file)."""
EXPORT_FORMATS = FORMATS + MEETING_FORMATS
FINDINGS_SUFFIXES = ("md", "html")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ";"
"""Dutch Excel opens semicolon-separated UTF-8 (with BOM) files directly."""


def neutralise(value):
    """'=SOM(A1)' -> "'=SOM(A1)"; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def restore(value):
    """Undo `neutralise`."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value[1:2]
        and (value[1:].startswith(FORMULA_START))
    ):
        return value[1:]
    return value


def _text_columns(events: pd.DataFrame) -> list[str]:
    return [c for c in events.columns if c not in NUMERIC_COLUMNS]


def _for_sheet(events: pd.DataFrame) -> pd.DataFrame:
    out = events.copy()
    for c in _text_columns(out):
        out[c] = out[c].map(neutralise).astype(object)
    return out


def export_events(
    events: pd.DataFrame,
    path: Path | str,
    fmt: str | None = None,
    *,
    report: dict | None = None,
    about: dict[str, str] | None = None,
) -> Path:
    """Write `events` to `path` as csv, xlsx or json (from the suffix when fmt is None).

    Excel only: `report` (the ingest report) fills the sheet "Herkomst"; `about` (label ->
    value: case, view, pseudonymised...) heads the sheet "Legenda"."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"onbekend exportformaat '{fmt}' (kies {', '.join(FORMATS)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        out = _for_sheet(events)
        for c in ("date_start", "date_end"):
            out[c] = _iso(out[c])
        out.to_csv(path, sep=CSV_SEPARATOR, index=False, encoding="utf-8-sig")
    elif fmt == "xlsx":
        _write_xlsx(_for_sheet(events), path, report, about)
    else:
        out = events.copy()
        for c in ("date_start", "date_end"):
            out[c] = _iso(out[c])
        records = out.astype(object).where(out.notna(), None).to_dict(orient="records")
        path.write_text(
            json.dumps(records, ensure_ascii=False, indent=1, default=_json_default), "utf-8"
        )
    return path


def _json_default(v):
    if hasattr(v, "item"):
        return v.item()
    return str(v)


def _iso(series: pd.Series) -> pd.Series:
    s = pd.to_datetime(series)
    has_time = (s.dropna() != s.dropna().dt.normalize()).any()
    fmt = "%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d"
    return s.dt.strftime(fmt).astype(object).where(s.notna(), None)


def _write_xlsx(events: pd.DataFrame, path: Path, report=None, about=None) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        events.to_excel(writer, sheet_name="Gebeurtenissen", index=False)
        ws = writer.sheets["Gebeurtenissen"]
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        widths = {"description": 80, "source_text": 60, "warnings": 50, "event_id": 21}
        for i, col in enumerate(events.columns, start=1):
            letter = ws.cell(row=1, column=i).column_letter
            ws.column_dimensions[letter].width = widths.get(col, 16)
            if col in ("date_start", "date_end"):
                for cell in ws[letter][1:]:
                    cell.number_format = "yyyy-mm-dd"
        if report is not None:
            _provenance_sheet(writer.book.create_sheet("Herkomst"), report)
        _legend_sheet(writer.book.create_sheet("Legenda"), about or {})


COLUMN_LABELS = {
    "event_id": "vaste sleutel van de gebeurtenis (ev- + 16 tekens); verandert niet bij opnieuw "
    "inlezen",
    "date_start": "eerste dag die de datum kan betekenen (leeg = open begin)",
    "date_end": "laatste dag die de datum kan betekenen, die dag meegerekend (leeg = open eind)",
    "date_precision": "hoe precies de datum is (zie hieronder)",
    "date_raw": "de datum zoals de bron hem schreef",
    "organisation": "organisatie, zoals het register haar noemt",
    "organisation_raw": "organisatie zoals de bron haar schreef",
    "domain": "leefgebied (zie hieronder)",
    "persons": "betrokken personen (pseudoniemen), gescheiden door ';'",
    "event_type": "soort gebeurtenis (zie hieronder)",
    "subtype": "nadere soort, vrij (bijvoorbeeld no_show, injury)",
    "severity": "ernst 0 (laag) tot 3 (ernstig); leeg = niet vastgelegd",
    "description": "de tekst uit de bron (meerdere kolommen gescheiden door ' — ')",
    "source_file": "bronbestand (pad onder sources/)",
    "source_sheet": "tabblad in het bronbestand",
    "source_row": "rij in het bronbestand zoals een editor of Excel hem toont",
    "source_text": "het oorspronkelijke record (JSON)",
    "duplicate_of": "id van de eerdere gebeurtenis waarvan dit een dubbele vastlegging is",
    "warnings": "waarschuwingen bij het inlezen, gescheiden door ' | '",
}
PRECISION_LABELS = {
    "day": "dag: de datum is op de dag bekend",
    "month": "maand: alleen maand en jaar bekend",
    "season": "seizoen: voorjaar, zomer, najaar of winter",
    "quarter": "kwartaal",
    "year": "jaar: alleen het jaar bekend",
    "period": "periode: begin en eind van een tijdvak ('2005-2008', 'eind 2011', 'rond 2002')",
    "unknown": "onbekend: geen bruikbare datum (zie warnings)",
}


def _rows(ws, rows, bold_first=False) -> None:
    for i, row in enumerate(rows):
        ws.append([neutralise(v) for v in row])
        if bold_first and i == 0:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)


def _heading(ws, text: str) -> None:
    if ws.max_row > 1 or ws.cell(1, 1).value is not None:
        ws.append([])
    ws.append([text])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=13)


def _provenance_sheet(ws, report: dict) -> None:
    """Per source file what was read, kept and rejected; then the rejected rows."""
    keys = (
        ("file", "Bestand"),
        ("reader", "Lezer"),
        ("profile", "Profiel"),
        ("rows_read", "Rijen gelezen"),
        ("rows_kept", "Rijen behouden"),
        ("rows_rejected", "Rijen afgewezen"),
        ("rows_with_warnings", "Rijen met waarschuwing"),
        ("events", "Gebeurtenissen"),
        ("duplicates_linked", "Dubbelingen gekoppeld"),
        ("error", "Fout"),
    )
    _heading(ws, "Herkomst: wat er per bronbestand is ingelezen")
    files = report.get("files") or []
    _rows(ws, [[label for _, label in keys]], bold_first=True)
    _rows(ws, [[f.get(k) for k, _ in keys] for f in files])
    totals = ["totaal", "", ""] + [sum(f.get(k) or 0 for f in files) for k, _ in keys[3:-1]]
    _rows(ws, [totals], bold_first=True)
    for err in report.get("errors") or []:
        _rows(ws, [["FOUT", err]])
    rejected = report.get("rejected") or []
    _heading(ws, f"Afgewezen rijen ({len(rejected)})")
    _rows(ws, [["Bestand", "Tabblad", "Rij", "Reden"]], bold_first=True)
    _rows(ws, [[r.get("file"), r.get("sheet"), r.get("row"), r.get("reason")] for r in rejected])
    for letter, width in zip("ABCDEFGHIJ", (34, 10, 20, 14, 14, 14, 14, 14, 14, 40), strict=True):
        ws.column_dimensions[letter].width = width


def _legend_sheet(ws, about: dict[str, str]) -> None:
    """The export itself, then every column and code explained in Dutch."""
    if about:
        _heading(ws, "Deze export")
        _rows(ws, [[k, v] for k, v in about.items()])
    _heading(ws, "Kolommen (tabblad Gebeurtenissen)")
    _rows(ws, [["kolom", "betekenis"]], bold_first=True)
    _rows(ws, [[c, COLUMN_LABELS.get(c, "")] for c in COLUMNS])
    for title, labels in (
        ("Soorten gebeurtenissen (event_type)", EVENT_TYPE_LABELS),
        ("Leefgebieden (domain)", DOMAIN_LABELS),
        ("Datumprecisie (date_precision)", {p: PRECISION_LABELS[p] for p in DATE_PRECISIONS}),
    ):
        _heading(ws, title)
        _rows(ws, [["waarde", "betekenis"]], bold_first=True)
        _rows(ws, [[k, v] for k, v in labels.items()])
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 90


def read_export(path: Path | str) -> pd.DataFrame:
    """Read an export made by `export_events` back into an event table."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt == "csv":
        df = pd.read_csv(
            path,
            sep=CSV_SEPARATOR,
            encoding="utf-8-sig",
            dtype=str,
            keep_default_na=False,
            na_values=[""],
        )
    elif fmt == "xlsx":
        df = pd.read_excel(path, sheet_name="Gebeurtenissen", dtype=object)
    elif fmt == "json":
        df = pd.DataFrame(json.loads(path.read_text("utf-8")))
    else:
        raise ValueError(f"onbekend exportformaat '{fmt}'")
    for c in df.columns:
        if c not in NUMERIC_COLUMNS:
            df[c] = df[c].map(restore)
    df = df.astype(object).where(df.notna(), None)
    return coerce_dtypes(df)[list(COLUMNS)]


@dataclass
class ExportResult:
    path: Path
    fmt: str
    pseudonymised: bool
    events: int  # events in the view exported
    warnings: list[str] = field(default_factory=list)


def _safe_report(report: dict, text) -> dict:
    """The ingest report with file names, reasons and errors pseudonymised."""
    out = dict(report)
    out["files"] = [
        {**f, "file": text(f.get("file")), "error": text(f.get("error"))}
        for f in report.get("files") or []
    ]
    out["rejected"] = [
        {**r, "file": text(r.get("file")), "reason": text(r.get("reason"))}
        for r in report.get("rejected") or []
    ]
    out["errors"] = [text(e) for e in report.get("errors") or []]
    return out


def export_case(
    case: Case,
    out: Path | str,
    fmt: str | None = None,
    *,
    events: pd.DataFrame,
    pseudonymise: bool | None = None,
    view: str = "",
    size: str = "projector",
    coarsen_dates: bool = False,
    findings_frame: pd.DataFrame | None = None,
) -> ExportResult:
    """Export a case's `events` to `out` in any of EXPORT_FORMATS (from the suffix when fmt is
    None). `view`: the app's URL query ('van=2005&tot=2012&domein=veiligheid', or the whole
    address copied from the browser), empty = all;
    for html it replaces the presentation's chapters by that one view. `pseudonymise` None
    means the format's default: yes for html/png/svg/pdf/findings, no for csv/xlsx/json.
    `findings_frame`: the case's findings when the caller has them (the app), else analysed here."""
    from reconstruct.chapters import (
        Chapter,
        case_findings,
        chapters_or_default,
        check_view,
        describe_view,
        missing_references,
        normalise_view,
        view_figure,
    )
    from reconstruct.filters import FilterState, apply
    from reconstruct.ingest import load_report
    from reconstruct.pseudonymise import Pseudonymiser

    out = Path(out)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt == "md":
        fmt = "findings"
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"onbekend exportformaat '{fmt}' (kies {', '.join(EXPORT_FORMATS)})")
    view = normalise_view(view)
    check_view(view, "--view")
    state = FilterState.from_query(view)
    pseudonymise = fmt in MEETING_FORMATS if pseudonymise is None else pseudonymise
    ps = Pseudonymiser.from_case(case, coarsen_dates=coarsen_dates) if pseudonymise else None
    safe = ps.text if ps else (lambda t: t)
    shown = apply(events, state)
    result = ExportResult(out, fmt, pseudonymise, len(shown))
    if fmt in FORMATS:
        about = None
        report = None
        if fmt == "xlsx":
            report = load_report(case) or {"errors": ["geen inleesrapport: draai eerst 'ingest'"]}
            report = _safe_report(report, safe) if ps else report
            about = {
                "Casus": safe(case.name),
                "Weergave": safe(view) or "alle gebeurtenissen",
                "Gebeurtenissen": str(len(shown)),
                "Gepseudonimiseerd": (
                    "ja: namen vervangen door rollen"
                    + ("; vrije tekst verborgen tenzij vrijgegeven" if ps and ps.hide_text else "")
                    if ps
                    else "nee: bevat persoonsgegevens"
                ),
                "Datums": "per maand (grover gemaakt)" if ps and coarsen_dates else "zoals gelezen",
                "Gemaakt": dt.datetime.now().strftime("%d-%m-%Y %H:%M"),
            }
        table = ps.events(shown) if ps else shown
        export_events(table, out, fmt, report=report, about=about)
        return result
    if fmt == "findings":
        _write_findings(case, events, shown, out, ps, findings_frame)
        return result
    if fmt == "html":
        if view:
            chapters = [Chapter(title="Weergave", caption=describe_view(state), view=view)]
        else:
            # The presentation as the inspector composed it: chapters with a snapshot show
            # what they showed when it was taken, as in the app.
            from reconstruct.chapters import load_options, with_snapshots

            chapters = with_snapshots(case, chapters_or_default(case))
            if ps is not None and not coarsen_dates:
                ps = load_options(case).pseudonymiser(case) or ps
    else:
        chapters = [Chapter(title="Weergave", view=view)]
    findings = []
    if any(c.state.finding for c in chapters):
        findings, result.warnings = case_findings(case, events)
    result.warnings += missing_references(chapters, events, findings)
    if fmt == "html":
        from reconstruct.standalone import write_standalone

        write_standalone(case, events, out, chapters, ps, findings)
    else:
        from reconstruct.images import write_image

        fig = view_figure(case, events, state, ps, findings)
        title = " · ".join(t for t in (safe(case.name), safe(describe_view(state))) if t)
        write_image(fig.update_layout(title_text=title), out, size, fmt)
    return result


def _write_findings(
    case: Case, events: pd.DataFrame, shown: pd.DataFrame, out: Path, ps, frame=None
) -> None:
    """The findings summary (Markdown or HTML by suffix): findings whose evidence lies in the
    view `shown`, pseudonymised with `ps` when given."""
    from reconstruct.findings import analyse_case
    from reconstruct.findings_report import write

    suffix = out.suffix.lstrip(".").lower()
    if suffix not in FINDINGS_SUFFIXES:
        raise ValueError(f"bevindingen worden geschreven als .md of .html, niet '{out.name}'")
    if frame is None:
        frame = analyse_case(case, events)
    if len(shown) < len(events):
        keep = set(shown["event_id"])
        frame = frame[frame["evidence"].map(lambda ids: any(i in keep for i in ids))]
    title = case.name
    if ps is not None:
        events = ps.events(events)
        frame = frame.copy()
        for col in ("sentence", "note"):
            if col in frame:
                frame[col] = frame[col].map(ps.text)
        for col in ("persons", "organisations"):
            if col in frame:
                frame[col] = frame[col].map(
                    lambda v: [ps.text(x) for x in v] if isinstance(v, list) else v
                )
        title = ps.text(title)
    write(frame.reset_index(drop=True), events, out, title)


def export_detail(result: ExportResult, view: str = "") -> str:
    """What the audit log keeps of an export: format, file name, number of events, view, and
    whether it was pseudonymised (JSON)."""
    return json.dumps(
        {
            "format": result.fmt,
            "file": Path(result.path).name,
            "events": result.events,
            "pseudonymised": bool(result.pseudonymised),
            "view": view or "",
        },
        ensure_ascii=False,
    )


def record_export(
    case: Case, result: ExportResult, actor: str, *, db: str | None = None, view: str = ""
) -> None:
    """Write the export in the case's audit log (export_detail), by `actor`."""
    from reconstruct.store import open_store

    with open_store(case, db) as store:
        store.record(actor, "export", export_detail(result, view))
