"""Benchmark of ingest at 10^3, 10^4, 10^5 and 10^6 raw rows of synthetic source files, beside
bare pandas.read_csv of the same rows (the floor) and row-by-row dateutil (the date baseline).

.venv/bin/python benchmarks/bench_ingest.py [--sizes 1000 10000 100000 1000000] [--seed 0]
    [--out benchmarks/results/ingest.json] [--dateutil-max N] [--profile] [--workdir DIR]

Per size, `benchmarks/sources.py` writes a case folder (CSV, JSON, JSONL, XLSX, a journal; see
its docstring), and three fresh subprocesses measure, each with its own peak memory (RSS
high-water mark, `resource.getrusage(RUSAGE_SELF).ru_maxrss`; for ingest the higher of that and
the proportional set size of the process and its worker processes summed every 50 ms):

- **ingest**: what `python -m reconstruct ingest CASE` does, step by step as `reconstruct.cli`
  does it: `ingest_case` (read every file, map, merge and link duplicates, lexicon suggestions,
  schema validation), the printed report, `write_result` (ingest_report.json, the import into
  the case store CASE/case.db, derived/events.parquet) and the store summary it prints. Timed
  in-process after the imports; the process wall time (interpreter start and imports included)
  is kept beside it. rows/s = raw rows / in-process seconds.
- **read_csv**: `pandas.read_csv` (C engine, every column as text) of every CSV of the case and
  of the same rows of the other formats written once more as CSV (`sources.FLOOR_FILE`): the
  least any reader of these rows must do.
- **dates**: the date column of those rows (as text, as read) parsed by
  `reconstruct.dates.parse_dates`, and row by row by `dateutil.parser.parse(s,
  parserinfo=DutchParserInfo(), dayfirst=True)` catching every failure, as a straightforward
  implementation would (`--dateutil-max` parses only the first N rows and scales the time).

Targets (issue 7): ingest >= 100,000 rows/s at 10^6 rows and within 4x of read_csv; dates >= 20x
faster than dateutil; peak memory <= 1.5 GB at 10^6 rows. The tables mark each against them;
nothing is asserted. Writes benchmarks/results/ingest.json and ingest.md and prints the tables.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for _p in (ROOT, HERE):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from benchmarks.runinfo import machine, source_state, write_report  # noqa: E402

TARGETS = {"rows_per_s": 100_000, "vs_read_csv": 4.0, "dates_speedup": 20.0, "peak_mb": 1536}
PACKAGES = ("pandas", "numpy", "pyarrow", "pandera", "SQLAlchemy", "rapidfuzz", "openpyxl")
PACKAGES += ("python-dateutil",)
SIZES = (1_000, 10_000, 100_000, 1_000_000)


def peak_mb() -> float:
    """The high-water mark of this process's resident memory."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_SAMPLER = """
import os, select, sys
root, me, peak = int(sys.argv[1]), os.getpid(), 0
def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next((int(l.split()[1]) for l in f if l.startswith("Pss:")), 0)
    except OSError:
        return 0
def children(pid):
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out
while not select.select([sys.stdin], [], [], 0.05)[0]:
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid != me:
            pids.append(pid)
            todo += children(pid)
    peak = max(peak, sum(map(pss_kb, pids)))
print(peak / 1024, flush=True)
"""


class _TreeSampler:
    """Samples the memory of this process plus all its worker processes together every 50 ms,
    from a process of its own (a thread here would keep ingest from forking workers: see
    reconstruct.parallel). Each process counts its proportional set size (PSS): a page a forked
    worker still shares with its parent is counted once, split between them, where adding up
    resident sizes would count it in every process."""

    def __init__(self):
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _SAMPLER, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> float:
        out, _ = self._proc.communicate("stop\n", timeout=30)
        return float(out.strip() or 0)


# --- children: each runs in a fresh process and prints one JSON line -------------------------


class _Timers:
    """Wall time per stage, summed over calls; stages may nest (a stage inside another)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def wrap(self, label: str, fn):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start
                self.calls[label] = self.calls.get(label, 0) + 1

        return timed

    def patch(self, owner, name: str, label: str) -> None:
        setattr(owner, name, self.wrap(label, getattr(owner, name)))


def child_ingest(case_dir: Path, profile: Path | None, workers: int | None = None) -> dict:
    if workers == 1:  # one process through and through: no lexicon or linking workers either
        os.environ["RECONSTRUCT_WORKERS"] = "1"
    started = time.perf_counter()
    from reconstruct import cli, ingest, mapping, merge
    from reconstruct.case import load_case
    from reconstruct.sources import readers
    from reconstruct.store.imports import ImportsMixin

    imported = time.perf_counter() - started
    timers = _Timers()
    for cls in readers().values():
        timers.patch(cls, "read", f"read ({cls.NAME})")
    timers.patch(ingest, "map_table", "map")
    timers.patch(mapping, "parse_dates", "map: dates")
    timers.patch(ingest, "merge", "merge")
    timers.patch(merge, "link_duplicates", "merge: link duplicates")
    timers.patch(ingest, "suggest_many", "lexicon")
    timers.patch(ingest, "validate", "validate")
    timers.patch(ingest, "load_lexicon", "lexicon: load")
    timers.patch(ImportsMixin, "import_result", "store import")
    timers.patch(cli, "_report_store", "store summary")

    import pandas as pd

    timers.patch(pd.DataFrame, "to_parquet", "parquet")

    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    sampler = _TreeSampler()
    start = time.perf_counter()
    case = load_case(case_dir)
    used = ingest._workers(case.source_files(), workers)
    result = timers.wrap("ingest_case", ingest.ingest_case)(case, workers=workers)
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        print(timers.wrap("report text", ingest.format_report)(result))
        stored = timers.wrap("write_result", ingest.write_result)(case, result, user="benchmark")
        if stored:
            cli._report_store(case, None)
    total = time.perf_counter() - start
    tree_peak = sampler.stop()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(profile))
    files = result.files
    return {
        "seconds": total,
        "workers": used,
        "imports_s": imported,
        "stages": timers.seconds,
        "ok": result.ok,
        "stored": stored,
        "rows_read": sum(f.rows_read for f in files),
        "rows_kept": sum(f.rows_kept for f in files),
        "rows_rejected": sum(f.rows_rejected for f in files),
        "events": len(result.events),
        "duplicates": int(result.events["duplicate_of"].notna().sum()),
        "unique_descriptions": int(result.events["description"].nunique()),
        "schema_failures": len(result.schema_failures),
        "peak_mb": max(peak_mb(), tree_peak),
    }


def _read_all(case_dir: Path):
    import pandas as pd
    from sources import delimited_files

    frames = []
    for path, how in delimited_files(case_dir):
        frames.append(
            (
                how,
                pd.read_csv(
                    path,
                    sep=how["separator"],
                    encoding=how["encoding"],
                    skiprows=how["header_line"] - 1,
                    dtype=str,
                    keep_default_na=False,
                    on_bad_lines="skip",  # the rows with too many fields (ingest rejects them)
                ),
            )
        )
    return frames


def child_floor(case_dir: Path) -> dict:
    import pandas  # noqa: F401  (imported before the clock starts, as for ingest)

    start = time.perf_counter()
    frames = _read_all(case_dir)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": sum(len(f) for _, f in frames), "peak_mb": peak_mb()}


DUTCH_MONTHS = [
    ("jan", "januari"),
    ("feb", "febr", "februari"),
    ("mrt", "maa", "maart"),
    ("apr", "april"),
    ("mei",),
    ("jun", "juni"),
    ("jul", "juli"),
    ("aug", "augustus"),
    ("sep", "sept", "september"),
    ("okt", "oktober"),
    ("nov", "november"),
    ("dec", "december"),
]
DUTCH_WEEKDAYS = [
    ("ma", "maandag"),
    ("di", "dinsdag"),
    ("wo", "woensdag"),
    ("do", "donderdag"),
    ("vr", "vrijdag"),
    ("za", "zaterdag"),
    ("zo", "zondag"),
]


def dutch_parserinfo():
    """dateutil's parser taught Dutch month and weekday names (the baseline's best effort)."""
    from dateutil import parser

    class DutchParserInfo(parser.parserinfo):
        MONTHS = DUTCH_MONTHS
        WEEKDAYS = DUTCH_WEEKDAYS
        JUMP = parser.parserinfo.JUMP + ["om", "uur", "t/m", "'"]

    return DutchParserInfo(dayfirst=True)


def child_dates(case_dir: Path, dateutil_max: int | None) -> dict:
    import pandas as pd
    from dateutil import parser

    from reconstruct.dates import parse_dates

    column = pd.concat([f[how["date_column"]] for how, f in _read_all(case_dir)], ignore_index=True)
    # the vocabulary (YAML) and the grammar are loaded once per process: not part of the rate
    parse_dates(["1-1-1900"])
    info = dutch_parserinfo()
    parser.parse("1-1-1900", parserinfo=info, dayfirst=True)
    start = time.perf_counter()
    ours = parse_dates(column)
    ours_s = time.perf_counter() - start
    values = column.tolist()
    sample = values if not dateutil_max else values[:dateutil_max]
    parsed = failed = 0
    start = time.perf_counter()
    for text in sample:
        try:
            parser.parse(text, parserinfo=info, dayfirst=True)
            parsed += 1
        except (ValueError, OverflowError, TypeError, parser.ParserError):
            failed += 1
    base_s = time.perf_counter() - start
    scale = len(values) / max(1, len(sample))
    return {
        "rows": len(values),
        "unique": int(column.nunique()),
        "ours_s": ours_s,
        "ours_dated": int((ours["precision"] != "unknown").sum()),
        "precisions": ours["precision"].value_counts().to_dict(),
        "dateutil_rows": len(sample),
        "dateutil_s": base_s * scale,
        "dateutil_s_measured": base_s,
        "dateutil_parsed": parsed,
        "dateutil_failed": failed,
        "peak_mb": peak_mb(),
    }


def run_child(kind: str, case_dir: Path, extra: list[str] = ()) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(case_dir), *extra]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{kind} child failed:\n{done.stderr[-4000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["process_wall_s"] = wall
    return out


# --- the parent ------------------------------------------------------------------------------


def formats(manifest: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, entry in manifest["files"].items():
        ext = name.rsplit(".", 1)[-1]
        out[ext] = out.get(ext, 0) + entry["rows"]
    return out


def profile_table(path: Path, top: int = 15) -> list[dict]:
    import pstats

    stats = pstats.Stats(str(path))
    rows = []
    for (file, line, fn), (_, calls, own, cum, _) in stats.stats.items():
        if "/reconstruct/" not in file:
            continue
        short = file[file.index("/reconstruct/") + 1 :]
        rows.append(
            {"function": f"{short}:{line}({fn})", "calls": calls, "own_s": own, "cum_s": cum}
        )
    rows.sort(key=lambda r: -r["cum_s"])
    return rows[:top]


def bench_size(n: int, work: Path, opts, log) -> dict:
    from sources import write_source_case

    case_dir = work / f"case-{n}"
    if case_dir.exists():
        shutil.rmtree(case_dir)
    start = time.perf_counter()
    manifest = write_source_case(case_dir, n, opts.seed)
    generated = time.perf_counter() - start
    size_mb = sum(p.stat().st_size for p in (case_dir / "sources").iterdir()) / 2**20
    log(f"{n:>9,} rows: case written in {generated:.1f} s ({size_mb:.1f} MB); ingest...")
    out = {"rows": n, "formats": formats(manifest), "sources_mb": size_mb, "generate_s": generated}
    out["ingest"] = run_child("ingest", case_dir)
    log(f"{'':>9}  ingest {out['ingest']['seconds']:.2f} s ({out['ingest']['workers']} proc.)")
    if out["ingest"]["workers"] > 1:  # stage times are measured in one process only
        _fresh(case_dir)
        out["ingest_serial"] = run_child("ingest", case_dir, ["--workers", "1"])
        log(f"{'':>9}  ingest in one process {out['ingest_serial']['seconds']:.2f} s")
    log(f"{'':>9}  read_csv...")
    out["read_csv"] = run_child("floor", case_dir)
    log(f"{'':>9}  read_csv {out['read_csv']['seconds']:.2f} s; dates...")
    extra = ["--dateutil-max", str(opts.dateutil_max)] if opts.dateutil_max else []
    out["dates"] = run_child("dates", case_dir, extra)
    d = out["dates"]
    log(f"{'':>9}  dates {d['ours_s']:.2f} s, dateutil {d['dateutil_s']:.1f} s")
    if opts.profile and n == max(opts.sizes):
        prof = work / f"ingest-{n}.prof"
        _fresh(case_dir)  # a first import again, in one process (the profiler sees no other)
        run_child("ingest", case_dir, ["--profile-to", str(prof), "--workers", "1"])
        out["profile"] = profile_table(prof)
    if not opts.keep:
        shutil.rmtree(case_dir, ignore_errors=True)
    return out


def _fresh(case_dir: Path) -> None:
    """The case as before its first ingest: no store, no derived files."""
    shutil.rmtree(case_dir / "derived", ignore_errors=True)
    for db in case_dir.glob("case.db*"):
        db.unlink()


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def markdown(results: list[dict]) -> str:
    head = [
        "raw rows",
        "rows by format",
        "ingest s",
        "proc.",
        "rows/s",
        "read_csv s",
        "ingest / read_csv",
        "peak MB ingest (read_csv)",
        "events (dup. linked)",
        "rejected",
        "parse_dates s",
        "dateutil s",
        "dates speed-up",
        "process wall s",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        ing, floor, d = r["ingest"], r["read_csv"], r["dates"]
        rate = r["rows"] / ing["seconds"]
        ratio = ing["seconds"] / floor["seconds"]
        speedup = d["dateutil_s"] / d["ours_s"]
        big = r["rows"] >= 1_000_000
        fmt = ", ".join(f"{k} {v:,}" for k, v in sorted(r["formats"].items(), key=lambda x: -x[1]))
        cells = [
            f"{r['rows']:,}",
            fmt,
            f"{ing['seconds']:.2f}",
            str(ing.get("workers", 1)),
            f"{rate:,.0f}" + (f" {_mark(rate >= TARGETS['rows_per_s'])}" if big else ""),
            f"{floor['seconds']:.2f}",
            f"{ratio:.1f}×" + (f" {_mark(ratio <= TARGETS['vs_read_csv'])}" if big else ""),
            f"{ing['peak_mb']:,.0f}"
            + (f" {_mark(ing['peak_mb'] <= TARGETS['peak_mb'])}" if big else "")
            + f" ({floor['peak_mb']:,.0f})",
            f"{ing['events']:,} ({ing['duplicates']:,})",
            f"{ing['rows_rejected']:,}",
            f"{d['ours_s']:.3f}",
            f"{d['dateutil_s']:.1f}" + ("*" if d["dateutil_rows"] < d["rows"] else ""),
            f"{speedup:,.0f}× {_mark(speedup >= TARGETS['dates_speedup'])}",
            f"{ing['process_wall_s']:.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


STAGE_ORDER = (
    "ingest_case",
    "read (csv)",
    "read (xlsx)",
    "read (json)",
    "read (jsonl)",
    "read (journal)",
    "map",
    "map: dates",
    "merge",
    "merge: link duplicates",
    "lexicon",
    "lexicon: load",
    "validate",
    "report text",
    "write_result",
    "store import",
    "parquet",
    "store summary",
)


def markdown_stages(results: list[dict]) -> str:
    """Seconds per stage, from a run in one process (worker processes' stages are not timed):
    the serial run where the headline run used workers."""
    runs = [r.get("ingest_serial", r["ingest"]) for r in results]
    head = ["stage, s (one process)"] + [f"{r['rows']:,}" for r in results]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for stage in STAGE_ORDER:
        cells = [f"{run['stages'].get(stage, 0.0):.2f}" for run in runs]
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    lines.append(
        "| **total (in-process)** | "
        + " | ".join(f"**{run['seconds']:.2f}**" for run in runs)
        + " |"
    )
    lines.append("| peak MB | " + " | ".join(f"{run['peak_mb']:,.0f}" for run in runs) + " |")
    lines.append(
        "| imports (before the clock) | "
        + " | ".join(f"{run['imports_s']:.2f}" for run in runs)
        + " |"
    )
    return "\n".join(lines)


def markdown_profile(rows: list[dict], n: int) -> str:
    lines = [
        f"cProfile of the whole ingest at {n:,} rows (under the profiler, so slower), top "
        "functions in reconstruct/ by cumulative time:",
        "",
        "| function | calls | cumulative s | own s |",
        "|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['function']}` | {r['calls']:,} | {r['cum_s']:.2f} | {r['own_s']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/ingest.json")
    parser.add_argument("--dateutil-max", type=int, default=0, help="0: the whole column")
    parser.add_argument("--profile", action="store_true", help="cProfile at the largest size")
    parser.add_argument("--workdir", type=Path, help="where the cases go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated cases")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "CASE"), help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.child:
        kind, case = opts.child[0], Path(opts.child[1])
        if kind == "ingest":
            out = child_ingest(case, opts.profile_to, opts.workers)
        elif kind == "floor":
            out = child_floor(case)
        else:
            out = child_dates(case, opts.dateutil_max or None)
        print(json.dumps(out))
        return 0
    opts.sizes = sorted(set(opts.sizes))

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.time()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = opts.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = [bench_size(n, work, opts, log) for n in opts.sizes]
    report = {
        "benchmark": "ingest",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "duration_s": round(time.time() - started, 1),
        "targets": TARGETS,
        "machine": machine(PACKAGES)
        | {
            "load_average_at_start": load_at_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "source": source_state(),
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(opts).items()},
        "results": results,
    }
    text = markdown(results) + "\n\n" + markdown_stages(results) + "\n"
    profiled = [r for r in results if "profile" in r]
    if profiled:
        text += "\n" + markdown_profile(profiled[-1]["profile"], profiled[-1]["rows"]) + "\n"
    write_report(report, text, opts.out, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
