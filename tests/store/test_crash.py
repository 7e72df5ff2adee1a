"""A process killed (SIGKILL) in the middle of a save or an import leaves a case that opens,
passes the database's own integrity check and holds every edit reported as committed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reconstruct.store import open_store
from tests.conftest import ROOT

HELPER = Path(__file__).with_name("crash_helper.py")


def _spawn(*args) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(HELPER), *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()


def test_killed_while_saving_edits_keeps_every_committed_edit(store, case_dir, db):
    ids = store.events()["event_id"].iloc[:4].tolist()
    reported: dict[str, int] = {}
    every: list[int] = []
    rng = random.Random(7)
    for round_no in range(3):
        proc = _spawn("edits", case_dir, db or "-", round_no * 10_000, *ids)
        wanted = rng.randint(6, 14)
        for line in proc.stdout:
            _, eid, n = line.split()
            reported[eid] = int(n)
            every.append(int(n))
            if len(every) >= wanted * (round_no + 1):
                break
        _kill(proc)  # most likely in the middle of the next edit's transaction
        with open_store(case_dir, db) as after:
            assert after.integrity() == []
            table = after.events().set_index("event_id")
            for eid, n in reported.items():
                # the last reported edit, or one that committed before its line was printed
                shown = int(table.loc[eid, "description"].split()[-1])
                assert shown >= n and shown % 10_000 >= n % 10_000
            log = after.audit()
            saved = {int(v.split()[-1]) for v in log.loc[log["field"] == "description", "new"]}
            assert set(every) <= saved
            assert len(saved) - len(every) <= round_no + 1  # at most one unreported per kill
            for eid in ids:  # versions stayed consistent with the audit
                assert after.version(eid) == int((log["event_id"] == eid).sum())


def test_killed_during_an_import_leaves_the_previous_or_the_new_table(store, case_dir, db):
    ids = store.events()["event_id"].iloc[:2].tolist()
    for k, eid in enumerate(ids):
        store.edit(eid, {"severity": k}, user="anna", expect_version=0)
    before = store.events()
    proc = _spawn("import", case_dir, db or "-", 60)
    assert proc.stdout.readline().strip() == "importing", proc.stderr.read()
    time.sleep(0.3)
    _kill(proc)
    finished = proc.stdout.read()
    with open_store(case_dir, db) as after:
        assert after.integrity() == []
        table = after.events()
        if finished:  # the import committed before the kill: all of it
            assert len(table) == len(before) * 61
        else:
            assert table.equals(before)
            assert len(after.imports()) == 1
        for k, eid in enumerate(ids):
            assert table.set_index("event_id").loc[eid, "severity"] == k
        # the case can be imported again after the crash
        after.import_events(before, user="anna")
        assert after.events().equals(before)
