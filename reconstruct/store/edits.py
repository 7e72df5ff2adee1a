"""The inspector's work on events: edits (with optimistic versions), manual events, soft
deletes, annotations, tags, saved views, and an event's history.

Every change is one transaction that also writes the audit log (who, when, field, old -> new).
An edit states the version it started from; when someone else saved the event in between, it is
refused with ConflictError and nothing is written. Log messages name events and fields, never
their text.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from reconstruct.schema import COLUMNS, PERSON_SEPARATOR, validate
from reconstruct.store import tables as t
from reconstruct.store.core import ConflictError, NotFoundError, StoreError, now
from reconstruct.store.overlay import FieldError, apply_overlay, check_changes, prepare

log = logging.getLogger("reconstruct.store")
MANUAL_SOURCE = "handmatig"


def same_value(a, b) -> bool:
    """Whether two stored values are equal, a missing value (None, NaN) equalling only itself."""
    missing = (a is None or (isinstance(a, float) and pd.isna(a)), b is None)
    return all(missing) or (not any(missing) and a == b)


class EditsMixin:
    """Store methods for the inspector's work on events."""

    # --- the overlay ---------------------------------------------------------------------------

    def _event_row(self, conn, event_id: str):
        ev = conn.execute(sa.select(t.events).where(t.events.c.event_id == event_id)).first()
        if ev is None:
            raise NotFoundError(f"geen gebeurtenis {event_id} in deze casus")
        if ev.removed_import is not None:
            raise StoreError(
                f"{event_id} staat niet meer in de bron (verdwenen bij import "
                f"{ev.removed_import}); zie 'unresolved'"
            )
        return ev

    def _overlay_row(self, conn, event_id: str):
        return conn.execute(sa.select(t.overlay).where(t.overlay.c.event_id == event_id)).first()

    def _check_version(self, event_id: str, ov, expect_version: int) -> int:
        version = ov.version if ov is not None else 0
        if version != expect_version:
            who = f" door {ov.updated_by} om {ov.updated_at:%Y-%m-%d %H:%M} UTC" if ov else ""
            raise ConflictError(
                f"{event_id} is intussen gewijzigd{who} (nu versie {version}; deze bewerking "
                f"begon bij versie {expect_version}). Er is niets opgeslagen: bekijk de "
                f"wijziging met 'history' en probeer het opnieuw met --expect-version {version}."
            )
        return version

    def _save_overlay(self, conn, event_id: str, ov, expect_version: int, values: dict) -> int:
        version = expect_version + 1
        values = {**values, "version": version, "updated_at": now()}
        if ov is not None:
            done = conn.execute(
                sa.update(t.overlay)
                .where(t.overlay.c.event_id == event_id, t.overlay.c.version == expect_version)
                .values(values)
            )
            if done.rowcount != 1:
                raise ConflictError(f"{event_id} is zojuist door iemand anders gewijzigd")
            return version
        defaults = {"changes": "{}", "deleted": False, "delete_reason": None}
        try:
            with conn.begin_nested():
                row = {**defaults, **values, "event_id": event_id}
                conn.execute(t.overlay.insert().values(row))
        except sa.exc.IntegrityError as err:
            raise ConflictError(f"{event_id} is zojuist door iemand anders gewijzigd") from err
        return version

    def _check_row(self, ev, changes: dict) -> None:
        row = pd.DataFrame([{c: getattr(ev, c) for c in COLUMNS}]).assign(position=0)
        overlay = pd.DataFrame([{"event_id": ev.event_id, "changes": changes, "deleted": False}])
        failures = validate(apply_overlay(prepare(row), overlay, {}))
        if len(failures):
            raise FieldError(
                "de gebeurtenis zou ongeldig worden ("
                + ", ".join(f"{r.column or ''} {r.check}".strip() for r in failures.itertuples())
                + ")"
            )

    def version(self, event_id: str) -> int:
        """The event's overlay version (0 while it was never changed)."""
        with self._read() as conn:
            ov = self._overlay_row(conn, event_id)
        return ov.version if ov is not None else 0

    def edit(
        self, event_id: str, changes: Mapping[str, object], *, user: str, expect_version: int
    ) -> int:
        """Change fields of an event (EDITABLE_FIELDS; an empty value clears a field) starting
        from `expect_version`; returns the new version. Raises ConflictError when the event
        changed since, FieldError for a bad value."""
        clean = check_changes(changes, self.fields)
        return self._change(event_id, clean, user=user, expect_version=expect_version)

    def _plan(self, ev, ov, updates: Mapping[str, object], sticky: tuple[str, ...] = ()):
        """The overlay's new `changes` and the (key, old, new) differences for `updates`. A
        value equal to the source's drops the override, except for `sticky` keys: those are
        the inspector's decision, kept (and recorded once) even where the import agrees."""
        new = json.loads(ov.changes) if ov is not None else {}
        diffs = []
        for name, value in updates.items():
            source = getattr(ev, name, None)  # `suggestion_rejected` has no source column
            old = new.get(name, source)
            if same_value(old, value) and not (name in sticky and name not in new):
                continue  # unchanged (a sticky key is still recorded as a decision)
            diffs.append((name, old, value))
            if same_value(source, value) and name not in sticky:
                new.pop(name, None)  # back to the source's value
            else:
                new[name] = value
        return new, diffs

    def _change(
        self,
        event_id: str,
        updates: Mapping[str, object],
        *,
        user: str,
        expect_version: int,
        action: str = "edit",
        sticky: tuple[str, ...] = (),
    ) -> int:
        """Set overlay keys of one event (checked values) from `expect_version`; one audit
        entry per changed key (`action`, key, old -> new, "versie N"). Returns the version."""
        # Work out and check the new state first, outside the write lock; the write below
        # only goes ahead when the event is still at the version this was based on.
        with self._read() as conn:
            ev = self._event_row(conn, event_id)
            ov = self._overlay_row(conn, event_id)
        version = self._check_version(event_id, ov, expect_version)
        new, diffs = self._plan(ev, ov, updates, sticky)
        if not diffs:
            return version
        self._check_row(ev, new)
        with self._write(user) as conn:
            self._event_row(conn, event_id)
            ov = self._overlay_row(conn, event_id)
            self._check_version(event_id, ov, expect_version)
            version = self._save_changes(conn, user, event_id, ov, new, diffs, action)
        log.info(
            "%s %s: version %d (%s)", action, event_id, version, ", ".join(d[0] for d in diffs)
        )
        return version

    def _save_changes(self, conn, user, event_id, ov, new, diffs, action, details=None) -> int:
        """Write planned changes inside a write transaction; `details` (one per diff) replace
        the audit's "versie N"."""
        version = ov.version if ov is not None else 0
        values = {"changes": json.dumps(new, ensure_ascii=False), "updated_by": user}
        version = self._save_overlay(conn, event_id, ov, version, values)
        for i, (name, old, value) in enumerate(diffs):
            detail = details[i] if details else f"versie {version}"
            self._audit(conn, user, action, event_id, name, old, value, detail=detail)
        return version

    def delete(self, event_id: str, *, user: str, reason: str, expect_version: int) -> int:
        """Soft-delete an event (hidden from the table, kept in the store); returns the new
        version. A reason is required."""
        if not reason or not reason.strip():
            raise FieldError("geef een reden voor het verwijderen (--reason)")
        return self._set_deleted(event_id, True, reason.strip(), user, expect_version)

    def restore(self, event_id: str, *, user: str, expect_version: int) -> int:
        """Undo a soft delete; returns the new version."""
        return self._set_deleted(event_id, False, None, user, expect_version)

    def _set_deleted(self, event_id, deleted, reason, user, expect_version) -> int:
        with self._write(user) as conn:
            self._event_row(conn, event_id)
            ov = self._overlay_row(conn, event_id)
            version = self._check_version(event_id, ov, expect_version)
            if bool(ov is not None and ov.deleted) == deleted:
                raise StoreError(f"{event_id} is al {'verwijderd' if deleted else 'zichtbaar'}")
            values = {"deleted": deleted, "delete_reason": reason, "updated_by": user}
            version = self._save_overlay(conn, event_id, ov, version, values)
            action = "delete" if deleted else "restore"
            self._audit(conn, user, action, event_id, detail=reason)
        log.info("%s %s: version %d", action, event_id, version)
        return version

    # --- manual events -------------------------------------------------------------------------

    def add_event(
        self,
        fields: Mapping[str, object],
        *,
        user: str,
        source: str = MANUAL_SOURCE,
        who: str | None = None,
        when: str | None = None,
    ) -> str:
        """Add an event the sources do not have (say from an interview: source "gesprek met
        professional", `who` was spoken to, `when`). Takes EDITABLE_FIELDS (description
        required; event_type defaults to note); returns its id: `ev-` + 16 hex from its
        content, its author and the moment it was created."""
        clean = check_changes(fields, self.fields)
        clean.setdefault("date_raw", None)  # no date: precision unknown, with a warning
        if not clean.get("description"):
            raise FieldError("een nieuwe gebeurtenis heeft een description nodig")
        source = (source or MANUAL_SOURCE).strip()
        created = now()
        row = {c: None for c in COLUMNS} | {"event_type": "note", "date_precision": "unknown"}
        row["organisation_raw"] = (str(fields.get("organisation") or "").strip()) or None
        ctx = self.fields
        if clean.get("organisation") and not clean.get("domain") and ctx.registry is not None:
            org = ctx.registry.get(clean["organisation"])
            clean.setdefault("domain", org.domain if org else None)
        mentioned = ctx.persons.mentions(clean["description"])
        named = clean["persons"].split(PERSON_SEPARATOR) if clean.get("persons") else []
        clean["persons"] = PERSON_SEPARATOR.join(dict.fromkeys(named + mentioned)) or None
        provenance = {"bron": source, "wie": who, "wanneer": when, "ingevoerd door": user}
        provenance["ingevoerd op"] = created.isoformat(timespec="seconds")
        row["source_text"] = json.dumps(
            {k: v for k, v in provenance.items() if v}, ensure_ascii=False
        )
        row["source_file"] = source
        digest = hashlib.blake2b(
            json.dumps([clean, provenance], sort_keys=True, ensure_ascii=False).encode(),
            digest_size=8,
        )
        row["event_id"] = event_id = "ev-" + digest.hexdigest()
        row["source_row"] = 1  # numbered below, under the write lock
        applied = apply_overlay(
            prepare(pd.DataFrame([row]).assign(position=None)),
            pd.DataFrame([{"event_id": event_id, "changes": clean, "deleted": False}]),
            {},
        )
        failures = validate(applied)
        if len(failures):
            raise FieldError(
                "de gebeurtenis is ongeldig: "
                + ", ".join(f"{r.column} {r.check}" for r in failures.itertuples())
            )
        values = applied.astype(object).where(applied.notna(), None).to_dict("records")[0]
        with self._write(user) as conn:
            e = t.events.c
            number = conn.execute(
                sa.select(sa.func.count()).where(e.origin == "manual", e.source_file == source)
            ).scalar()
            values["source_row"] = number + 1
            conn.execute(
                t.events.insert().values(
                    **values, origin="manual", created_by=user, created_at=created
                )
            )
            self._audit(conn, user, "add", event_id, new=clean, detail=source)
        log.info("add %s (manual, %d fields)", event_id, len(clean))
        return event_id

    # --- annotations and tags ------------------------------------------------------------------

    def annotate(self, event_id: str, text: str, *, user: str) -> int:
        """Add a note to an event; returns its number."""
        if not text or not text.strip():
            raise FieldError("een notitie mag niet leeg zijn")
        with self._write(user) as conn:
            self._event_row(conn, event_id)
            number = conn.execute(
                t.annotations.insert().values(
                    event_id=event_id, text=text.strip(), actor=user, at=now()
                )
            ).inserted_primary_key[0]
            detail = f"notitie {number}"
            self._audit(conn, user, "annotate", event_id, new=text.strip(), detail=detail)
        log.info("annotate %s: note %d", event_id, number)
        return int(number)

    def tag(self, event_id: str, tag: str, *, user: str, remove: bool = False) -> bool:
        """Add (or remove) a tag; returns whether anything changed."""
        tag = (tag or "").strip()
        if not tag:
            raise FieldError("een label mag niet leeg zijn")
        where = (t.tags.c.event_id == event_id, t.tags.c.tag == tag)
        with self._write(user) as conn:
            self._event_row(conn, event_id)
            has = conn.execute(sa.select(t.tags.c.tag).where(*where)).first() is not None
            if has == (not remove):
                return False
            if remove:
                conn.execute(sa.delete(t.tags).where(*where))
                self._audit(conn, user, "untag", event_id, old=tag)
            else:
                row = {"event_id": event_id, "tag": tag, "actor": user, "at": now()}
                conn.execute(t.tags.insert().values(row))
                self._audit(conn, user, "tag", event_id, new=tag)
        log.info("%s %s", "untag" if remove else "tag", event_id)
        return True

    def annotations(self, event_id: str | None = None) -> pd.DataFrame:
        """Notes (id, event_id, text, actor, at), oldest first."""
        q = sa.select(t.annotations).order_by(t.annotations.c.id)
        if event_id:
            q = q.where(t.annotations.c.event_id == event_id)
        with self._read() as conn:
            return pd.read_sql(q, conn)

    def tags(self, event_id: str | None = None) -> pd.DataFrame:
        """Tags (event_id, tag, actor, at)."""
        q = sa.select(t.tags).order_by(t.tags.c.event_id, t.tags.c.tag)
        if event_id:
            q = q.where(t.tags.c.event_id == event_id)
        with self._read() as conn:
            return pd.read_sql(q, conn)

    # --- saved views ---------------------------------------------------------------------------

    def save_view(self, name: str, query: str, *, user: str) -> None:
        """Save (or replace) a named view: the timeline's URL query."""
        from reconstruct.chapters import check_view, normalise_view

        name, query = (name or "").strip(), normalise_view(query)
        if not name:
            raise FieldError("een weergave heeft een naam nodig")
        check_view(query, f"weergave '{name}'")
        with self._write(user) as conn:
            old = conn.execute(
                sa.select(t.saved_views.c.query).where(t.saved_views.c.name == name)
            ).scalar()
            conn.execute(sa.delete(t.saved_views).where(t.saved_views.c.name == name))
            row = {"name": name, "query": query, "actor": user, "at": now()}
            conn.execute(t.saved_views.insert().values(row))
            self._audit(conn, user, "view", field=name, old=old, new=query)

    def delete_view(self, name: str, *, user: str) -> None:
        with self._write(user) as conn:
            old = conn.execute(
                sa.select(t.saved_views.c.query).where(t.saved_views.c.name == name)
            ).scalar()
            if old is None:
                raise NotFoundError(f"geen weergave '{name}'")
            conn.execute(sa.delete(t.saved_views).where(t.saved_views.c.name == name))
            self._audit(conn, user, "view_delete", field=name, old=old)

    def views(self) -> pd.DataFrame:
        """Saved views: name, query, actor, at."""
        with self._read() as conn:
            return pd.read_sql(sa.select(t.saved_views).order_by(t.saved_views.c.name), conn)
