"""Helper for test_crash.py: writes to a case store until it is killed.

    python tests/store/crash_helper.py edits CASE DB START EVENT_ID...
        edits the events in turn, one transaction each, and prints "committed EVENT_ID N"
        after each commit (description "bewerking N", N counting up from START)
    python tests/store/crash_helper.py import CASE DB COPIES
        prints "importing", imports the case's events plus COPIES synthetic copies of each in
        one transaction, then prints "imported"

DB is a database URL, or "-" for CASE/case.db.
"""

from __future__ import annotations

import hashlib
import sys
import time

import pandas as pd

from reconstruct.store import open_store


def edits(store, start: int, ids: list[str]) -> None:
    versions = {eid: store.version(eid) for eid in ids}
    n = start
    while True:
        eid = ids[n % len(ids)]
        versions[eid] = store.edit(
            eid, {"description": f"bewerking {n}"}, user="helper", expect_version=versions[eid]
        )
        print(f"committed {eid} {n}", flush=True)
        n += 1


def big_import(store, copies: int) -> None:
    events = store.events()
    frames = [events]
    for k in range(copies):
        copy = events.copy()
        copy["event_id"] = [
            "ev-" + hashlib.blake2b(f"{e}/{k}".encode(), digest_size=8).hexdigest()
            for e in events["event_id"]
        ]
        copy["duplicate_of"] = None
        frames.append(copy)
    table = pd.concat(frames, ignore_index=True)
    print("importing", flush=True)
    started = time.monotonic()
    store.import_events(table, user="helper")
    print(f"imported {len(table)} in {time.monotonic() - started:.1f}s", flush=True)


def main(argv: list[str]) -> None:
    mode, case, db = argv[:3]
    with open_store(case, None if db == "-" else db) as store:
        if mode == "edits":
            edits(store, int(argv[3]), argv[4:])
        else:
            big_import(store, int(argv[3]))


if __name__ == "__main__":
    main(sys.argv[1:])
