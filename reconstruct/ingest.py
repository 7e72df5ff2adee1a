"""Ingesting a case: every file in sources/ through its reader and profile into one table,
with a report that accounts for every row read (kept + rejected = read)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import multiprocessing
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from reconstruct.case import Case, PersonMatcher
from reconstruct.lexicon import LexiconError, load_lexicon, suggest_many
from reconstruct.mapping import SourceContext, first_event_ids, map_table
from reconstruct.merge import merge
from reconstruct.organisations import OrganisationRegistry, RegistryError
from reconstruct.parallel import WORKERS_ENV, mark_worker, worker_count
from reconstruct.profiles import ProfileError, complete_profile, load_profiles, profile_for
from reconstruct.schema import WARNING_SEPARATOR, coerce_dtypes, empty_events, validate
from reconstruct.sources import ReadOptions, SourceError, reader_for

EVENTS_FILE = "events.parquet"
LEXICON_FILE = "lexicon.yaml"
REPORT_FILE = "ingest_report.json"

log = logging.getLogger(__name__)


@dataclass
class FileReport:
    """What happened to one source file."""

    file: str
    reader: str | None = None
    profile: str | None = None
    source_key: str | None = None
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    rows_with_warnings: int = 0
    events: int = 0
    duplicates_linked: int = 0
    ok: bool = True
    error: str | None = None
    detected: dict = field(default_factory=dict)


@dataclass
class IngestResult:
    events: pd.DataFrame
    files: list[FileReport]
    rejected: pd.DataFrame  # file, sheet, row, reason
    schema_failures: pd.DataFrame
    errors: list[str] = field(default_factory=list)  # case-level problems (profiles, registry)

    @property
    def ok(self) -> bool:
        return not self.errors and all(f.ok for f in self.files) and self.schema_failures.empty

    def report_dict(self) -> dict:
        return {
            "ok": self.ok,
            "errors": self.errors,
            "files": [asdict(f) for f in self.files],
            "rejected": self.rejected.to_dict(orient="records"),
            "schema_failures": self.schema_failures.astype(str).to_dict(orient="records"),
        }


def _options(profile) -> ReadOptions:
    return profile.read if profile is not None else ReadOptions()


PARALLEL_BYTES = 8 * 2**20
"""Sources of at least this many bytes together are read in worker processes, one file at a
time each (below it, starting the workers costs more than they save)."""


@dataclass
class _FileJob:
    """Everything one source file needs to be read, mapped and read by the lexicon: plain data,
    so that a worker process can take it."""

    path: Path
    rel: str
    profiles: list
    registry: OrganisationRegistry
    matcher: PersonMatcher
    lexicon: Path | None  # the case's own lexicon file, if any
    suggest: bool  # False when the lexicon cannot be loaded (reported once, by the caller)


def ingest_case(
    case: Case, registry: OrganisationRegistry | None = None, *, workers: int | None = None
) -> IngestResult:
    """Read every source of `case` and merge them; never raises for bad input, reports it.

    Files are read, mapped and given the lexicon's suggestions each on their own, in `workers`
    processes (default: one per CPU when the sources are large, see PARALLEL_BYTES, else none;
    the environment variable RECONSTRUCT_WORKERS overrides it); the result is the same."""
    errors: list[str] = []
    try:
        registry = registry or OrganisationRegistry.load(case.organisations_file)
    except RegistryError as err:
        return _failed(str(err))
    try:
        profiles = load_profiles(case.profiles_dir)
    except ProfileError as err:
        return _failed(str(err))
    own = case.root / LEXICON_FILE
    own = own if own.exists() else None
    try:
        load_lexicon(own)
        suggest = True
    except LexiconError as err:
        errors.append(str(err))
        suggest = False
    matcher = PersonMatcher(case.persons)
    files = case.source_files()
    rels = [path.relative_to(case.sources_dir).as_posix() for path in files]
    source_order = {rel: order_no for order_no, rel in enumerate(rels)}
    jobs = [
        _FileJob(path, rel, profiles, registry, matcher, own, suggest)
        for path, rel in zip(files, rels, strict=True)
    ]
    frames, reports, rejected = [], [], []
    for report, events, file_rejected in _run(jobs, _workers(files, workers)):
        reports.append(report)
        rejected += file_rejected
        if events is not None:
            frames.append(events)
    if frames:
        # one table (Arrow string columns concatenate as chunks, without copying the text),
        # compacted again for a column that was all-missing in some file
        frames[:] = [_compact(pd.concat(frames, ignore_index=True))]
        table = merge(frames, source_order)  # empties `frames`: the table is held once
    else:
        table = empty_events()
    dup_counts = table.loc[table["duplicate_of"].notna(), "source_file"].value_counts()
    for rep in reports:
        rep.duplicates_linked = int(dup_counts.get(rep.file, 0))
    failures = validate(table)
    return IngestResult(
        events=table,
        files=reports,
        rejected=pd.DataFrame(rejected, columns=["file", "sheet", "row", "reason"], dtype=object),
        schema_failures=failures,
        errors=errors,
    )


def _workers(files: list[Path], asked: int | None) -> int:
    """How many worker processes to read `files` with (1: read them in this process): as asked
    (or $RECONSTRUCT_WORKERS), else one per CPU for sources of PARALLEL_BYTES or more; never
    more than there are files, and 1 where forking is not safe (see reconstruct.parallel)."""
    default = asked is None and not os.environ.get(WORKERS_ENV, "").strip()
    if default and sum(p.stat().st_size for p in files if p.exists()) < PARALLEL_BYTES:
        return 1
    return min(worker_count(asked), max(1, len(files)))


def _run(jobs: list[_FileJob], workers: int):
    """(report, events or None, rejected rows) per job, in the order of `jobs`; with workers,
    the largest files first, so that no big one is left for the end."""
    if workers <= 1:
        return [_ingest_file(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    def size(job: _FileJob) -> int:
        return job.path.stat().st_size if job.path.exists() else 0

    biggest_first = sorted(range(len(jobs)), key=lambda i: -size(jobs[i]))
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=mark_worker) as pool:
            futures = {i: pool.submit(_ingest_file, jobs[i]) for i in biggest_first}
            return [futures[i].result() for i in range(len(jobs))]
    except BrokenProcessPool:  # a worker died (killed, out of memory): read here instead
        log.warning("a worker process stopped; the sources are read in this process")
        return [_ingest_file(job) for job in jobs]


def _ingest_file(job: _FileJob) -> tuple[FileReport, pd.DataFrame | None, list[dict]]:
    """One source file read, mapped to events and read by the lexicon; bad input is reported
    in the FileReport (events None), never raised."""
    path, rel = job.path, job.rel
    report = FileReport(file=rel)
    try:
        profile = profile_for(path.name, job.profiles)
        reader = reader_for(path, profile.format if profile else None)
        report.reader = reader.NAME
        raw = reader.read(path, _options(profile))
        report.detected = {k: v for k, v in raw.detected.items() if v not in (None, [], {})}
        prof = complete_profile(profile, raw.columns)
        report.profile = str(prof.path.name) if prof.path else prof.name
        if not prof.columns.get("date") and not prof.columns.get("description"):
            raise ProfileError(
                f"{rel}: geen datum- of tekstkolom herkend in {', '.join(raw.columns)}; "
                f"maak een profiel (python -m reconstruct profile suggest {path})"
            )
        report.source_key = prof.source or rel
        ctx = SourceContext(rel, report.source_key, job.registry, job.matcher)
        events, kept = map_table(raw, prof, ctx)
    except (SourceError, ProfileError, OSError) as err:
        report.ok = False
        report.error = str(err)
        return report, None, []
    report.rows_kept = kept
    report.rows_rejected = len(raw.rejected)
    report.rows_read = kept + len(raw.rejected)
    report.events = len(events)
    warned = events.loc[events["warnings"].notna(), ["source_sheet", "source_row"]]
    report.rows_with_warnings = len(warned.drop_duplicates())
    rejected = [{"file": rel, "sheet": s, "row": r, "reason": why} for s, r, why in raw.rejected]
    del raw
    events["_id0"] = first_event_ids(events["_idbase"])  # hashed here, in the file's worker
    if job.suggest:
        events = _with_suggestions(events, load_lexicon(job.lexicon))
    return report, _compact(events), rejected  # Arrow strings: the object copies let go


def _with_suggestions(events: pd.DataFrame, lexicon) -> pd.DataFrame:
    """The lexicon's reading of each description in the `suggested_*` columns (the case's own
    `lexicon.yaml`, when present, extends the shipped one). Source columns are left as they are."""
    if events.empty:
        return events
    found = suggest_many(events["description"], lexicon)
    out = events.copy(deep=False)  # copy-on-write: the columns are added to this copy only
    for col in found.columns:
        out[col] = found[col]
    return out


def _compact(events: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Arrow strings (UTF-8 in one buffer, not a Python object per cell): what
    coerce_dtypes makes of them anyway, done before merging needs its copies."""
    text = [c for c in events.columns if events[c].dtype == object and c != "source_row"]
    text = [c for c in text if c not in ("severity",)]
    return events.astype({c: "str" for c in text})


def _failed(message: str) -> IngestResult:
    return IngestResult(
        empty_events(),
        [],
        pd.DataFrame(columns=["file", "sheet", "row", "reason"]),
        validate(empty_events()),
        [message],
    )


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_result(
    case: Case,
    result: IngestResult,
    *,
    db: str | None = None,
    user: str | None = None,
    received: dt.date | None = None,
) -> bool:
    """Store the report always; store the table only when every file was read, so a failed
    ingest never replaces a good table with a partial one. Returns whether the table was stored.

    The table goes into the case store (reconstruct.store: CASE/case.db, or the database URL
    `db`), where the inspector's edits stay on every event that still exists, as an import by
    `user` (default: $RECONSTRUCT_USER or the login name); and, for the commands that read a
    file, to derived/events.parquet (as ingested, without edits)."""
    report_path = case.derived_dir / REPORT_FILE

    def write_report(tmp):
        Path(tmp).write_text(
            json.dumps(result.report_dict(), ensure_ascii=False, indent=2, default=str), "utf-8"
        )

    _atomic_write(report_path, write_report)
    if not result.ok:
        return False
    from reconstruct.store import open_store, resolve_user

    # the Parquet file is written while the store imports (Arrow lets go of the GIL), and put
    # in place only once the import has succeeded
    parquet = _Pending(
        case.derived_dir / EVENTS_FILE, lambda tmp: result.events.to_parquet(tmp, index=False)
    )
    try:
        with open_store(case, db) as store:
            store.import_result(result, user=resolve_user(user), received=received)
    except BaseException:
        parquet.discard()
        raise
    parquet.commit()
    return True


class _Pending:
    """A file written to a temporary name in a thread, put in place by commit() (which raises
    what the writing raised) or thrown away by discard()."""

    def __init__(self, path: Path, write):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        os.close(fd)
        self._path, self._error = path, None
        self._thread = threading.Thread(target=self._run, args=(write,), daemon=True)
        self._thread.start()

    def _run(self, write) -> None:
        try:
            write(self._tmp)
        except BaseException as err:  # handed to commit()
            self._error = err

    def commit(self) -> None:
        self._thread.join()
        if self._error is not None:
            self.discard()
            raise self._error
        os.replace(self._tmp, self._path)

    def discard(self) -> None:
        self._thread.join()
        if os.path.exists(self._tmp):
            os.unlink(self._tmp)


def load_events(case: Case, db: str | None = None) -> pd.DataFrame:
    """The event table of a case: the effective table of its store (edits applied, deleted
    events left out) when it has one, else derived/events.parquet; empty when never ingested."""
    from reconstruct.store import has_database, open_store

    if has_database(case.root, db):
        with open_store(case, db) as store:
            if store.has_events():
                return store.events()
    path = case.derived_dir / EVENTS_FILE
    if not path.exists():
        return empty_events()
    return coerce_dtypes(pd.read_parquet(path))


def load_report(case: Case) -> dict | None:
    path = case.derived_dir / REPORT_FILE
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def _where(file: str, sheet) -> str:
    return f"{file} [{sheet}]" if isinstance(sheet, str) and sheet else file


def format_report(result: IngestResult, *, all_warnings: bool = False) -> str:
    """The ingest report as plain text for the terminal (Dutch: inspectors read it)."""
    lines = []
    for err in result.errors:
        lines.append(f"FOUT: {err}")
    head = (
        "bestand",
        "lezer",
        "gelezen",
        "bewaard",
        "afgewezen",
        "met waarsch.",
        "gebeurt.",
        "dubbel",
    )
    rows = [head]
    for f in result.files:
        rows.append(
            (
                f.file,
                f.reader or "-",
                str(f.rows_read),
                str(f.rows_kept),
                str(f.rows_rejected),
                str(f.rows_with_warnings),
                str(f.events),
                str(f.duplicates_linked),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for i, r in enumerate(rows):
        lines.append(
            "  ".join(
                c.ljust(w) if j == 0 else c.rjust(w)
                for j, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    total_read = sum(f.rows_read for f in result.files)
    total_kept = sum(f.rows_kept for f in result.files)
    total_rej = sum(f.rows_rejected for f in result.files)
    lines.append(
        f"\nTotaal: {total_read} rijen gelezen = {total_kept} bewaard + {total_rej} afgewezen; "
        f"{len(result.events)} gebeurtenissen, "
        f"{int(result.events['duplicate_of'].notna().sum())} als dubbel gekoppeld."
    )
    for f in result.files:
        if f.profile:
            lines.append(f"  {f.file}: profiel {f.profile}")
        if not f.ok:
            lines.append(f"FOUT in {f.file}: {f.error}")
    if len(result.rejected):
        lines.append("\nAfgewezen rijen:")
        for r in result.rejected.itertuples():
            lines.append(f"  {_where(r.file, r.sheet)}, rij {r.row}: {r.reason}")
    ev = result.events
    warned = ev[ev["warnings"].notna()].sort_values(["source_file", "source_sheet", "source_row"])
    if len(warned):
        lines.append(f"\nWaarschuwingen ({len(warned)} gebeurtenissen):")
        shown = warned if all_warnings else warned.head(25)
        for r in shown.itertuples():
            for w in str(r.warnings).split(WARNING_SEPARATOR):
                lines.append(f"  {_where(r.source_file, r.source_sheet)}, rij {r.source_row}: {w}")
        if len(shown) < len(warned):
            lines.append(f"  ... en {len(warned) - len(shown)} meer (--all-warnings toont alles)")
    if not result.schema_failures.empty:
        lines.append("\nSchemafouten:")
        for r in result.schema_failures.itertuples():
            lines.append(
                f"  {r.source_file}, rij {r.source_row}: kolom {r.column}: {r.check} "
                f"({r.failure_case})"
            )
    return "\n".join(lines)
