"""Importing checked uploads atomically, with progress for a page to poll.

    progress = Progress()
    outcome = import_uploads(case, store, [checked], user="inspecteur", progress=progress)

The uploads are put into sources/ (a wizard's new profile into profiles/), the whole case is
read again (reconstruct.ingest) and the store's source events are replaced in one transaction
(reconstruct.store: edits, annotations and tags stay on every event that still exists). When
any step fails -- a file that cannot be read, a schema failure, the store refusing -- every
file written is put back as it was and the store is untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import yaml

from reconstruct.case import Case
from reconstruct.ingest import EVENTS_FILE, REPORT_FILE, ingest_case
from reconstruct.profiles import ProfileError, parse_profile
from reconstruct.upload import (
    READY,
    REFUSED,
    Upload,
    UploadError,
    discard,
    inspect_upload,
    staged_path,
)

_IMPORT_LOCK = threading.Lock()


@dataclass
class Progress:
    """How far a background import is; written by the worker, read by the page (thread-safe)."""

    step: str = "wachten"
    file_no: int = 0
    files: int = 0
    rows: int = 0
    fraction: float = 0.0
    done: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def update(self, **changes) -> None:
        with self._lock:
            for key, value in changes.items():
                setattr(self, key, value)

    def snapshot(self) -> dict:
        with self._lock:
            return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "_lock"}


@dataclass
class ImportOutcome:
    """What an import did: per uploaded file its rows and events (new, kept, gone), the rows
    it rejected, and the events with the inspector's work that vanished."""

    ok: bool
    message: str
    files: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0
    vanished: list[dict] = field(default_factory=list)


def _inside(folder: Path, name: str | None) -> bool:
    """Whether `name` is a plain path under `folder` (no '..', not hidden, not absolute)."""
    if not name or Path(name).is_absolute():
        return False
    parts = Path(name).parts
    return all(p not in ("..", "") and not p.startswith(".") for p in parts) and (
        (folder / name).resolve().is_relative_to(folder.resolve())
    )


def _put(dst: Path, content: bytes | Path, undo: list) -> None:
    """Write `content` (bytes, or a file to copy) to `dst` atomically (a hidden temporary file
    beside it, then a rename), remembering how to put back what was there."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if dst.exists():
        backup = _temp(dst.parent, ".vorige-")
        shutil.copy2(dst, backup)
    tmp = _temp(dst.parent, ".nieuw-")
    try:
        if isinstance(content, Path):
            shutil.copyfile(content, tmp)
        else:
            tmp.write_bytes(content)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    undo.append((dst, backup))


def _temp(folder: Path, prefix: str) -> Path:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix)
    os.close(fd)
    return Path(tmp)


def _rollback(undo: list) -> None:
    for dst, backup in reversed(undo):
        if backup is not None:
            os.replace(backup, dst)
        elif dst.exists():
            dst.unlink()


def _with_match(path: Path, target: str) -> str:
    """The profile's YAML with `target` added to `match` (its leading comments kept)."""
    text = path.read_text("utf-8")
    data = yaml.safe_load(text)
    match = data.get("match") or []
    data["match"] = [*([match] if isinstance(match, str) else match), Path(target).name]
    comments = "".join(line for line in text.splitlines(True) if line.startswith("#"))
    return comments + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def import_uploads(
    case: Case,
    store,
    uploads: list[Upload],
    *,
    user: str,
    new_profiles: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import checked uploads (status ready) in one go: move them into sources/ (with the
    wizard's `new_profiles`, file name -> YAML, into profiles/), re-read the case and replace
    the store's source events by `user`. All or nothing: on any failure sources/, profiles/
    and the store are as before, and the message says why."""
    progress = progress or Progress()
    new_profiles = new_profiles or {}
    uploads = [u for u in uploads if u.status == READY]
    if not uploads:
        return ImportOutcome(False, "Er is niets om in te lezen.")
    bad = [u.target for u in uploads if not _inside(case.sources_dir, u.target)]
    bad += [n for n in new_profiles if not _inside(case.profiles_dir, n)]
    if bad:
        return ImportOutcome(False, f"Niets ingelezen: ongeldige bestandsnaam {', '.join(bad)}")
    try:  # a profile that cannot be used stops the import before anything moves
        for name, text in new_profiles.items():
            parse_profile(yaml.safe_load(text), name)
    except (ProfileError, yaml.YAMLError) as err:
        return ImportOutcome(False, f"Niets ingelezen: {err}")
    with _IMPORT_LOCK:
        undo: list = []
        derived = case.derived_dir
        report = parquet = None
        try:
            n = len(uploads)
            progress.update(step="Bestanden klaarzetten", fraction=0.35)
            before = _ids_by_file(store, [u.target for u in uploads])
            for name, text in new_profiles.items():
                _put(case.profiles_dir / name, text.encode("utf-8"), undo)
            for up in uploads:
                if up.add_match and up.profile:
                    prof = case.profiles_dir / up.profile
                    _put(prof, _with_match(prof, up.target).encode("utf-8"), undo)
            for k, up in enumerate(uploads, start=1):
                progress.update(file_no=k, step=f"Bestand {k} van {n} plaatsen: {up.target}")
                _put(case.sources_dir / up.target, staged_path(case, up.token), undo)
            count = len(case.source_files())
            progress.update(
                step=f"Alle {count} bronnen van de casus opnieuw inlezen", fraction=0.45
            )
            result = ingest_case(case)
            progress.update(step="De gebeurtenissen controleren", fraction=0.75)
            problem = _problem(result, {u.target for u in uploads})
            if problem:
                raise UploadError(problem)
            derived.mkdir(parents=True, exist_ok=True)
            report, parquet = _temp(derived, ".nieuw-"), _temp(derived, ".nieuw-")
            text = json.dumps(result.report_dict(), ensure_ascii=False, indent=2, default=str)
            report.write_text(text, "utf-8")
            result.events.to_parquet(parquet, index=False)
            progress.update(step="Opslaan in de casusdatabase", fraction=0.85)
            summary = store.import_result(result, user=user)
        except Exception as err:
            _rollback(undo)
            for tmp in (report, parquet):
                if tmp is not None:
                    tmp.unlink(missing_ok=True)
            message = str(err) if isinstance(err, UploadError | ProfileError) else _plain(err)
            progress.update(step="Niet ingelezen", fraction=1.0)
            return ImportOutcome(False, f"Niets ingelezen of veranderd: {message}")
        # The store holds the import now; derived/ follows it (two renames, nothing to fail).
        os.replace(report, derived / REPORT_FILE)
        os.replace(parquet, derived / EVENTS_FILE)
        for _dst, backup in undo:
            if backup is not None:
                backup.unlink(missing_ok=True)
        for up in uploads:
            discard(case, up.token)
    outcome = _outcome(result, summary, uploads, before)
    progress.update(step="Klaar", fraction=1.0)
    return outcome


def _plain(err: Exception) -> str:
    # Store errors are written for the inspector already; anything else is named plainly.
    from reconstruct.store import StoreError

    return str(err) if isinstance(err, StoreError) else f"{type(err).__name__}: {err}"


def _ids_by_file(store, files: list[str]) -> dict[str, set[str]]:
    if not store.has_events():
        return {f: set() for f in files}
    events = store.events(include_deleted=True)
    return {f: set(events.loc[events["source_file"] == f, "event_id"]) for f in files}


def _problem(result, uploaded: set[str]) -> str | None:
    """Why this ingest must not be stored (Dutch), or None."""
    for f in result.files:
        if not f.ok:
            which = "" if f.file in uploaded else " (een bestand dat er al stond)"
            return f"{f.file}{which}: {f.error}"
    if result.errors:
        return "; ".join(result.errors)
    if not result.schema_failures.empty:
        r = result.schema_failures.iloc[0]
        return (
            f"{r['source_file']}, rij {r['source_row']}: kolom {r['column']} voldoet niet "
            f"({r['check']}); {len(result.schema_failures)} schemafout(en)"
        )
    return None


def _outcome(result, summary, uploads: list[Upload], before: dict) -> ImportOutcome:
    reports = {f.file: f for f in result.files}
    files, rejected = [], []
    for up in uploads:
        rep = reports[up.target]
        now = set(result.events.loc[result.events["source_file"] == up.target, "event_id"])
        old = before.get(up.target, set())
        files.append(
            {
                "file": up.target,
                "name": up.name,
                "replaces": up.replaces,
                "profile": rep.profile,
                "rows_read": rep.rows_read,
                "rows_rejected": rep.rows_rejected,
                "rows_with_warnings": rep.rows_with_warnings,
                "events": rep.events,
                "new": len(now - old),
                "kept": len(now & old),
                "gone": len(old - now),
            }
        )
    names = {u.target for u in uploads}
    for r in result.rejected.to_dict(orient="records"):
        if r["file"] in names:
            rejected.append(r)
    new = sum(f["new"] for f in files)
    message = (
        f"{len(files)} bestand(en) ingelezen: {sum(f['rows_read'] for f in files)} rijen, "
        f"{new} nieuwe gebeurtenissen, {sum(f['kept'] for f in files)} behouden, "
        f"{sum(f['gone'] for f in files)} verdwenen uit de bron."
    )
    return ImportOutcome(
        True,
        message,
        files,
        rejected,
        summary.added,
        summary.changed,
        summary.removed,
        summary.vanished,
    )


# --------------------------------------------------------------------------- background jobs


def upload_work(
    case: Case,
    store,
    files: list[tuple[str, bytes]],
    *,
    user: str,
    replace: bool = True,
    refused: list[Upload] | None = None,
    planned: list[Upload] | None = None,
    new_profiles: dict[str, str] | None = None,
):
    """The work of one upload, for start_job: check every file (file k of n, rows read), then
    import those ready (and the wizard's `planned` ones with `new_profiles`) in one go. Its
    result: {"uploads": [Upload as dict], "outcome": ImportOutcome as dict or None}."""

    def work(progress: Progress) -> dict:
        uploads = list(refused or [])
        claimed = {u.target for u in planned or [] if u.target}
        n = len(files)
        progress.update(files=n)
        for k, (name, data) in enumerate(files, start=1):
            progress.update(step=f"Bestand {k} van {n} controleren: {name}", file_no=k)
            up = inspect_upload(case, name, data, replace=replace, claimed=claimed)
            if up.target and up.status == READY:
                claimed.add(up.target)
            uploads.append(up)
            progress.update(rows=progress.rows + up.rows + up.rejected, fraction=0.3 * k / n)
        uploads += planned or []
        ready = [u for u in uploads if u.status == READY]
        outcome = None
        if ready:
            outcome = import_uploads(
                case, store, ready, user=user, new_profiles=new_profiles, progress=progress
            )
        else:
            progress.update(step=f"Klaar: {len(uploads)} bestand(en) bekeken, niets ingelezen")
        return {
            "uploads": [u.to_dict() for u in uploads],
            "outcome": asdict(outcome) if outcome is not None else None,
        }

    return work


def refused_upload(name: str, message: str, size: int = 0) -> Upload:
    """An upload refused before its content was even decoded (too large, incomplete)."""
    return Upload(name=name, safe_name=name, size=size, status=REFUSED, message=message)


@dataclass
class Job:
    progress: Progress
    result: dict | None = None
    started: float = field(default_factory=time.time)


_JOBS: dict[str, Job] = {}
_KEEP_JOBS = 20


def start_job(work) -> str:
    """Run `work(progress) -> dict` in a background thread; returns the job's id for polling
    with job_status. An exception in `work` ends the job with its message as `error`."""
    job_id = uuid.uuid4().hex
    job = Job(Progress(step="Bestanden ontvangen"))
    for old in sorted(_JOBS, key=lambda k: _JOBS[k].started)[:-_KEEP_JOBS]:
        if _JOBS[old].progress.done:
            del _JOBS[old]
    _JOBS[job_id] = job

    def run():
        try:
            job.result = work(job.progress)
        except Exception as err:  # reported on the page, never lost in a thread
            job.result = {"error": f"{type(err).__name__}: {err}"}
        finally:
            job.progress.update(done=True, fraction=1.0)

    threading.Thread(target=run, name=f"upload-{job_id[:8]}", daemon=True).start()
    return job_id


def job_status(job_id: str | None) -> dict | None:
    """{'progress': {...}, 'result': dict or None} of a job, or None when unknown."""
    job = _JOBS.get(job_id or "")
    if job is None:
        return None
    progress = job.progress.snapshot()
    return {"progress": progress, "result": job.result if progress["done"] else None}


def wait(job_id: str, timeout: float = 60) -> dict | None:
    """Block until a job is done (for tests and scripts); its status."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        status = job_status(job_id)
        if status is None or status["progress"]["done"]:
            return status
        time.sleep(0.05)
    return job_status(job_id)
