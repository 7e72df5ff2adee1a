"""Input formats: one small registered reader class per format (see base.Reader)."""

from reconstruct.sources import delimited, excel, journal, jsonfiles  # noqa: F401  (registers)
from reconstruct.sources.base import RawTable, Reader, ReadOptions, SourceError, reader_for, readers

__all__ = ["RawTable", "ReadOptions", "Reader", "SourceError", "reader_for", "readers"]
