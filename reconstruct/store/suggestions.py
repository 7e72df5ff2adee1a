"""The inspector's word on the lexicon's suggestions (`suggested_event_type`, `_subtype`,
`_severity`): confirm one, which copies it into the event's own type, subtype and severity as
an edit, or reject it, so it is no longer offered.

A rejection stores the suggestion it turned down in the overlay (`suggestion_rejected`); the
effective table leaves the suggestion out for as long as the import makes exactly that one, so
a re-import keeps it rejected, and a different suggestion (a changed text or lexicon) is
offered again. Both are audited ("confirm", "reject") and undone like any edit.
"""

from __future__ import annotations

from reconstruct.store.core import StoreError
from reconstruct.store.overlay import REJECTED, suggestion_of


class SuggestionsMixin:
    """Store methods that confirm or reject a suggested type."""

    def _suggestion(self, event_id: str) -> dict:
        with self._read() as conn:
            ev = self._event_row(conn, event_id)
        found = suggestion_of(ev._mapping)
        if found is None:
            raise StoreError(f"{event_id} heeft geen voorgestelde soort; niets over te nemen")
        return found

    def confirm(self, event_id: str, *, user: str, expect_version: int) -> int:
        """Take the suggestion over: its type and subtype, and its severity when it gives one,
        become the event's own (a rejection of it is withdrawn); returns the new version."""
        s = self._suggestion(event_id)
        updates = {"event_type": s["event_type"], "subtype": s["subtype"]}
        if s["severity"] is not None:
            updates["severity"] = s["severity"]
        updates[REJECTED] = None
        return self._change(
            event_id, updates, user=user, expect_version=expect_version, action="confirm"
        )

    def reject(self, event_id: str, *, user: str, expect_version: int) -> int:
        """Turn the suggestion down: it is no longer offered for this event (also after a
        re-import that suggests the same); returns the new version."""
        return self._change(
            event_id,
            {REJECTED: self._suggestion(event_id)},
            user=user,
            expect_version=expect_version,
            action="reject",
        )
