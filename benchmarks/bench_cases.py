"""Benchmark of one thematic query over 1,000 cases: DuckDB over each case's exported
derived/events.parquet, beside the straightforward baseline (pandas, case by case).

.venv/bin/python benchmarks/bench_cases.py [--cases 1000] [--ingested 3] [--seed 0]
    [--repeat 3] [--workdir DIR] [--keep] [--out benchmarks/results/cases.json]

The cases: `--cases` folders, each with case.yaml and derived/events.parquet, the file
`python -m reconstruct ingest` writes (`result.events.to_parquet`). `--ingested` of them are
real ingests of synthetic source files (benchmarks/sources.py, 1,000 raw rows each); the others
are canonical event tables made directly by benchmarks/synthetic.py (`make_events`, 100 to 3,000
events per case, log-uniform), written the same way. Same columns, same dtypes.

The question (inspectorate theme "Samenwerking", a cross-case view): per case, how many
organisations were involved in the year before the first report of domestic violence (the first
event with subtype `domestic_violence`), duplicates left out. Answered by one DuckDB query over
all Parquet files at once (`read_parquet('.../case-*/derived/events.parquet')`), and by the
baseline: read each file with pandas and compute the same per case. Both answers must be equal
(checked). Reported: median of `--repeat` runs after one warm-up, plus the first (cold) run.
A second query (the share of cases with a care-avoidance event followed by a severity-3 signal
within a year) is timed once beside it. Writes cases.json and cases.md, prints the table.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for _p in (ROOT, HERE):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

COLUMNS = ["organisation", "event_type", "subtype", "severity", "date_start", "duplicate_of"]

QUERY = """
WITH ev AS (
    SELECT regexp_extract(filename, 'case-([0-9]+)', 1) AS case_id, organisation, subtype,
           date_start
    FROM read_parquet('{glob}', filename = true)
    WHERE duplicate_of IS NULL
),
first_dv AS (
    SELECT case_id, min(date_start) AS first_dv
    FROM ev WHERE subtype = 'domestic_violence' AND date_start IS NOT NULL
    GROUP BY case_id
)
SELECT f.case_id, f.first_dv, count(DISTINCT e.organisation) AS organisations
FROM first_dv f
LEFT JOIN ev e
    ON e.case_id = f.case_id
    AND e.date_start >= f.first_dv - INTERVAL 1 YEAR AND e.date_start < f.first_dv
    AND e.organisation IS NOT NULL AND e.organisation <> '(gezin)'
GROUP BY f.case_id, f.first_dv
ORDER BY f.case_id
"""

QUERY_AVOIDANCE = """
WITH ev AS (
    SELECT regexp_extract(filename, 'case-([0-9]+)', 1) AS case_id, event_type, severity,
           date_start
    FROM read_parquet('{glob}', filename = true)
    WHERE duplicate_of IS NULL AND date_start IS NOT NULL
),
hits AS (
    SELECT DISTINCT a.case_id
    FROM ev a JOIN ev s
        ON s.case_id = a.case_id AND s.event_type = 'signal' AND s.severity = 3
        AND s.date_start > a.date_start AND s.date_start <= a.date_start + INTERVAL 1 YEAR
    WHERE a.event_type = 'care_avoidance'
)
SELECT (SELECT count(*) FROM hits) AS cases_with_pattern,
       (SELECT count(DISTINCT case_id) FROM ev) AS cases
"""


def make_cases(work: Path, count: int, ingested: int, seed: int, log) -> dict:
    """Write `count` case folders under `work`; returns what was made."""
    import synthetic
    from sources import write_source_case

    from reconstruct.case import load_case
    from reconstruct.ingest import ingest_case
    from reconstruct.organisations import OrganisationRegistry

    # make_events loads the shipped registry for every table: once is enough here
    synthetic.OrganisationRegistry = type(
        "Registry", (), {"load": staticmethod(functools.cache(OrganisationRegistry.load))}
    )
    rng = np.random.default_rng(seed)
    sizes = np.exp(rng.uniform(np.log(100), np.log(3000), count)).astype(int)
    events = 0
    start = time.perf_counter()
    for i in range(count):
        folder = work / f"case-{i:04d}"
        if i < ingested:
            write_source_case(folder, 1000, seed=seed + i)
            result = ingest_case(load_case(folder))
            (folder / "derived").mkdir(exist_ok=True)
            result.events.to_parquet(folder / "derived" / "events.parquet", index=False)
            events += len(result.events)
        else:
            table = synthetic.make_events(int(sizes[i]), seed=seed + i)
            synthetic.write_case(table, folder, name=f"Synthetisch {i:04d}")
            events += len(table)
        if (i + 1) % 100 == 0:
            log(f"  {i + 1} cases written ({time.perf_counter() - start:.0f} s)")
    files = list(work.glob("case-*/derived/events.parquet"))
    return {
        "cases": count,
        "ingested": min(ingested, count),
        "events": events,
        "parquet_mb": sum(f.stat().st_size for f in files) / 2**20,
        "generate_s": time.perf_counter() - start,
    }


def duckdb_query(glob: str, sql: str = QUERY) -> pd.DataFrame:
    import duckdb

    with duckdb.connect() as con:
        return con.execute(sql.format(glob=glob)).df()


def pandas_baseline(work: Path) -> pd.DataFrame:
    """The same answer, case by case with pandas: what a script over the cases would do."""
    rows = []
    for path in sorted(work.glob("case-*/derived/events.parquet")):
        ev = pd.read_parquet(path, columns=COLUMNS)
        ev = ev[ev["duplicate_of"].isna()]
        dv = ev.loc[ev["subtype"] == "domestic_violence", "date_start"].dropna()
        if dv.empty:
            continue
        first = dv.min()
        year = ev[
            (ev["date_start"] >= first - pd.DateOffset(years=1))
            & (ev["date_start"] < first)
            & ev["organisation"].notna()
            & (ev["organisation"] != "(gezin)")
        ]
        case_id = path.parent.parent.name.split("-", 1)[1]
        rows.append((case_id, first, year["organisation"].nunique()))
    return pd.DataFrame(rows, columns=["case_id", "first_dv", "organisations"])


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """(first run s, median of `repeat` further runs s, last result)."""
    start = time.perf_counter()
    out = fn()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return first, statistics.median(times), out


def same_answer(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    a = a.assign(first_dv=pd.to_datetime(a["first_dv"]).astype("datetime64[ms]"))
    b = b.assign(first_dv=pd.to_datetime(b["first_dv"]).astype("datetime64[ms]"))
    a = a.sort_values("case_id").reset_index(drop=True)
    b = b.sort_values("case_id").reset_index(drop=True)
    return bool(
        len(a) == len(b)
        and (a["case_id"] == b["case_id"]).all()
        and (a["first_dv"] == b["first_dv"]).all()
        and (a["organisations"].astype(int) == b["organisations"].astype(int)).all()
    )


def markdown(r: dict) -> str:
    made, q, base = r["made"], r["duckdb"], r["pandas"]
    lines = [
        "| cases (ingested) | events | Parquet MB | DuckDB s (cold) | DuckDB s (warm, median) "
        "| pandas case by case s | speed-up | cases with a DV report | median organisations "
        "in the year before | care avoidance then severity 3 within a year (DuckDB s) |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {made['cases']:,} ({made['ingested']}) | {made['events']:,} "
        f"| {made['parquet_mb']:.0f} | {q['first_s']:.2f} | {q['median_s']:.2f} "
        f"| {base['median_s']:.2f} | {base['median_s'] / q['median_s']:.0f}× "
        f"| {r['answer']['cases_with_report']:,} | {r['answer']['median_organisations']:.0f} "
        f"| {r['avoidance']['cases_with_pattern']:,} of {r['avoidance']['cases']:,} "
        f"({r['avoidance']['seconds']:.2f}) |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from bench_ingest import PACKAGES

    from benchmarks.runinfo import machine, source_state, write_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--ingested", type=int, default=3, help="of them, real ingests")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="where the cases go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated cases")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/cases.json")
    opts = parser.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.time()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    tmp = tempfile.mkdtemp(prefix="bench-cases-")
    work = opts.workdir or Path(tmp)
    try:
        work.mkdir(parents=True, exist_ok=True)
        log(f"writing {opts.cases} cases to {work} ...")
        made = make_cases(work, opts.cases, opts.ingested, opts.seed, log)
        glob = str(work / "case-*" / "derived" / "events.parquet")
        first, median, answer = timed(lambda: duckdb_query(glob), opts.repeat)
        log(f"DuckDB: {first:.2f} s cold, {median:.2f} s warm")
        b_first, b_median, expected = timed(lambda: pandas_baseline(work), opts.repeat)
        log(f"pandas case by case: {b_median:.2f} s")
        start = time.perf_counter()
        pattern = duckdb_query(glob, QUERY_AVOIDANCE).iloc[0]
        avoidance_s = time.perf_counter() - start
    finally:
        if not opts.keep:
            shutil.rmtree(tmp, ignore_errors=True)
            if opts.workdir:
                shutil.rmtree(opts.workdir, ignore_errors=True)
    result = {
        "made": made,
        "duckdb": {"first_s": first, "median_s": median},
        "pandas": {"first_s": b_first, "median_s": b_median},
        "same_answer": same_answer(answer, expected),
        "answer": {
            "cases_with_report": len(answer),
            "median_organisations": float(answer["organisations"].median()) if len(answer) else 0.0,
            "rows": answer.astype({"first_dv": str}).head(20).to_dict(orient="records"),
        },
        "avoidance": {
            "cases_with_pattern": int(pattern["cases_with_pattern"]),
            "cases": int(pattern["cases"]),
            "seconds": avoidance_s,
        },
        "query": QUERY.strip(),
    }
    if not result["same_answer"]:
        log("WARNING: DuckDB and pandas disagree")
    report = {
        "benchmark": "cases",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "duration_s": round(time.time() - started, 1),
        "machine": machine(PACKAGES)
        | {
            "load_average_at_start": load_at_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "source": source_state(),
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(opts).items()},
        "result": result,
    }
    text = markdown(result) + "\n"
    write_report(report, text, opts.out, log)
    return 0 if result["same_answer"] else 1


if __name__ == "__main__":
    sys.exit(main())
