"""The benchmark tools stay usable: the synthetic source case ingests with every row accounted
for, and the benchmark scripts run end to end at a tiny size (their numbers are not checked)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from benchmarks import bench_cases, bench_ingest
from benchmarks.sources import MANIFEST_FILE, write_source_case
from reconstruct.case import load_case
from reconstruct.ingest import ingest_case


@pytest.fixture(scope="module")
def source_case(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench") / "case"
    manifest = write_source_case(folder, rows=300, seed=3)
    return folder, manifest, ingest_case(load_case(folder))


def test_generator_writes_a_case_of_every_format(source_case):
    folder, manifest, _ = source_case
    assert json.loads((folder / MANIFEST_FILE).read_text("utf-8"))["rows"] == 300
    assert sum(f["rows"] for f in manifest["files"].values()) == 300
    suffixes = {name.rsplit(".", 1)[1] for name in manifest["files"]}
    assert suffixes == {"csv", "json", "jsonl", "xlsx", "txt"}
    assert (folder / "profiles" / "jgz.yaml").exists() and (folder / "case.yaml").exists()


def test_generator_is_deterministic(tmp_path):
    a = write_source_case(tmp_path / "a", rows=150, seed=9)
    b = write_source_case(tmp_path / "b", rows=150, seed=9)
    assert a == b
    for name in a["files"]:
        assert (tmp_path / "a/sources" / name).read_bytes() == (
            tmp_path / "b/sources" / name
        ).read_bytes()


def test_every_row_is_accounted_for(source_case):
    _, manifest, result = source_case
    assert result.ok, result.errors or result.schema_failures
    by_file = {f.file: f for f in result.files}
    assert set(by_file) == set(manifest["files"])
    for name, expected in manifest["files"].items():
        report = by_file[name]
        assert report.rows_read == report.rows_kept + report.rows_rejected == expected["rows"]
        assert report.rows_rejected == expected["rejected"], name
    assert sum(f.rows_read for f in result.files) == 300


def test_dirty_rows_are_rejected_with_their_reason_or_kept_with_a_warning(source_case):
    _, manifest, result = source_case
    rejected = result.rejected
    assert len(rejected) == sum(f["rejected"] for f in manifest["files"].values()) > 0
    assert rejected["reason"].str.len().gt(0).all()
    reasons = " ".join(rejected["reason"])
    assert "lege rij" in reasons and "velden, de kopregel" in reasons
    warnings = " ".join(result.events["warnings"].dropna())
    assert "staat niet in het register" in warnings or "datum niet herkend" in warnings


def test_dates_are_read_with_the_precision_they_were_written_with(source_case):
    _, manifest, result = source_case
    events = result.events
    for name, expected in manifest["files"].items():
        found = Counter(events.loc[events["source_file"] == name, "date_precision"])
        assert dict(found) == expected["precisions"], name
    written = Counter()
    for entry in manifest["files"].values():
        written.update(entry["precisions"])
    assert {"day", "month", "season", "quarter", "year", "period", "unknown"} <= set(written)


def test_bench_ingest_smoke(tmp_path):
    out = tmp_path / "ingest.json"
    assert bench_ingest.main(["--sizes", "300", "--out", str(out), "--dateutil-max", "50"]) == 0
    report = json.loads(out.read_text("utf-8"))
    row = report["results"][0]
    assert row["ingest"]["rows_read"] == 300 and row["ingest"]["ok"]
    assert row["read_csv"]["rows"] > 0 and row["dates"]["rows"] > 0
    assert "| 300 |" in out.with_suffix(".md").read_text("utf-8")


def test_bench_cases_smoke(tmp_path):
    out = tmp_path / "cases.json"
    args = ["--cases", "4", "--ingested", "1", "--repeat", "1", "--out", str(out)]
    assert bench_cases.main(args) == 0
    result = json.loads(out.read_text("utf-8"))["result"]
    assert result["same_answer"] and result["made"]["cases"] == 4
