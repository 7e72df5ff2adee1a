"""Findings rendered for people: a terminal table, CSV, JSON, and a Markdown/HTML summary per
toetsingskader theme with each finding's evidence."""

from __future__ import annotations

import html
import json
from pathlib import Path

import markdown_it
import pandas as pd

from reconstruct.analysis.base import THEMES
from reconstruct.dates import describe
from reconstruct.findings import STATE_LABELS
from reconstruct.schema import EVENT_TYPE_LABELS

FORMATS = ("table", "json", "csv", "md", "html")


def _period(f) -> str:
    s = pd.Timestamp(f["period_start"]) if f.get("period_start") else None
    e = pd.Timestamp(f["period_end"]) if f.get("period_end") else None
    if s is None and e is None:
        return "periode onbekend"
    if s is not None and e is not None and s == e:
        return describe(s, e, "day")
    return describe(s, e, "period")


def records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def as_table(frame: pd.DataFrame) -> str:
    """Plain text, grouped by theme, for the terminal."""
    lines = []
    recs = records(frame)
    for theme in THEMES:
        group = [f for f in recs if f["theme"] == theme]
        if not group:
            continue
        lines.append(f"\n{theme}")
        lines.append("-" * len(theme))
        for f in group:
            state = STATE_LABELS.get(f.get("state", "open"), "open")
            lines.append(
                f"[{state}] {f['finding_id']}  {f['analysis']}  ({_period(f)}, "
                f"ernst {f['severity']}, {len(f['evidence'])} bewijsstukken)"
            )
            lines.append(f"    {f['sentence']}")
            lines.append(f"    criterium: {f['criterion']}")
    lines.append(f"\n{len(recs)} bevindingen.")
    return "\n".join(lines).lstrip("\n")


def as_markdown(frame: pd.DataFrame, events: pd.DataFrame, title: str) -> str:
    """A readable summary per theme; each finding with its evidence (date, organisation, text)."""
    by_id = events.set_index("event_id")
    recs = records(frame)
    out = [
        f"# Bevindingen — {title}",
        "",
        f"{len(recs)} bevindingen, gegroepeerd naar thema van het toetsingskader.",
        "",
    ]
    for theme, criteria in THEMES.items():
        group = [f for f in recs if f["theme"] == theme]
        if not group:
            continue
        out += [f"## {theme}", ""]
        for criterion in criteria:
            for f in (g for g in group if g["criterion"] == criterion):
                state = STATE_LABELS.get(f.get("state", "open"), "open")
                out += [
                    f"### {f['sentence']}",
                    "",
                    f"*{criterion}* · {_period(f)} · ernst {f['severity']} · "
                    f"status: {state} · `{f['finding_id']}` ({f['analysis']})",
                    "",
                ]
                if f.get("note"):
                    out += [f"> {f['note']}", ""]
                out.append("| datum | organisatie | soort | tekst | bron |")
                out.append("|---|---|---|---|---|")
                for eid in f["evidence"]:
                    if eid not in by_id.index:
                        out.append(f"| | | | (gebeurtenis {eid} niet meer in de tabel) | |")
                        continue
                    e = by_id.loc[eid]
                    when = e["date_raw"] if isinstance(e["date_raw"], str) else ""
                    text = str(e["description"] if isinstance(e["description"], str) else "")
                    text = text.replace("|", "/").replace("\n", " ")
                    out.append(
                        f"| {when} | {e['organisation']} | "
                        f"{EVENT_TYPE_LABELS.get(e['event_type'], e['event_type'])} | {text} | "
                        f"{e['source_file']}:{e['source_row']} |"
                    )
                out.append("")
    return "\n".join(out)


def as_html(frame: pd.DataFrame, events: pd.DataFrame, title: str) -> str:
    body = (
        markdown_it.MarkdownIt("commonmark")
        .enable("table")
        .render(as_markdown(frame, events, title))
    )
    return (
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        f"<title>Bevindingen — {html.escape(title)}</title><style>"
        "body{font-family:'Segoe UI','Noto Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;"
        "color:#1f2933;line-height:1.45}table{border-collapse:collapse;width:100%;font-size:14px}"
        "td,th{border:1px solid #d9e2ec;padding:4px 6px;text-align:left;vertical-align:top}"
        "h2{border-bottom:2px solid #1f4e79}h3{margin-bottom:.2em}</style></head><body>"
        f"{body}</body></html>"
    )


def write(frame: pd.DataFrame, events: pd.DataFrame, path: Path, title: str) -> Path:
    """Write findings to csv, json, md or html (by suffix)."""
    fmt = path.suffix.lstrip(".").lower()
    if fmt == "csv":
        out = frame.copy()
        for c in ("organisations", "persons", "evidence"):
            out[c] = out[c].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
        from reconstruct.export import CSV_SEPARATOR, neutralise

        for c in out.columns:
            out[c] = out[c].map(neutralise)
        out.to_csv(path, sep=CSV_SEPARATOR, index=False, encoding="utf-8-sig")
    elif fmt == "json":
        path.write_text(json.dumps(records(frame), ensure_ascii=False, indent=1), "utf-8")
    elif fmt == "md":
        path.write_text(as_markdown(frame, events, title), "utf-8")
    elif fmt == "html":
        path.write_text(as_html(frame, events, title), "utf-8")
    else:
        raise ValueError(f"onbekend formaat '{fmt}' voor bevindingen (csv, json, md, html)")
    return path
