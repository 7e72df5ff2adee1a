"""What every benchmark report records beside its figures (the commit, the machine), and how
the report is written out: `results/NAME.json` with everything, `NAME.md` with the tables."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def source_state() -> dict:
    """The commit measured, and whether the working tree differed from it (read-only git)."""

    def git(*args):
        try:
            done = subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    changed = git("status", "--porcelain", "--untracked-files=no")
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "modified_files": None if changed is None else len(changed.splitlines()),
    }


def machine(packages: tuple[str, ...], **extra) -> dict:
    """CPU, load, platform, Python and the versions of `packages` (None: not installed)."""
    cpu = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        **extra,
    }


def write_report(report: dict, text: str, out: Path, log) -> None:
    """`report` (with `text` as its "markdown") to `out` as JSON and `text` beside it as .md;
    the tables printed, where they went logged."""
    report["markdown"] = text
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", "utf-8")
    out.with_suffix(".md").write_text(text, "utf-8")
    print(text)
    log(f"written {out} and {out.with_suffix('.md')} in {report['duration_s']} s")
