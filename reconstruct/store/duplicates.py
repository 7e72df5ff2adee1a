"""The inspector's word on duplicates: merge an event into another as its duplicate, or unlink
a duplicate, as overlay edits of `duplicate_of`.

The import links duplicates automatically (reconstruct.merge); the inspector's decision is
kept in the overlay and wins over every later re-import: an unlinked event stays unlinked when
the import links it again, a merged one stays merged when the import no longer links it. Both
are audited ("merge", "unlink") and undone like any edit. The effective table follows chains
(B merged into A, A a duplicate of C: B points at C) and soft deletes (see overlay.py).
"""

from __future__ import annotations

import sqlalchemy as sa

from reconstruct.store import tables as t
from reconstruct.store.core import StoreError
from reconstruct.store.overlay import LINK, FieldError


class DuplicatesMixin:
    """Store methods that merge and unlink duplicates."""

    def _links(self) -> dict[str, str]:
        """Every present event's duplicate link as stored or set by the inspector (chains not
        followed)."""
        e = t.events.c
        with self._read() as conn:
            rows = conn.execute(
                sa.select(e.event_id, e.duplicate_of).where(e.removed_import.is_(None))
            ).all()
            overlay = self._overlay_frame(conn)
        links = {r.event_id: r.duplicate_of for r in rows if r.duplicate_of}
        for r in overlay.itertuples(index=False):
            if LINK in r.changes:
                links.pop(r.event_id, None)
                if r.changes[LINK]:
                    links[r.event_id] = r.changes[LINK]
        return links

    def merge(self, event_id: str, into: str, *, user: str, expect_version: int) -> int:
        """Mark `event_id` as a duplicate of `into` (the same event recorded twice); returns
        its new version. Events that duplicated `event_id` follow it into `into`'s group.
        Refused when `into` is `event_id` itself, soft-deleted, or already one of its
        duplicates (unlink that first)."""
        into = (into or "").strip()
        if into == event_id:
            raise FieldError("een gebeurtenis kan geen dubbel van zichzelf zijn")
        with self._read() as conn:
            self._event_row(conn, into)
            target = self._overlay_row(conn, into)
        if target is not None and target.deleted:
            raise StoreError(f"{into} is verwijderd; zet het eerst terug ('restore')")
        links = self._links()
        j, seen = into, set()
        while j in links and j not in seen:  # would `into` end up a duplicate of itself?
            seen.add(j)
            j = links[j]
            if j == event_id:
                raise StoreError(
                    f"{into} is zelf als dubbel van {event_id} gekoppeld; ontkoppel dat eerst "
                    f"('unlink {into}') of voeg andersom samen"
                )
        return self._change(
            event_id,
            {LINK: into},
            user=user,
            expect_version=expect_version,
            action="merge",
            sticky=(LINK,),
        )

    def unlink(self, event_id: str, *, user: str, expect_version: int) -> int:
        """Mark `event_id` as no duplicate (of anything), also when a re-import links it
        again; returns its new version. Refused when it is not linked as a duplicate."""
        if event_id not in self._links():
            with self._read() as conn:
                self._event_row(conn, event_id)  # an unknown id says so first
            raise StoreError(f"{event_id} is niet als dubbel gekoppeld; niets te ontkoppelen")
        return self._change(
            event_id,
            {LINK: None},
            user=user,
            expect_version=expect_version,
            action="unlink",
            sticky=(LINK,),
        )
