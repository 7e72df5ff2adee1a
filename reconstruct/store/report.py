"""Text for the store's commands (Dutch, as the inspectors read it): an event's history,
audit lines, the vanished events. Times are shown in local time."""

from __future__ import annotations

import datetime as dt
import json
import sys

from reconstruct.store.overlay import EDITABLE_FIELDS

_CHANGES = ("edit", "confirm", "reject", "merge", "unlink", "view", "user_change")
"""Audit actions shown as old -> new."""


def local_time(ts) -> str:
    """A stored UTC time (datetime or Timestamp) as local 'YYYY-MM-DD HH:MM:SS'."""
    if ts is None:
        return ""
    if hasattr(ts, "to_pydatetime"):  # a pandas Timestamp
        ts = ts.to_pydatetime()
    return ts.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def short(value, width: int = 60) -> str:
    """A value on one line of at most `width` characters; None is '(leeg)'."""
    if value is None:
        return "(leeg)"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = " ⏎ ".join(str(value).splitlines())
    return text if len(text) <= width else text[: width - 1] + "…"


def audit_line(c: dict, with_event: bool = True, width: int = 60) -> str:
    """One audit entry (a row of Store.audit as a dict): when, who, what, old -> new."""
    parts = [local_time(c["at"]), c["actor"], c["action"]]
    if with_event and c["event_id"]:
        parts.append(c["event_id"])
    if c["field"]:
        parts.append(f"{c['field']}:")
    if c["old"] is not None or c["new"] is not None:
        if c["action"] in _CHANGES or (c["action"] == "undo" and c["field"]):
            parts.append(f"{short(c['old'], width)} -> {short(c['new'], width)}")
        else:
            parts.append(short(c["new"] if c["new"] is not None else c["old"], width))
    if c["detail"]:
        parts.append(f"({short(c['detail'], width)})")
    return "  ".join(str(p) for p in parts)


def format_history(h: dict) -> str:
    """An event's history (Store.history) as lines of text."""
    out: list[str] = []
    src = h["source"]
    origin = "handmatig ingevoerd" if h["origin"] == "manual" else "uit de bron"
    where = f"{src['source_file']}" + (f" [{src['source_sheet']}]" if src["source_sheet"] else "")
    row = f"rij {src['source_row']}"
    out.append(f"{h['event_id']} ({origin}: {where}, {row}), versie {h['version']}")
    if h["deleted"]:
        out.append(f"  VERWIJDERD: {h['delete_reason']}")
    if not h["present"]:
        out.append(
            f"  verdwenen uit de bron bij import {h['removed_import']}"
            + (f"; {h['resolution']} {h['resolved_to'] or ''}" if h["resolution"] else "")
        )
    out.append("Velden (bronwaarde -> nu):")
    for name in EDITABLE_FIELDS:
        was, now = src[name], h["current"][name]
        line = f"  {name:<12} {short(was, 200)}"
        out.append(line if was == now else f"{line}  ->  {short(now, 200)}")
    link = h.get("duplicate_of") or {}
    if link.get("decided"):
        was, now = short(link["source"]), short(link["current"])
        out.append(f"  {'dubbel van':<12} {was}  ->  {now}  (besluit inspecteur)")
    if h.get("suggestion"):
        s = h["suggestion"]
        state = "  (afgewezen)" if h.get("suggestion_rejected") == s else ""
        what = " · ".join(
            str(s[k]) for k in ("event_type", "subtype", "severity") if s[k] is not None
        )
        out.append(f"Suggestie (lexicon): {what}{state}")
    out.append("Wijzigingen:" if h["changes"] else "Wijzigingen: geen")
    for c in h["changes"]:
        out.append("  " + audit_line(c, with_event=c["event_id"] != h["event_id"]))
    for n in h["annotations"]:
        out.append(f"Notitie {n['id']} ({local_time(n['at'])}, {n['actor']}): {n['text']}")
    if h["tags"]:
        out.append(f"Labels: {', '.join(h['tags'])}")
    return "\n".join(out)


def print_unresolved(found: list[dict], out=None) -> None:
    """The vanished events with work on them, and what to do about them (Dutch)."""
    out = out or sys.stdout
    if not found:
        print("Geen bewerkte gebeurtenissen verdwenen uit de bronnen.", file=out)
        return
    print(f"{len(found)} gebeurtenis(sen) met bewerkingen staan niet meer in de bron:", file=out)
    for v in found:
        work = [f"bewerkt: {', '.join(v['edited'])}"] if v["edited"] else []
        work += ["verwijderd"] if v["deleted"] else []
        work += [f"{v['annotations']} notitie(s)"] if v["annotations"] else []
        work += [f"labels: {', '.join(v['tags'])}"] if v["tags"] else []
        print(
            f"  {v['event_id']}  {v['source_file']}, rij {v['source_row']}, "
            f"{v['date_raw'] or '?'}  ({'; '.join(work)})",
            file=out,
        )
        if v["candidates"]:
            print(f"      nieuwe versie? {', '.join(v['candidates'])}", file=out)
    print(
        "Los op met: python -m reconstruct resolve CASUS ID --to NIEUW_ID (of --dismiss)", file=out
    )
