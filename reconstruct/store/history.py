"""An event's history (its source values, every change and by whom) and the overlay at a
glance, for the command line and the app."""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from reconstruct.schema import COLUMNS
from reconstruct.store import tables as t
from reconstruct.store.core import NotFoundError, to_json
from reconstruct.store.overlay import EDITABLE_FIELDS, LINK, REJECTED, suggestion_of

PROVENANCE = ("source_file", "source_sheet", "source_row", "source_text")

ACTION_LABELS = {
    "edit": "wijziging",
    "confirm": "suggestie overgenomen",
    "reject": "suggestie afgewezen",
    "merge": "samengevoegd als dubbel",
    "unlink": "ontkoppeld",
    "delete": "verwijderd",
    "restore": "teruggezet",
    "add": "toegevoegd",
    "annotate": "notitie",
    "tag": "label",
    "untag": "label weggehaald",
    "undo": "ongedaan gemaakt",
    "resolve": "overgezet",
    "import": "import",
}
"""Audit actions in Dutch, for the app and messages."""

FIELD_LABELS = {
    "date_raw": "datum",
    "organisation": "organisatie",
    "domain": "leefgebied",
    "persons": "personen",
    "event_type": "soort",
    "subtype": "subtype",
    "severity": "ernst",
    "description": "omschrijving",
    LINK: "dubbel van",
    REJECTED: "afgewezen suggestie",
}
"""Overlay keys in Dutch."""


class HistoryMixin:
    """Store methods that read the inspector's work back."""

    def history(self, event_id: str) -> dict:
        """Everything about one event: `origin` (source or manual), `present`, `source` (the
        editable fields as imported or entered, with provenance), `current` (with the edits),
        `version`, `deleted`, `delete_reason`, `changes` (its audit entries, oldest first, also
        those of vanished events whose work was moved here), `annotations`, `tags`,
        `removed_import`, `resolution`, `resolved_to`; and the inspector's decisions:
        `duplicate_of` (source and current link, `decided` when the inspector merged or
        unlinked) and `suggestion` (the lexicon's, as imported) with `suggestion_rejected`."""
        e = t.events.c
        with self._read() as conn:
            ev = conn.execute(sa.select(t.events).where(e.event_id == event_id)).first()
            if ev is None:
                raise NotFoundError(f"geen gebeurtenis {event_id} in deze casus")
            ov = conn.execute(sa.select(t.overlay).where(t.overlay.c.event_id == event_id)).first()
            moved_from = list(
                conn.execute(sa.select(e.event_id).where(e.resolved_to == event_id)).scalars()
            )
            ids = [event_id, *moved_from]
            a = t.audit.c
            entries = conn.execute(
                sa.select(t.audit)
                .where(
                    sa.or_(
                        a.event_id.in_(ids),
                        sa.and_(a.action == "resolve", a.new == to_json(event_id)),
                    )
                )
                .order_by(a.id)
            ).all()
            notes = conn.execute(
                sa.select(t.annotations).where(t.annotations.c.event_id == event_id)
            ).all()
            tags = conn.execute(sa.select(t.tags.c.tag).where(t.tags.c.event_id == event_id))
            tags = sorted(tags.scalars())
        source = {f: getattr(ev, f) for f in (*EDITABLE_FIELDS, *PROVENANCE)}
        changes = json.loads(ov.changes) if ov is not None else {}
        changes_list = []
        for r in entries:
            d = dict(r._mapping)
            for key in ("old", "new"):
                d[key] = json.loads(d[key]) if d[key] is not None else None
            changes_list.append(d)
        return {
            "event_id": event_id,
            "origin": ev.origin,
            "present": ev.removed_import is None,
            "source": source,
            "current": {f: changes.get(f, source[f]) for f in EDITABLE_FIELDS},
            "version": ov.version if ov is not None else 0,
            "deleted": bool(ov.deleted) if ov is not None else False,
            "delete_reason": ov.delete_reason if ov is not None else None,
            "changes": changes_list,
            "annotations": [dict(n._mapping) for n in notes],
            "tags": tags,
            "moved_from": moved_from,
            "removed_import": ev.removed_import,
            "resolution": ev.resolution,
            "resolved_to": ev.resolved_to,
            "duplicate_of": {
                "source": ev.duplicate_of,
                "current": changes.get(LINK, ev.duplicate_of),
                "decided": LINK in changes,
            },
            "suggestion": suggestion_of(ev._mapping),
            "suggestion_rejected": changes.get(REJECTED),
        }

    def overlay_info(self) -> pd.DataFrame:
        """Per event with any work on it: event_id, version, edited (field names), deleted,
        tags (list), annotations (count). For showing edits and versions in the app; `edited`
        names overlay keys (EDITABLE_FIELDS, and `duplicate_of` or `suggestion_rejected`
        where the inspector decided on them)."""
        with self._read() as conn:
            ov = pd.read_sql(
                sa.select(
                    t.overlay.c.event_id,
                    t.overlay.c.version,
                    t.overlay.c.changes,
                    t.overlay.c.deleted,
                ),
                conn,
            )
            tags = pd.read_sql(sa.select(t.tags.c.event_id, t.tags.c.tag), conn)
            notes = pd.read_sql(sa.select(t.annotations.c.event_id), conn)
        ov["edited"] = [sorted(json.loads(c)) for c in ov.pop("changes")]
        ov["deleted"] = ov["deleted"].astype(bool)
        ids = pd.Index(ov["event_id"]).union(tags["event_id"]).union(notes["event_id"])
        out = ov.set_index("event_id").reindex(ids)
        out["version"] = out["version"].fillna(0).astype(int)
        out["deleted"] = out["deleted"].fillna(False).astype(bool)
        out["edited"] = [e if isinstance(e, list) else [] for e in out["edited"]]
        out["tags"] = [sorted(tags.loc[tags["event_id"] == i, "tag"]) for i in ids]
        out["annotations"] = notes["event_id"].value_counts().reindex(ids, fill_value=0)
        return out.rename_axis("event_id").reset_index()

    def stored_event(self, event_id: str) -> dict:
        """The event as imported or entered (no edits), with origin and removal."""
        with self._read() as conn:
            ev = conn.execute(sa.select(t.events).where(t.events.c.event_id == event_id)).first()
        if ev is None:
            raise NotFoundError(f"geen gebeurtenis {event_id} in deze casus")
        return {c: getattr(ev, c) for c in (*COLUMNS, "origin", "removed_import")}
