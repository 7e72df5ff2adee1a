"""The reader contract: what every input format yields, and the registry formats join by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

ROW = "_row"
SHEET = "_sheet"
WARNING = "_warning"
RESERVED = (ROW, SHEET, WARNING)


class SourceError(Exception):
    """A whole file cannot be read; the message names the file and the reason (Dutch)."""


@dataclass
class ReadOptions:
    """How to read one file; every field is optional and detected when left None."""

    encoding: str | None = None
    separator: str | None = None
    header_row: int | None = None  # 1-based, as an editor or Excel shows it
    sheets: list[str] | None = None


@dataclass
class RawTable:
    """What a reader yields: the records as written, and the rows it could not take.

    `frame` has one row per kept record: the source's own columns (values as read: text,
    numbers, datetimes, lists) plus `_row` (1-based line, record or Excel row number where the
    record starts), `_sheet` (sheet name or None) and `_warning` (reader warning or None).
    `rejected` lists (sheet, row, reason) for every record read but not kept.
    """

    frame: pd.DataFrame
    rejected: list[tuple[str | None, int, str]] = field(default_factory=list)
    detected: dict[str, object] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c not in RESERVED]


class Reader:
    """One input format. Subclasses state what they read as class constants and implement read()."""

    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]
    EXTENSIONS: ClassVar[tuple[str, ...]]

    def read(self, path: Path, options: ReadOptions) -> RawTable:
        raise NotImplementedError


_READERS: dict[str, type[Reader]] = {}


def register(cls: type[Reader]) -> type[Reader]:
    """Class decorator: make a reader available by its NAME and its file extensions."""
    for attr in ("NAME", "DESCRIPTION", "EXTENSIONS"):
        if not getattr(cls, attr, None):
            raise TypeError(f"reader {cls.__name__} must define {attr}")
    if cls.NAME in _READERS:
        raise ValueError(f"a reader named {cls.NAME!r} is already registered")
    _READERS[cls.NAME] = cls
    return cls


def readers() -> dict[str, type[Reader]]:
    """All registered readers by name."""
    return dict(_READERS)


def reader_for(path: Path, format_name: str | None = None) -> Reader:
    """Return the reader named `format_name`, or the one whose extensions match `path`."""
    if format_name:
        if format_name not in _READERS:
            known = ", ".join(sorted(_READERS))
            raise SourceError(f"{path.name}: onbekend formaat {format_name!r} (bekend: {known})")
        return _READERS[format_name]()
    suffix = path.suffix.lower()
    for cls in _READERS.values():
        if suffix in cls.EXTENSIONS:
            return cls()
    raise SourceError(f"{path.name}: geen lezer voor bestanden met extensie {suffix or '(geen)'!r}")


def records_frame(rows: list[dict], columns: list[str] | None = None) -> pd.DataFrame:
    """Build a reader frame from dicts, keeping object dtype so values stay exactly as read."""
    if columns is not None:
        columns = [c for c in columns if c not in RESERVED] + list(RESERVED)
    frame = (
        pd.DataFrame.from_records(rows, columns=columns)
        if rows
        else pd.DataFrame(columns=columns or list(RESERVED))
    )
    for col in RESERVED:
        if col not in frame:
            frame[col] = None
    return frame.astype(object)


def is_blank(value) -> bool:
    """True for None, NaN and strings of only whitespace."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return not value
    try:
        return bool(pd.isna(value))  # NaN, NaT, pd.NA
    except (TypeError, ValueError):
        return False
