"""Large cases are read in worker processes, one file each; the table is the same as when every
file is read here, and a bad file is still reported by name."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest

from reconstruct import ingest, parallel
from reconstruct.case import load_case

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


@pytest.fixture
def case(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("derived", "case.db*", ".uploads"))
    return load_case(folder)


def _same(a: ingest.IngestResult, b: ingest.IngestResult) -> None:
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.rejected, b.rejected)
    assert [vars(f) for f in a.files] == [vars(f) for f in b.files]
    assert a.errors == b.errors


def test_workers_give_the_same_table(case, monkeypatch):
    used = []
    real_run = ingest._run
    monkeypatch.setattr(ingest, "_run", lambda jobs, n: used.append(n) or real_run(jobs, n))
    here = ingest.ingest_case(case, workers=1)
    monkeypatch.setattr(ingest, "_workers", lambda files, asked: 2)
    forked = ingest.ingest_case(case)
    assert used == [1, 2]
    assert len(here.events) > 100 and here.events["suggested_event_type"].notna().any()
    _same(here, forked)


def test_a_bad_file_is_reported_from_a_worker(case, monkeypatch):
    (case.sources_dir / "kapot.xlsx").write_bytes(b"PK\x03\x04 geen echte werkmap")
    monkeypatch.setattr(ingest, "_workers", lambda files, asked: 2)
    result = ingest.ingest_case(case)
    bad = [f for f in result.files if f.file == "kapot.xlsx"]
    assert len(bad) == 1 and not bad[0].ok and "kapot.xlsx" in bad[0].error
    assert not result.ok and len(result.events) > 100  # the other files are read


def test_small_cases_and_threaded_processes_read_here(case, monkeypatch):
    files = case.source_files()
    real_count = threading.active_count
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    assert ingest._workers(files, None) == 1  # the demo is far below PARALLEL_BYTES
    monkeypatch.setattr(ingest, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert ingest._workers(files, None) == 2
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    assert ingest._workers(files, None) == 1
    monkeypatch.setenv(parallel.WORKERS_ENV, "twee")
    with pytest.raises(ValueError, match=parallel.WORKERS_ENV):
        ingest._workers(files, None)
    monkeypatch.delenv(parallel.WORKERS_ENV)
    monkeypatch.setattr(parallel.threading, "active_count", real_count)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:  # a running app has request threads: no fork from there
        assert ingest._workers(files, None) == 1
    finally:
        stop.set()
        worker.join()


def test_a_worker_forks_no_workers_of_its_own(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 4)
    assert parallel.worker_count() == 4 and parallel.worker_count(2) == 2
    monkeypatch.setenv(parallel._IN_WORKER, "1")  # what mark_worker sets
    assert not parallel.may_fork() and parallel.worker_count() == 1


def test_the_parquet_file_waits_for_the_store_import(case, monkeypatch):
    from reconstruct.store.imports import ImportsMixin

    result = ingest.ingest_case(case)
    assert ingest.write_result(case, result, user="importeur")
    parquet = case.derived_dir / ingest.EVENTS_FILE
    before = parquet.read_bytes()
    pd.testing.assert_frame_equal(
        pd.read_parquet(parquet), result.events, check_dtype=False, check_index_type=False
    )

    def broken(self, *args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(ImportsMixin, "import_result", broken)
    shorter = ingest.IngestResult(
        result.events.head(10), result.files, result.rejected, result.schema_failures
    )
    with pytest.raises(RuntimeError, match="schijf vol"):
        ingest.write_result(case, shorter, user="importeur")
    assert parquet.read_bytes() == before  # the previous table stays, no temporary file left
    assert sorted(p.name for p in case.derived_dir.iterdir()) == sorted(
        [ingest.EVENTS_FILE, ingest.REPORT_FILE]
    )


def _dies_in_a_worker(job):
    if os.environ.get(parallel._IN_WORKER) == "1":
        os._exit(3)  # as a worker killed for want of memory
    return REAL_INGEST_FILE(job)


REAL_INGEST_FILE = ingest._ingest_file


def test_a_worker_that_dies_leaves_the_reading_to_this_process(case, monkeypatch, caplog):
    here = ingest.ingest_case(case, workers=1)
    monkeypatch.setattr(ingest, "_ingest_file", _dies_in_a_worker)
    monkeypatch.setattr(ingest, "_workers", lambda files, asked: 2)
    with caplog.at_level("WARNING", logger="reconstruct.ingest"):
        again = ingest.ingest_case(case)
    assert "worker" in caplog.text
    _same(here, again)
