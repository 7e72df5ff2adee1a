"""Importing an ingest into the store, and the events that vanished from their source.

A re-import replaces the source events (one transaction): new ids are added, rows whose
content changed are updated, and ids that are no longer produced are marked removed, never
deleted. Edits, annotations and tags are keyed by event id, so they stay on every event that
still exists; those on vanished events are listed by `unresolved()` until the inspector moves
them to another event or dismisses them (`resolve`). The extracts themselves are kept too:
every distinct content of a source file, with its hash, size and received date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from rapidfuzz import fuzz

from reconstruct.schema import COLUMNS, coerce_dtypes
from reconstruct.store import bulk
from reconstruct.store import tables as t
from reconstruct.store.core import ConflictError, NotFoundError, StoreError, now

log = logging.getLogger("reconstruct.store")
_DATA_COLUMNS = [c for c in COLUMNS if c != "event_id"]


@dataclass
class ImportSummary:
    """What an import changed; `vanished` lists events with the inspector's work that left."""

    import_id: int
    events: int
    added: int
    changed: int
    removed: int
    vanished: list[dict] = field(default_factory=list)


def _differs(new: pd.DataFrame, old: pd.DataFrame) -> pd.Series:
    """Per row (aligned by index): does any column differ, missing values being equal."""
    out = pd.Series(False, index=new.index)
    for col in new.columns:
        a, b = new[col], old[col]
        same = (a == b).fillna(False).astype(bool) | (a.isna() & b.isna())
        out |= ~same
    return out


class ImportsMixin:
    """Store methods for imports and vanished events."""

    def import_result(self, result, *, user: str, received: dt.date | None = None):
        """Store an IngestResult (reconstruct.ingest) as the case's current source events."""
        files = [
            {
                "file": f.file,
                "source_key": f.source_key,
                "reader": f.reader,
                "profile": f.profile,
                "events": f.events,
            }
            for f in result.files
        ]
        return self.import_events(result.events, files, user=user, received=received)

    def import_events(
        self,
        events: pd.DataFrame,
        files: list[dict] | None = None,
        *,
        user: str,
        received: dt.date | None = None,
        note: str | None = None,
    ) -> ImportSummary:
        """Replace the source events by `events` (an event table) in one transaction.

        `files` (file, source_key, reader, profile, events) describes the source files in
        their order; without it they are taken from the table's `source_file`.
        """
        new = coerce_dtypes(events).reset_index(drop=True)
        new["position"] = range(len(new))
        with self._write(user, "editor") as conn:
            if files is None:
                files = [{"file": f} for f in self._file_order(conn, new)]
            import_id = conn.execute(
                t.imports.insert().values(
                    at=now(), actor=user, events=len(new), added=0, changed=0, removed=0, note=note
                )
            ).inserted_primary_key[0]
            self._store_sources(conn, import_id, files, new, received)
            all_known = pd.read_sql(
                sa.select(t.events.c.event_id, t.events.c.removed_import, t.events.c.origin),
                conn,
            ).set_index("event_id")
            manual = all_known.index[all_known["origin"] == "manual"]
            if new["event_id"].isin(manual).any():  # a table that already holds manual events
                new = new[~new["event_id"].isin(manual)].reset_index(drop=True)
            known = all_known.loc[all_known["origin"] == "source", "removed_import"]
            new_ids = pd.Index(new["event_id"])
            is_new = ~new_ids.isin(known.index)
            added = new if is_new.all() else new[is_new]  # a first import adds every row
            common = new[new_ids.isin(known.index)].set_index("event_id")
            content, update = self._changes(conn, common, known)
            present = known[known.isna()].index
            removed = present[~present.isin(new_ids)]
            # straight through the driver, in chunks: a dict per row costs a minute a million
            bulk.insert(conn, t.events, added, {"origin": "source", "first_import": import_id})
            cols = [*_DATA_COLUMNS, "position"]
            bulk.update(
                conn, t.events, update[cols].reset_index(), "event_id", {"removed_import": None}
            )
            bulk.update(
                conn,
                t.events,
                pd.DataFrame({"event_id": removed}),
                "event_id",
                {"removed_import": import_id, "position": None},
            )
            counts = {"added": len(added), "changed": int(content.sum()), "removed": len(removed)}
            conn.execute(sa.update(t.imports).where(t.imports.c.id == import_id).values(**counts))
            self._audit(conn, user, "import", detail=json.dumps({"events": len(new), **counts}))
        log.info(
            "import %d: %d events, %d added, %d changed, %d removed",
            import_id,
            len(new),
            *counts.values(),
        )
        vanished = [v for v in self.unresolved() if v["removed_import"] == import_id]
        return ImportSummary(import_id, len(new), *counts.values(), vanished)

    def _changes(self, conn, common: pd.DataFrame, known: pd.Series):
        """Of the rows already stored (`common`, by event_id): which changed content (or came
        back), and the rows to update (changed, or only moved: not counted as changed)."""
        if common.empty:  # nothing in common (a first import): no need to read the table
            return pd.Series(False, index=common.index), common
        stored = self._stored(conn, t.events.c.origin == "source")
        stored = coerce_dtypes(stored).set_index("event_id").reindex(common.index)
        back = known.reindex(common.index).notna()
        content = _differs(common[_DATA_COLUMNS], stored[_DATA_COLUMNS]) | back.to_numpy()
        moved = _differs(common[["position"]], stored[["position"]])
        return content, common[content | moved]

    def _file_order(self, conn, events: pd.DataFrame) -> list[str]:
        # The files' order breaks ties in the table: keep the one known, else the folder's.
        known = self._source_order(conn)
        on_disk = {}
        if self.case is not None:
            on_disk = {
                p.relative_to(self.case.sources_dir).as_posix(): i
                for i, p in enumerate(self.case.source_files())
            }
        names = list(dict.fromkeys(events["source_file"].dropna()))
        return sorted(names, key=lambda f: (known.get(f, len(known)), on_disk.get(f, len(on_disk))))

    def _store_sources(self, conn, import_id, files, events, received) -> None:
        current = {r.file: r for r in conn.execute(sa.select(t.sources).where(t.sources.c.current))}
        pairs = events[["source_file", "organisation"]].dropna().drop_duplicates()  # few rows
        orgs = pairs.groupby("source_file")["organisation"].agg(lambda s: "; ".join(sorted(s)))
        for order_no, f in enumerate(files):
            path = self.case.sources_dir / f["file"] if self.case is not None else None
            data = path.read_bytes() if path is not None and path.is_file() else None
            digest = hashlib.sha256(data).hexdigest() if data is not None else None
            info = {
                "source_key": f.get("source_key"),
                "reader": f.get("reader"),
                "profile": f.get("profile"),
                "events": f.get("events"),
                "organisations": orgs.get(f["file"]) or None,
                "file_order": order_no,
            }
            old = current.pop(f["file"], None)
            if old is not None and old.content_hash == digest:
                conn.execute(sa.update(t.sources).where(t.sources.c.id == old.id).values(info))
                continue
            if old is not None:
                conn.execute(
                    sa.update(t.sources)
                    .where(t.sources.c.id == old.id)
                    .values(current=False, replaced_import=import_id)
                )
            if digest is not None:
                blob = sa.select(t.source_blobs.c.content_hash).where(
                    t.source_blobs.c.content_hash == digest
                )
                if conn.execute(blob).first() is None:
                    conn.execute(t.source_blobs.insert().values(content_hash=digest, content=data))
            when = received or (
                dt.date.fromtimestamp(path.stat().st_mtime) if data is not None else None
            )
            conn.execute(
                t.sources.insert().values(
                    file=f["file"],
                    content_hash=digest,
                    size=len(data) if data is not None else None,
                    received=when,
                    current=True,
                    import_id=import_id,
                    **info,
                )
            )
        for old in current.values():  # files no longer in sources/
            conn.execute(
                sa.update(t.sources)
                .where(t.sources.c.id == old.id)
                .values(current=False, replaced_import=import_id)
            )

    def sources(self, *, all_versions: bool = False) -> pd.DataFrame:
        """The source files as received: file, content_hash, size, received, organisations,
        events, import_id, current (every version with `all_versions`)."""
        cols = [c for c in t.sources.columns if c.name != "id"]
        q = sa.select(*cols).order_by(t.sources.c.file_order, t.sources.c.id)
        if not all_versions:
            q = q.where(t.sources.c.current)
        with self._read() as conn:
            return pd.read_sql(q, conn)

    def source_content(self, content_hash: str) -> bytes:
        """The bytes of a source file as it was received."""
        q = sa.select(t.source_blobs.c.content).where(t.source_blobs.c.content_hash == content_hash)
        with self._read() as conn:
            data = conn.execute(q).scalar()
        if data is None:
            raise NotFoundError(f"geen bronbestand met hash {content_hash}")
        return bytes(data)

    # --- vanished events ---------------------------------------------------------------------

    def unresolved(self) -> list[dict]:
        """Events gone from their source that carry edits, annotations or tags, not yet moved
        or dismissed. Each: event_id, source_file, source_sheet, source_row, date_raw,
        event_type, removed_import, edited (fields), deleted, annotations (count), tags, and
        candidates (present events of the same file that may be its new version, best first)."""
        e = t.events.c
        work = sa.union(
            sa.select(t.overlay.c.event_id),
            sa.select(t.annotations.c.event_id),
            sa.select(t.tags.c.event_id),
        ).subquery()
        q = (
            sa.select(t.events)
            .where(e.removed_import.isnot(None), e.resolution.is_(None))
            .where(e.event_id.in_(sa.select(work.c.event_id)))
            .order_by(e.source_file, e.source_row)
        )
        out = []
        with self._read() as conn:
            for ev in conn.execute(q):
                ov = conn.execute(
                    sa.select(t.overlay).where(t.overlay.c.event_id == ev.event_id)
                ).first()
                notes = conn.execute(
                    sa.select(sa.func.count())
                    .select_from(t.annotations)
                    .where(t.annotations.c.event_id == ev.event_id)
                ).scalar()
                tags = conn.execute(
                    sa.select(t.tags.c.tag).where(t.tags.c.event_id == ev.event_id)
                ).scalars()
                out.append(
                    {
                        "event_id": ev.event_id,
                        "source_file": ev.source_file,
                        "source_sheet": ev.source_sheet,
                        "source_row": ev.source_row,
                        "date_raw": ev.date_raw,
                        "event_type": ev.event_type,
                        "removed_import": ev.removed_import,
                        "edited": sorted(json.loads(ov.changes)) if ov else [],
                        "deleted": bool(ov.deleted) if ov else False,
                        "annotations": int(notes),
                        "tags": sorted(tags),
                        "candidates": self._candidates(conn, ev),
                    }
                )
        return out

    def _candidates(self, conn, ev, limit: int = 3) -> list[str]:
        e = t.events.c
        rows = conn.execute(
            sa.select(e.event_id, e.source_sheet, e.source_row, e.description).where(
                e.source_file == ev.source_file, e.removed_import.is_(None)
            )
        ).all()
        scored = []
        for r in rows:
            score = fuzz.token_set_ratio(r.description or "", ev.description or "")
            if r.source_row == ev.source_row and r.source_sheet == ev.source_sheet:
                score += 100
            if score >= 50:
                scored.append((-score, r.event_id))
        return [eid for _, eid in sorted(scored)[:limit]]

    def resolve(self, event_id: str, *, user: str, to: str | None = None) -> None:
        """Settle a vanished event's work: move its edits, annotations and tags to the present
        event `to`, or (to=None) dismiss it, leaving the work with the vanished event (still
        shown by `history`). Refused when `to` has edits of its own."""
        e = t.events.c
        with self._write(user, "editor") as conn:
            ev = conn.execute(sa.select(t.events).where(e.event_id == event_id)).first()
            if ev is None or ev.removed_import is None:
                raise StoreError(f"{event_id} is niet verdwenen uit de bron; niets op te lossen")
            if ev.resolution is not None:
                raise StoreError(f"{event_id} is al opgelost ({ev.resolution})")
            if to is not None:
                target = conn.execute(sa.select(e.removed_import).where(e.event_id == to)).first()
                if target is None or target.removed_import is not None:
                    raise NotFoundError(f"{to} bestaat niet (meer) in deze casus")
                self._move_work(conn, event_id, to)
            conn.execute(
                sa.update(t.events)
                .where(e.event_id == event_id)
                .values(resolution="moved" if to else "dismissed", resolved_to=to)
            )
            self._audit(
                conn, user, "resolve", event_id, new=to, detail="moved" if to else "dismissed"
            )

    def _move_work(self, conn, old: str, new: str) -> None:
        ov = t.overlay.c
        if conn.execute(sa.select(ov.event_id).where(ov.event_id == old)).first():
            if conn.execute(sa.select(ov.event_id).where(ov.event_id == new)).first():
                raise ConflictError(
                    f"{new} heeft zelf al bewerkingen; neem de wijzigingen van {old} over met "
                    "'edit' (zie 'history') en sluit dit af met 'resolve --dismiss'"
                )
            conn.execute(sa.update(t.overlay).where(ov.event_id == old).values(event_id=new))
        conn.execute(
            sa.update(t.annotations).where(t.annotations.c.event_id == old).values(event_id=new)
        )
        have = set(conn.execute(sa.select(t.tags.c.tag).where(t.tags.c.event_id == new)).scalars())
        for tag in conn.execute(sa.select(t.tags).where(t.tags.c.event_id == old)).all():
            if tag.tag not in have:
                conn.execute(
                    t.tags.insert().values(event_id=new, tag=tag.tag, actor=tag.actor, at=tag.at)
                )
        conn.execute(sa.delete(t.tags).where(t.tags.c.event_id == old))
