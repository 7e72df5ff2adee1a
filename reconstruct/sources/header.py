"""Finding the header row under title rows, and recognising common Dutch and English headers."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

import yaml


def normalise_header(text: object) -> str:
    """'Cliënt_Naam ' -> 'client naam': casefolded, accents and punctuation gone."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^0-9a-z]+", " ", s.casefold())
    return " ".join(s.split())


@cache
def header_synonyms() -> dict[str, tuple[str, ...]]:
    """Canonical field -> recognised normalised headers, from resources/headers.yaml."""
    raw = yaml.safe_load(
        resources.files("reconstruct.resources").joinpath("headers.yaml").read_text("utf-8")
    )
    return {field: tuple(normalise_header(h) for h in names) for field, names in raw.items()}


def field_for_header(header: str) -> str | None:
    """The canonical field a header is recognised as, or None."""
    norm = normalise_header(header)
    for field, names in header_synonyms().items():
        if norm in names:
            return field
    return None


def _is_texty(value: str) -> bool:
    v = value.strip()
    return bool(v) and not re.fullmatch(r"[-+]?[\d.,:/\s-]+", v)


def find_header_row(rows: list[list], explicit: int | None = None) -> int | None:
    """Index (0-based) of the header among the first rows, or the explicit 1-based header_row.

    The header is the row with the most recognised header names; without any, the first row of
    at least two cells, all text, as wide as the widest such row. Title rows above it
    ("Rapport kindergeneeskunde", an export date) have one cell and are passed over.
    """
    if explicit is not None:
        idx = explicit - 1
        return idx if 0 <= idx < len(rows) else None
    best_idx, best_key = None, (0, 0)
    candidates = []
    for i, row in enumerate(rows):
        cells = ["" if c is None else str(c) for c in row]
        filled = [c for c in cells if c.strip()]
        if len(filled) < 2 or not all(_is_texty(c) for c in filled):
            continue
        known = sum(1 for c in filled if field_for_header(c))
        candidates.append((i, len(filled)))
        if (known, 0) > best_key:
            best_idx, best_key = i, (known, 0)
    if best_idx is not None:
        return best_idx
    if not candidates:
        return None
    widest = max(n for _, n in candidates)
    return next(i for i, n in candidates if n == widest)


def unique_headers(header: list) -> list[str]:
    """Header cells as column names: blanks become 'kolom N', repeats get ' (2)'."""
    seen: dict[str, int] = {}
    out = []
    for i, cell in enumerate(header, start=1):
        name = str(cell).strip() if cell is not None and str(cell).strip() else f"kolom {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out
