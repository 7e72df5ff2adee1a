"""Undo: take back a user's last actions, read from the audit log.

Undoable are edit, confirm, reject, merge, unlink (their fields go back to the old values),
delete and restore (reversed), add (the manual event is soft-deleted: nothing is ever removed),
annotate (the note is taken away; its text stays in the audit log), tag and untag. An undo is
itself an action: one audit entry "undo" per entry it takes back, naming it (`edit #12`), so
the log tells the whole story and the next undo goes one step further back. Undoing is refused,
with nothing written, when someone else changed the same event (or the same label) since:
their work is never overwritten silently (ConflictError, as for a stale edit).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

import sqlalchemy as sa

from reconstruct.store import tables as t
from reconstruct.store.core import ConflictError, StoreError, now
from reconstruct.store.edits import same_value
from reconstruct.store.history import ACTION_LABELS, FIELD_LABELS
from reconstruct.store.report import local_time

log = logging.getLogger("reconstruct.store")

FIELD_ACTIONS = ("edit", "confirm", "reject", "merge", "unlink")
"""Actions that change overlay keys, one audit entry per key (field, old -> new)."""
UNDOABLE = (*FIELD_ACTIONS, "delete", "restore", "add", "annotate", "tag", "untag")
_OVERLAY = (*FIELD_ACTIONS, "delete", "restore", "add", "resolve", "undo")
"""Later entries by someone else that conflict with undoing an overlay action."""
_REFERENCE = re.compile(r"#(\d+)")
_SAME_ACTION = dt.timedelta(seconds=2)
"""Audit entries written before edits named their version belong to one edit when they are
this close (they were written in one transaction)."""


def _loads(value):
    return json.loads(value) if value is not None else None


def _refs(entry) -> list[int]:
    """The audit ids an undo entry took back."""
    return [int(n) for n in _REFERENCE.findall(entry.detail or "")]


def _label(entry) -> str | None:
    return _loads(entry.new) if entry.action == "tag" else _loads(entry.old)


class UndoMixin:
    """Store methods that undo a user's last actions."""

    def _pending(self, conn, user: str) -> list[list]:
        """The user's undoable actions not undone yet, newest first; each a list of audit
        rows (one per field for FIELD_ACTIONS)."""
        a = t.audit.c
        rows = conn.execute(
            sa.select(t.audit)
            .where(a.actor == user, a.action.in_((*UNDOABLE, "undo")))
            .order_by(a.id)
        ).all()
        undone = {n for r in rows if r.action == "undo" for n in _refs(r)}
        todo = [r for r in rows if r.action != "undo" and r.id not in undone]
        actions: list[list] = []
        for r in reversed(todo):
            last = actions[-1][-1] if actions else None
            if last is not None and r.action in FIELD_ACTIONS and self._same_action(last, r):
                actions[-1].append(r)
            else:
                actions.append([r])
        return actions

    @staticmethod
    def _same_action(a, b) -> bool:
        if (a.action, a.event_id) != (b.action, b.event_id) or a.field == b.field:
            return False
        if a.detail or b.detail:
            return a.detail == b.detail  # "versie N"
        return abs(a.at - b.at) <= _SAME_ACTION

    def last_action(self, user: str) -> dict | None:
        """What `undo(user=user)` would take back next: action, event_id, fields, at and a
        Dutch description; None when there is nothing to undo."""
        with self._read() as conn:
            pending = self._pending(conn, user)
        return _describe(pending[0]) if pending else None

    def undo(self, *, user: str, steps: int = 1) -> list[dict]:
        """Undo `user`'s last `steps` actions, newest first, each in its own transaction;
        returns what was undone (as last_action describes it). Raises StoreError when there
        is nothing (more) to undo and ConflictError when someone else changed the event
        since; the message says how many steps were undone before that."""
        if steps < 1:
            raise StoreError("het aantal stappen is minstens 1")
        done: list[dict] = []
        for _ in range(steps):
            try:
                done.append(self._undo_one(user))
            except StoreError as err:
                if not done:
                    raise
                raise type(err)(f"{len(done)} stap(pen) ongedaan gemaakt; daarna: {err}") from err
        return done

    def _undo_one(self, user: str) -> dict:
        with self._write(user) as conn:
            pending = self._pending(conn, user)
            if not pending:
                raise StoreError(f"er is niets (meer) ongedaan te maken van {user}")
            group = pending[0]
            first = min(r.id for r in group)
            self._refuse_if_changed_since(conn, user, group[0], first)
            action = group[0].action
            if action in FIELD_ACTIONS:
                self._undo_fields(conn, user, group)
            elif action in ("delete", "restore", "add"):
                self._undo_deleted(conn, user, group[0])
            elif action == "annotate":
                self._undo_annotate(conn, user, group[0])
            else:
                self._undo_tag(conn, user, group[0])
        described = _describe(group)
        log.info("undo %s %s (audit %s)", action, group[0].event_id, first)
        return described

    def _refuse_if_changed_since(self, conn, user: str, entry, since: int) -> None:
        a = t.audit.c
        later = conn.execute(
            sa.select(t.audit)
            .where(a.id > since, a.event_id == entry.event_id, a.actor != user)
            .order_by(a.id)
        ).all()
        # Someone's action since, and their undo of it, cancel out.
        undone = {n for r in later if r.action == "undo" for n in _refs(r)}
        later = [
            r
            for r in later
            if r.id not in undone
            and not (r.action == "undo" and all(int(n) > since for n in _refs(r)))
        ]
        if entry.action in ("tag", "untag"):
            label = _label(entry)
            later = [
                r
                for r in later
                if (r.action in ("tag", "untag") and _label(r) == label)
                or (r.action == "undo" and (r.detail or "").split(" ")[0] in ("tag", "untag"))
            ]
        elif entry.action == "annotate":
            later = []  # a note is the author's own; others' work does not touch it
        else:
            later = [r for r in later if r.action in _OVERLAY]
        if later:
            r = later[0]
            raise ConflictError(
                f"{r.actor} heeft {entry.event_id} intussen gewijzigd "
                f"({ACTION_LABELS.get(r.action, r.action)}, {local_time(r.at)}); "
                "er is niets ongedaan gemaakt (zie de historie van de gebeurtenis)."
            )

    def _undo_fields(self, conn, user: str, group: list) -> None:
        event_id = group[0].event_id
        ev = self._event_row(conn, event_id)
        ov = self._overlay_row(conn, event_id)
        current = json.loads(ov.changes) if ov is not None else {}
        new = dict(current)
        for r in group:  # back to the old value; where that is the source's, no override
            value = _loads(r.old)
            if same_value(getattr(ev, r.field, None), value):
                new.pop(r.field, None)
            else:
                new[r.field] = value
        self._check_row(ev, new)
        if new != current:
            values = {"changes": json.dumps(new, ensure_ascii=False), "updated_by": user}
            self._save_overlay(conn, event_id, ov, ov.version if ov else 0, values)
        for r in group:
            was = current.get(r.field, getattr(ev, r.field, None))
            detail = f"{r.action} #{r.id}"
            self._audit(conn, user, "undo", event_id, r.field, was, _loads(r.old), detail=detail)

    def _undo_deleted(self, conn, user: str, entry) -> None:
        event_id = entry.event_id
        self._event_row(conn, event_id)
        ov = self._overlay_row(conn, event_id)
        deleted = bool(ov is not None and ov.deleted)
        if entry.action == "delete":
            want, reason = False, None
        elif entry.action == "restore":
            a = t.audit.c
            reason = conn.execute(
                sa.select(a.detail)
                .where(a.event_id == event_id, a.action == "delete", a.id < entry.id)
                .order_by(a.id.desc())
                .limit(1)
            ).scalar()
            want, reason = True, reason or "terugzetten ongedaan gemaakt"
        else:  # add: the manual event is hidden, never removed
            want, reason = True, "toevoegen ongedaan gemaakt"
        if deleted == want:
            raise ConflictError(
                f"{event_id} is al {'verwijderd' if want else 'zichtbaar'}; niets ongedaan gemaakt"
            )
        values = {"deleted": want, "delete_reason": reason, "updated_by": user}
        self._save_overlay(conn, event_id, ov, ov.version if ov else 0, values)
        self._audit(
            conn,
            user,
            "undo",
            event_id,
            old=deleted,
            new=want,
            detail=f"{entry.action} #{entry.id}",
        )

    def _undo_annotate(self, conn, user: str, entry) -> None:
        n = t.annotations.c
        number = re.fullmatch(r"notitie (\d+)", entry.detail or "")
        if number:
            where = n.id == int(number.group(1))
        else:  # written before the audit named the note
            where = sa.and_(
                n.event_id == entry.event_id, n.actor == entry.actor, n.text == _loads(entry.new)
            )
        found = conn.execute(sa.select(n.id).where(where).order_by(n.id.desc()).limit(1)).scalar()
        if found is None:
            raise StoreError(f"de notitie bij {entry.event_id} bestaat niet meer")
        conn.execute(sa.delete(t.annotations).where(n.id == found))
        self._audit(
            conn,
            user,
            "undo",
            entry.event_id,
            old=_loads(entry.new),
            detail=f"annotate #{entry.id}",
        )

    def _undo_tag(self, conn, user: str, entry) -> None:
        event_id = entry.event_id
        self._event_row(conn, event_id)
        label = _label(entry)
        where = (t.tags.c.event_id == event_id, t.tags.c.tag == label)
        has = conn.execute(sa.select(t.tags.c.tag).where(*where)).first() is not None
        if has != (entry.action == "tag"):
            raise ConflictError(f"het label '{label}' van {event_id} is intussen veranderd")
        if entry.action == "tag":
            conn.execute(sa.delete(t.tags).where(*where))
            old, new = label, None
        else:
            row = {"event_id": event_id, "tag": label, "actor": user, "at": now()}
            conn.execute(t.tags.insert().values(row))
            old, new = None, label
        detail = f"{entry.action} #{entry.id}"
        self._audit(conn, user, "undo", event_id, old=old, new=new, detail=detail)


def _describe(group: list) -> dict:
    r = group[0]
    fields = [g.field for g in group if g.field]
    what = ACTION_LABELS.get(r.action, r.action)
    if r.action == "edit" and fields:
        what += " van " + ", ".join(FIELD_LABELS.get(f, f) for f in fields)
    elif r.action in ("tag", "untag"):
        what += f" '{_label(r)}'"
    return {
        "action": r.action,
        "event_id": r.event_id,
        "fields": fields,
        "at": r.at,
        "description": f"{what} ({r.event_id})",
    }
